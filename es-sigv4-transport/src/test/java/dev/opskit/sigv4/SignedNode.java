package dev.opskit.sigv4;

import java.io.IOException;
import software.amazon.awssdk.regions.Region;

/**
 * A local OpenSearch node behind the verifying server, and a signer whose rotating session
 * credentials that server accepts: what every end-to-end test needs.
 */
final class SignedNode implements AutoCloseable {
  final LocalOpenSearch node;
  final VerifyingServer proxy;
  final AwsSigV4Signer signer;

  private SignedNode(LocalOpenSearch node, VerifyingServer proxy, AwsSigV4Signer signer) {
    this.node = node;
    this.proxy = proxy;
    this.signer = signer;
  }

  static SignedNode start(Region region, String credentialPrefix, int credentials)
      throws IOException {
    LocalOpenSearch node = new LocalOpenSearch();
    try {
      VerifyingServer proxy = new VerifyingServer(region.id(), "es");
      proxy.backend(node::forward);
      AwsSigV4Signer signer =
          AwsSigV4Signer.builder()
              .region(region)
              .endpoint(proxy.uri())
              .addAllowedHost("localhost")
              .allowPlainHttp(true)
              .credentialsProvider(proxy.rotatingCredentials(credentialPrefix, credentials))
              .build();
      return new SignedNode(node, proxy, signer);
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      proxy.close();
    } finally {
      node.close();
    }
  }
}
