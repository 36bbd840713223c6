package dev.opskit.sigv4.opensearch;

import dev.opskit.sigv4.AwsRequestRejectedException;
import dev.opskit.sigv4.AwsSigV4Signer;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.RestClient;
import org.opensearch.client.RestClientBuilder;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * Builds OpenSearch clients whose every request is signed with SigV4.
 *
 * <pre>{@code
 * OpenSearchClient client = SignedOpenSearch.client(endpoint, signer);
 * // or, to configure more (compression, timeouts, mapper):
 * OpenSearchClient client = new OpenSearchClient(SignedOpenSearch.withAwsErrors(
 *     SignedOpenSearch.transportBuilder(endpoint, signer).setCompressionEnabled(true).build()));
 * RestClient rest = SignedOpenSearch.restClientBuilder(endpoint, signer).build();
 * }</pre>
 *
 * <p>The builders come with an HttpClient config callback that registers the signer's async
 * handler, signing for the endpoints given here as well as the signer's own hosts. Setting another
 * callback replaces it; call {@link AwsSigV4Signer#register} from yours. The caller owns and closes
 * what it builds.
 */
public final class SignedOpenSearch {
  private SignedOpenSearch() {}

  /**
   * Returns an OpenSearch Java client over {@code ApacheHttpClient5Transport} that signs every
   * request.
   *
   * @param endpoint the cluster endpoint, such as {@code
   *     https://search-x.eu-west-1.es.amazonaws.com}
   * @param signer the signer
   * @return the client; close it with {@code client._transport().close()}. AWS's rejections of a
   *     request throw {@link AwsRequestRejectedException}
   */
  public static OpenSearchClient client(URI endpoint, AwsSigV4Signer signer) {
    return new OpenSearchClient(withAwsErrors(transportBuilder(endpoint, signer).build()));
  }

  /**
   * Returns a transport that throws {@link AwsRequestRejectedException}, with AWS's error type and
   * message, where the OpenSearch Java client would report AWS's own rejection of a request (a 401
   * or 403 from the service's front end) as a bare "Forbidden access". Errors from OpenSearch
   * itself pass through unchanged. {@link #client} uses it.
   *
   * @param transport a transport, such as one from {@link #transportBuilder}
   * @return the transport that closes {@code transport} when closed
   */
  public static OpenSearchTransport withAwsErrors(OpenSearchTransport transport) {
    return new AwsErrorTransport(Objects.requireNonNull(transport, "transport"));
  }

  /**
   * Returns a transport builder for the OpenSearch Java client with the signer registered.
   *
   * @param endpoint the cluster endpoint
   * @param signer the signer
   * @return the builder
   */
  public static ApacheHttpClient5TransportBuilder transportBuilder(
      URI endpoint, AwsSigV4Signer signer) {
    Objects.requireNonNull(signer, "signer");
    HttpHost host = host(endpoint);
    return ApacheHttpClient5TransportBuilder.builder(host)
        .setHttpClientConfigCallback(trusting(signer, List.of(host))::register);
  }

  /**
   * Returns an OpenSearch low-level {@link RestClient} builder with the signer registered.
   *
   * @param endpoint the cluster endpoint
   * @param signer the signer
   * @return the builder
   */
  public static RestClientBuilder restClientBuilder(URI endpoint, AwsSigV4Signer signer) {
    Objects.requireNonNull(signer, "signer");
    HttpHost host = host(endpoint);
    return RestClient.builder(host)
        .setHttpClientConfigCallback(trusting(signer, List.of(host))::register);
  }

  /**
   * Returns an OpenSearch low-level {@link RestClient} builder for several nodes with the signer
   * registered. The RestClient turns HttpClient's own retries off and instead retries a failed
   * request on the next node, signed again.
   *
   * @param endpoints the node endpoints
   * @param signer the signer
   * @return the builder
   */
  public static RestClientBuilder restClientBuilder(List<URI> endpoints, AwsSigV4Signer signer) {
    Objects.requireNonNull(signer, "signer");
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("endpoints must not be empty");
    }
    List<HttpHost> hosts = endpoints.stream().map(SignedOpenSearch::host).toList();
    return RestClient.builder(hosts.toArray(HttpHost[]::new))
        .setHttpClientConfigCallback(trusting(signer, hosts)::register);
  }

  /** The signer, also signing for the endpoints the caller builds the client for. */
  private static AwsSigV4Signer trusting(AwsSigV4Signer signer, List<HttpHost> hosts) {
    return signer.copy(b -> hosts.forEach(h -> b.addAllowedHost(h.getHostName())));
  }

  static HttpHost host(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    if (endpoint.getHost() == null || endpoint.getScheme() == null) {
      throw new IllegalArgumentException("endpoint needs a scheme and a host: " + endpoint);
    }
    return new HttpHost(endpoint.getScheme(), endpoint.getHost(), endpoint.getPort());
  }
}
