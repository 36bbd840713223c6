package dev.opskit.ecs.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;

/**
 * A loopback proxy in front of a real registry that records every exchange and lets a test act just
 * before a request is forwarded (rotate the registry's password at the Nth {@code PATCH}, so the
 * real registry refuses it). {@code Location} headers are rewritten to point at the proxy.
 */
final class RegistryProxy implements AutoCloseable {
  /** A request as forwarded, and the registry's status. */
  record Exchange(String method, String uri, long requestBytes, int status) {}

  /** A request about to be forwarded. */
  record Request(String method, String uri) {
    boolean isBlobCommit() {
      return method.equals("PUT") && uri.contains("/blobs/uploads/");
    }

    boolean isManifestPut() {
      return method.equals("PUT") && uri.contains("/manifests/");
    }

    boolean isUploadStart() {
      return method.equals("POST") && uri.contains("/blobs/uploads/");
    }
  }

  private static final Set<String> HOP =
      Set.of("host", "content-length", "transfer-encoding", "connection", "expect");

  final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final URI upstream;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final CloseableHttpClient http =
      HttpClients.custom()
          .disableRedirectHandling()
          .disableAutomaticRetries()
          .disableContentCompression()
          .build();

  RegistryProxy(URI upstream, Consumer<Request> beforeForwarding) {
    this.upstream = upstream;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String method = exchange.getRequestMethod();
            String uri = exchange.getRequestURI().toString();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
              body = in.readAllBytes();
            }
            beforeForwarding.accept(new Request(method, uri));
            forward(exchange, method, uri, body);
          }
        });
    server.start();
  }

  private void forward(HttpExchange exchange, String method, String uri, byte[] body)
      throws IOException {
    ClassicRequestBuilder b = ClassicRequestBuilder.create(method).setUri(upstream.resolve(uri));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.addHeader(name, v));
              }
            });
    if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("DELETE")) {
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      b.setEntity(
          new ByteArrayEntity(
              body, type == null ? null : org.apache.hc.core5.http.ContentType.parse(type)));
    }
    http.execute(
        b.build(),
        (ClassicHttpResponse response) -> {
          byte[] answer =
              response.getEntity() == null
                  ? new byte[0]
                  : response.getEntity().getContent().readAllBytes();
          for (Header h : response.getHeaders()) {
            String name = h.getName().toLowerCase(Locale.ROOT);
            if (HOP.contains(name)) {
              continue;
            }
            String value = h.getValue();
            if (name.equals("location")) {
              value = value.replace(upstream.toString(), endpoint().toString());
            }
            exchange.getResponseHeaders().add(h.getName(), value);
          }
          exchanges.add(new Exchange(method, uri, body.length, response.getCode()));
          boolean empty = method.equals("HEAD") || answer.length == 0;
          exchange.sendResponseHeaders(response.getCode(), empty ? -1 : answer.length);
          if (!empty) {
            exchange.getResponseBody().write(answer);
          }
          return null;
        });
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  URI endpoint() {
    return URI.create("http://" + host());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    http.close(CloseMode.IMMEDIATE);
  }
}
