package dev.opskit.sigv4.elasticsearch;

import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import dev.opskit.sigv4.AwsSigV4Signer;
import java.net.URI;
import java.util.Objects;

/**
 * Builds Elastic {@link Rest5Client}s whose every request is signed with SigV4.
 *
 * <pre>{@code
 * try (Rest5Client rest = SignedRest5Client.create(endpoint, signer)) {
 *   Response r = rest.performRequest(new Request("GET", "/_cluster/health"));
 * }
 * }</pre>
 *
 * <p>Only the low-level client works against Amazon OpenSearch Service: the high-level {@code
 * ElasticsearchClient} rejects any server that does not send {@code X-Elastic-Product:
 * Elasticsearch}. Compressed request bodies ({@code setCompressionEnabled(true)}, chunked gzip) are
 * buffered and signed as the compressed bytes.
 */
public final class SignedRest5Client {
  private SignedRest5Client() {}

  /**
   * Returns a {@link Rest5Client} builder with the signer registered through its HttpClient config
   * callback, signing for the endpoint as well as the signer's own hosts; setting another callback
   * replaces it, so call {@link AwsSigV4Signer#register} from yours.
   *
   * @param endpoint the cluster endpoint
   * @param signer the signer
   * @return the builder
   */
  public static Rest5ClientBuilder builder(URI endpoint, AwsSigV4Signer signer) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(signer, "signer");
    if (endpoint.getHost() == null) {
      throw new IllegalArgumentException("endpoint needs a scheme and a host: " + endpoint);
    }
    AwsSigV4Signer trusting = signer.copy(b -> b.addAllowedHost(endpoint.getHost()));
    return Rest5Client.builder(endpoint).setHttpClientConfigCallback(trusting::register);
  }

  /**
   * Returns a {@link Rest5Client} that signs every request.
   *
   * @param endpoint the cluster endpoint
   * @param signer the signer
   * @return the client, which the caller closes
   */
  public static Rest5Client create(URI endpoint, AwsSigV4Signer signer) {
    return builder(endpoint, signer).build();
  }
}
