package dev.opskit.examples.sigv4;

import dev.opskit.sigv4.AwsSigV4Signer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.entity.GzipCompressingEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.regions.Region;

/**
 * Replaces hand-signed {@code curl --aws-sigv4} calls: creates an index on an IAM-protected Amazon
 * OpenSearch Service domain, bulk-loads documents (gzip-compressed, chunked: the signer buffers and
 * signs the compressed bytes) and searches them with a body on GET, all through one signed
 * HttpClient. Credentials come from the AWS SDK's default chain (environment, profile, web
 * identity, container or instance role).
 *
 * <pre>
 * java -cp "$(cat examples/target/classpath.txt):examples/target/examples-0.1.0-SNAPSHOT.jar" \
 *     dev.opskit.examples.sigv4.SigV4Example https://search-x.ap-northeast-1.es.amazonaws.com
 * </pre>
 *
 * <p>The region and service ({@code es} or {@code aoss}) come from the endpoint's name; for any
 * other endpoint (a VPC alias, a local test proxy) set {@code AWS_REGION}. The OpenSearch Java
 * client works the same way: {@code SigV4OpenSearch.client(endpoint, signer)}, with {@code
 * org.opensearch.client:opensearch-java} on the class path.
 */
public final class SigV4Example {
  private SigV4Example() {}

  /**
   * Indexes, bulk-loads and searches the endpoint given as the argument or in {@code
   * OPSKIT_SIGV4_ENDPOINT}.
   *
   * @param args the endpoint, optionally
   */
  public static void main(String[] args) {
    String endpoint = args.length > 0 ? args[0] : System.getenv("OPSKIT_SIGV4_ENDPOINT");
    if (endpoint == null || endpoint.isBlank()) {
      System.err.println(
          "usage: SigV4Example https://search-x.{region}.es.amazonaws.com"
              + " (or set OPSKIT_SIGV4_ENDPOINT; AWS_REGION for other host names)");
      System.exit(2);
    }
    URI uri = URI.create(endpoint);
    run(uri, signer(uri, System.getenv("AWS_REGION")), "opskit-sigv4-example", System.out);
  }

  /**
   * Returns a signer for the endpoint: region and service from its name, else the given region.
   *
   * @param endpoint the endpoint
   * @param region the region when the endpoint's name has none, or {@code null}
   * @return the signer
   */
  public static AwsSigV4Signer signer(URI endpoint, @Nullable String region) {
    AwsSigV4Signer.Builder b = AwsSigV4Signer.builder().endpoint(endpoint);
    if (region != null && !region.isBlank()) {
      b.region(Region.of(region));
    }
    return b.build();
  }

  /**
   * Creates the index, bulk-loads 1,000 documents into it, searches them, then deletes it.
   *
   * @param endpoint the endpoint
   * @param signer the signer
   * @param index the index name; created and deleted again
   * @param out where the steps are printed
   * @return the search response
   */
  public static String run(URI endpoint, AwsSigV4Signer signer, String index, PrintStream out) {
    try (CloseableHttpClient http = signer.classicClientBuilder().build()) {
      out.println(signer);
      send(http, "PUT", endpoint + "/" + index, "{}", false);
      out.println("created index " + index);
      StringBuilder bulk = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        bulk.append("{\"index\":{\"_id\":\"")
            .append(i)
            .append("\"}}\n{\"title\":\"document ")
            .append(i)
            .append("\",\"even\":")
            .append(i % 2 == 0)
            .append("}\n");
      }
      String bulked =
          send(http, "POST", endpoint + "/" + index + "/_bulk?refresh=true", bulk.toString(), true);
      out.println("bulk: " + (bulked.contains("\"errors\":false") ? "1000 documents" : bulked));
      String found =
          send(
              http,
              "GET",
              endpoint + "/" + index + "/_search",
              "{\"size\":1,\"query\":{\"term\":{\"even\":true}},\"track_total_hits\":true}",
              false);
      out.println("search even=true: " + found);
      send(http, "DELETE", endpoint + "/" + index, null, false);
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String send(
      CloseableHttpClient http, String method, String uri, @Nullable String json, boolean gzip)
      throws IOException {
    HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(uri));
    if (json != null) {
      StringEntity entity = new StringEntity(json, ContentType.APPLICATION_JSON);
      request.setEntity(gzip ? new GzipCompressingEntity(entity) : entity);
    }
    return http.execute(
        request,
        response -> {
          String body =
              response.getEntity() == null
                  ? ""
                  : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
          if (response.getCode() >= 300) {
            throw new IOException(method + " " + uri + " -> " + response.getCode() + ": " + body);
          }
          return body;
        });
  }
}
