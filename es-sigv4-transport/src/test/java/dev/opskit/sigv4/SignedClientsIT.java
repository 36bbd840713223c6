package dev.opskit.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import dev.opskit.sigv4.elasticsearch.SignedRest5Client;
import dev.opskit.sigv4.opensearch.SignedOpenSearch;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.entity.GzipCompressingEntity;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensearch.client.RestClient;
import software.amazon.awssdk.regions.Region;

/**
 * End to end: a real OpenSearch node on loopback behind the verifying server, reached through the
 * OpenSearch low-level RestClient, Elastic's Rest5Client (both async) and a plain classic
 * HttpClient, each with and without gzip request compression, with session credentials that rotate
 * on every request. The OpenSearch Java client has its own test, {@link OpenSearchJavaClientIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedClientsIT {
  static final DefaultHttpRequestRetryStrategy RETRY_ALL =
      new DefaultHttpRequestRetryStrategy(2, TimeValue.ZERO_MILLISECONDS, List.of(), List.of()) {};

  private SignedNode fixture;
  private LocalOpenSearch node;
  private VerifyingServer proxy;
  private AwsSigV4Signer signer;

  /** A low-level client: method, encoded path, parameters, body, gzip. */
  interface Raw extends AutoCloseable {
    Result send(String method, String path, Map<String, String> params, String body)
        throws IOException;

    @Override
    void close() throws IOException;
  }

  record Result(int status, String body) {}

  @BeforeAll
  void start() throws IOException {
    fixture = SignedNode.start(Region.EU_WEST_1, "IT", 4);
    node = fixture.node;
    proxy = fixture.proxy;
    signer = fixture.signer;
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void clear() {
    proxy.clear();
  }

  static List<Arguments> clients() {
    List<Arguments> all = new ArrayList<>();
    for (String client : List.of("opensearch-rest-client", "rest5-client", "classic")) {
      for (boolean gzip : List.of(false, true)) {
        all.add(Arguments.argumentSet(client + (gzip ? " gzip" : ""), client, gzip));
      }
    }
    return all;
  }

  @ParameterizedTest
  @MethodSource("clients")
  void indexesBulkLoadsSearchesScrollsAndDeletesThroughTheVerifyingProxy(
      String client, boolean gzip) throws Exception {
    String index = "logs+é%(x)~-" + client.replace("-", "") + (gzip ? "-gz" : "");
    String path = "/" + enc(index);
    try (Raw raw = open(client, gzip)) {
      proxy.dropNext(1);
      assertThat(raw.send("GET", "/", Map.of(), null).status()).isEqualTo(200);
      assertThat(proxy.recorded().get(0).reason()).isEqualTo("dropped");

      assertThat(raw.send("PUT", path, Map.of(), "{\"settings\":{\"number_of_replicas\":0}}"))
          .extracting(Result::status)
          .isEqualTo(200);

      StringBuilder bulk = new StringBuilder();
      int docs = 12_000;
      for (int i = 0; i < docs; i++) {
        bulk.append("{\"index\":{\"_id\":\"")
            .append(i)
            .append("\"}}\n{\"kind\":\"")
            .append(i % 2 == 0 ? "even" : "odd")
            .append("\",\"n\":")
            .append(i)
            .append(",\"text\":\"")
            .append("lorem ipsum dolor sit amet ".repeat(8))
            .append("ü\"}\n");
      }
      assertThat(bulk.length()).isGreaterThan(3_000_000);
      Result bulked = raw.send("POST", path + "/_bulk", Map.of("refresh", "true"), bulk.toString());
      assertThat(bulked.status()).isEqualTo(200);
      assertThat(bulked.body()).contains("\"errors\":false");
      VerifyingServer.Recorded bulkOnWire = proxy.last();
      assertThat(bulkOnWire.verified()).isTrue();
      if (gzip) {
        assertThat(bulkOnWire.header("content-encoding")).isEqualTo("gzip");
        assertThat(bulkOnWire.body().length).isLessThan(bulk.length() / 4);
      } else {
        assertThat(bulkOnWire.body().length)
            .isEqualTo(bulk.toString().getBytes(StandardCharsets.UTF_8).length);
      }

      Result search =
          raw.send(
              "GET",
              path + "," + enc("nothing-*") + "/_search",
              Map.of("ignore_unavailable", "true", "q", "kind:even AND n:[0 TO 99]"),
              "{\"size\":0,\"track_total_hits\":true}");
      assertThat(search.status()).isEqualTo(200);
      assertThat(search.body()).contains("\"total\":{\"value\":50,");

      Result first =
          raw.send(
              "POST",
              path + "/_search",
              Map.of("scroll", "1m"),
              "{\"size\":5000,\"query\":{\"term\":{\"kind\":\"odd\"}}}");
      String scrollId = field(first.body(), "_scroll_id");
      Result next =
          raw.send(
              "POST",
              "/_search/scroll",
              Map.of(),
              "{\"scroll\":\"1m\",\"scroll_id\":\"" + scrollId + "\"}");
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.body()).contains("\"hits\":[{");
      assertThat(
              raw.send(
                      "DELETE",
                      "/_search/scroll",
                      Map.of(),
                      "{\"scroll_id\":[\"" + field(next.body(), "_scroll_id") + "\"]}")
                  .status())
          .isEqualTo(200);

      String id = enc("a/b c?d&e=+ü");
      assertThat(
              raw.send("PUT", path + "/_doc/" + id, Map.of("refresh", "true"), "{\"kind\":\"x\"}")
                  .status())
          .isEqualTo(201);
      assertThat(raw.send("GET", path + "/_doc/" + id, Map.of(), null).body())
          .contains("\"found\":true");

      Result deleted =
          raw.send(
              "POST",
              path + "/_delete_by_query",
              Map.of("refresh", "true"),
              "{\"query\":{\"term\":{\"kind\":\"odd\"}}}");
      assertThat(deleted.body()).contains("\"deleted\":6000");
      assertThat(raw.send("HEAD", path, Map.of(), null).status()).isEqualTo(200);
      assertThat(raw.send("DELETE", path, Map.of(), null).status()).isEqualTo(200);
    }
    List<VerifyingServer.Recorded> wire = proxy.recorded();
    assertThat(wire.subList(1, wire.size())).allMatch(VerifyingServer.Recorded::verified);
    assertThat(wire.stream().map(r -> r.header("x-amz-security-token")).distinct().count())
        .isGreaterThan(1);
  }

  private Raw open(String client, boolean gzip) {
    URI endpoint = proxy.uri();
    switch (client) {
      case "opensearch-rest-client":
        {
          // RestClient turns HttpClient retries off; it retries on the next node instead, so it
          // gets the proxy twice, by address and by name.
          URI byName = URI.create("http://localhost:" + endpoint.getPort());
          RestClient rest =
              SignedOpenSearch.restClientBuilder(List.of(endpoint, byName), signer)
                  .setCompressionEnabled(gzip)
                  .build();
          return new Raw() {
            @Override
            public Result send(String method, String path, Map<String, String> params, String body)
                throws IOException {
              org.opensearch.client.Request r = new org.opensearch.client.Request(method, path);
              r.addParameters(params);
              if (body != null) {
                r.setJsonEntity(body);
              }
              org.opensearch.client.Response response;
              try {
                response = rest.performRequest(r);
              } catch (org.opensearch.client.ResponseException e) {
                response = e.getResponse();
              }
              HttpEntity entity = response.getEntity();
              try {
                return new Result(
                    response.getStatusLine().getStatusCode(),
                    entity == null ? "" : EntityUtils.toString(entity));
              } catch (org.apache.hc.core5.http.ParseException e) {
                throw new IOException(e);
              }
            }

            @Override
            public void close() throws IOException {
              rest.close();
            }
          };
        }
      case "rest5-client":
        {
          Rest5Client rest =
              SignedRest5Client.builder(endpoint, signer)
                  .setCompressionEnabled(gzip)
                  .setHttpClientConfigCallback(b -> signer.register(b).setRetryStrategy(RETRY_ALL))
                  .build();
          return new Raw() {
            @Override
            public Result send(String method, String path, Map<String, String> params, String body)
                throws IOException {
              co.elastic.clients.transport.rest5_client.low_level.Request r =
                  new co.elastic.clients.transport.rest5_client.low_level.Request(method, path);
              r.addParameters(params);
              if (body != null) {
                r.setJsonEntity(body);
              }
              co.elastic.clients.transport.rest5_client.low_level.Response response;
              try {
                response = rest.performRequest(r);
              } catch (co.elastic.clients.transport.rest5_client.low_level.ResponseException e) {
                response = e.getResponse();
              }
              HttpEntity entity = response.getEntity();
              try {
                return new Result(
                    response.getStatusCode(), entity == null ? "" : EntityUtils.toString(entity));
              } catch (org.apache.hc.core5.http.ParseException e) {
                throw new IOException(e);
              }
            }

            @Override
            public void close() throws IOException {
              rest.close();
            }
          };
        }
      default:
        {
          CloseableHttpClient http =
              signer.classicClientBuilder().setRetryStrategy(RETRY_ALL).build();
          return new Raw() {
            @Override
            public Result send(String method, String path, Map<String, String> params, String body)
                throws IOException {
              StringBuilder query = new StringBuilder();
              new LinkedHashMap<>(params)
                  .forEach(
                      (k, v) ->
                          query
                              .append(query.length() == 0 ? "?" : "&")
                              .append(enc(k))
                              .append('=')
                              .append(enc(v)));
              HttpUriRequestBase request =
                  new HttpUriRequestBase(method, URI.create(endpoint + path + query));
              if (body != null) {
                HttpEntity entity =
                    new ByteArrayEntity(
                        body.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON);
                request.setEntity(gzip ? new GzipCompressingEntity(entity) : entity);
              }
              return http.execute(
                  request,
                  response ->
                      new Result(
                          response.getCode(),
                          response.getEntity() == null
                              ? ""
                              : EntityUtils.toString(response.getEntity())));
            }

            @Override
            public void close() throws IOException {
              http.close();
            }
          };
        }
    }
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return m.group(1);
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters, as UTF-8. */
  static String enc(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
      }
    }
    return out.toString();
  }
}
