package dev.opskit.ecs.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A loopback registry whose answers a test scripts, for what the CNCF registry cannot show: ECR's
 * NAME_UNKNOWN and TAG_INVALID, its text/plain 401, Bearer token services.
 */
final class ScriptedRegistry implements AutoCloseable {
  record Request(String method, String uri, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  record Response(int status, Map<String, String> headers, String body) {
    static Response of(int status, String body, String... headerPairs) {
      Map<String, String> h = new java.util.LinkedHashMap<>();
      for (int i = 0; i < headerPairs.length; i += 2) {
        h.put(headerPairs[i], headerPairs[i + 1]);
      }
      return new Response(status, h, body);
    }
  }

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  ScriptedRegistry(Function<Request, Response> script) {
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
            Request r =
                new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes());
            requests.add(r);
            answer(exchange, script.apply(r));
          }
        });
    server.start();
  }

  private static void answer(HttpExchange exchange, Response response) throws IOException {
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(response.status(), head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  java.net.URI endpoint() {
    return java.net.URI.create("http://" + host());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
