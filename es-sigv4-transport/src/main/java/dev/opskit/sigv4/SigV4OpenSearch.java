package dev.opskit.sigv4;

import dev.opskit.sigv4.opensearch.SignedOpenSearch;
import java.net.URI;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The shortest way to a signed OpenSearch Java client.
 *
 * <pre>{@code
 * AwsSigV4Signer signer = AwsSigV4Signer.builder().region(Region.AP_NORTHEAST_1).build();
 * OpenSearchClient client =
 *     SigV4OpenSearch.client(URI.create("https://search-x.ap-northeast-1.es.amazonaws.com"), signer);
 * }</pre>
 *
 * <p>Needs {@code org.opensearch.client:opensearch-java} on the class path (an optional dependency
 * of this module). More control: {@link SignedOpenSearch}.
 */
public final class SigV4OpenSearch {
  private SigV4OpenSearch() {}

  /**
   * Returns an OpenSearch Java client over {@code ApacheHttpClient5Transport} that signs every
   * request with the signer.
   *
   * @param endpoint the cluster endpoint
   * @param signer the signer
   * @return the client; close it with {@code client._transport().close()}. A request AWS rejects (a
   *     401 or 403 from the service's front end) throws {@link AwsRequestRejectedException}
   */
  public static OpenSearchClient client(URI endpoint, AwsSigV4Signer signer) {
    return SignedOpenSearch.client(endpoint, signer);
  }
}
