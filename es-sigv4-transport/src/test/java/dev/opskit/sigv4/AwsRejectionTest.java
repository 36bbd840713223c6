package dev.opskit.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.sigv4.opensearch.SignedOpenSearch;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.opensearch.OpenSearchClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** AWS's rejections reach the OpenSearch Java client's caller with AWS's error type and message. */
class AwsRejectionTest {
  private VerifyingServer server;
  private AwsSigV4Signer signer;

  @BeforeEach
  void start() throws Exception {
    server = new VerifyingServer("us-east-1", "es");
    signer = server.signer().build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void reportsAwsErrorTypeAndMessageInsteadOfABareStatus() throws Exception {
    OpenSearchClient client =
        SigV4OpenSearch.client(server.uri(), signer.copy(b -> b.region(Region.EU_WEST_1)));
    try {
      assertThatThrownBy(() -> client.indices().get(g -> g.index("logs")))
          .isInstanceOfSatisfying(
              AwsRequestRejectedException.class,
              e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.errorType()).contains("InvalidSignatureException");
                assertThat(e.awsMessage())
                    .isEqualTo("Credential should be scoped to a valid region and service");
                assertThat(e.requestId()).contains("req-1");
                assertThat(e.method()).isEqualTo("GET");
                assertThat(e.path()).isEqualTo("/logs");
              })
          .hasMessage(
              "AWS rejected GET /logs with 403 InvalidSignatureException: Credential should be"
                  + " scoped to a valid region and service (request id req-1)");
    } finally {
      client._transport().close();
    }
  }

  @Test
  void reportsTheSameForTheAsyncClient() throws Exception {
    AwsSigV4Signer unknown =
        signer.copy(
            b ->
                b.credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDUNKNOWN", "x"))));
    OpenSearchAsyncClient client =
        new OpenSearchAsyncClient(
            SignedOpenSearch.withAwsErrors(
                SignedOpenSearch.transportBuilder(server.uri(), unknown).build()));
    try {
      assertThatThrownBy(() -> client.info().get())
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(AwsRequestRejectedException.class)
          .hasMessage(
              "AWS rejected GET / with 403 UnrecognizedClientException: The security token"
                  + " included in the request is invalid (request id req-1)");
    } finally {
      client._transport().close();
    }
  }

  @Test
  void neverQuotesTheCanonicalRequestWithItsSessionToken() throws Exception {
    String quoted =
        "The request signature we calculated does not match the signature you provided. Check"
            + " your AWS Secret Access Key and signing method.\\n\\nThe Canonical String for this"
            + " request should have been\\n'GET\\n/\\n\\nhost:127.0.0.1\\nx-amz-security-token:"
            + "SESSION-TOKEN-VALUE\\n'\\n\\nThe String-to-Sign should have been\\n'AWS4-HMAC-SHA256'";
    server.backend(
        r ->
            new VerifyingServer.Response(
                403,
                "application/json",
                ("{\"message\":\"" + quoted + "\"}").getBytes(UTF_8),
                Map.of("x-amzn-ErrorType", "InvalidSignatureException")));
    OpenSearchClient client = SigV4OpenSearch.client(server.uri(), signer);
    try {
      assertThatThrownBy(client::info)
          .isInstanceOf(AwsRequestRejectedException.class)
          .hasMessage(
              "AWS rejected GET / with 403 InvalidSignatureException: The request signature we"
                  + " calculated does not match the signature you provided. Check your AWS Secret"
                  + " Access Key and signing method.")
          .satisfies(e -> assertThat(e.toString()).doesNotContain("SESSION-TOKEN-VALUE"));
    } finally {
      client._transport().close();
    }
  }

  @Test
  void leavesA403FromOpenSearchItselfAsTheClientReportsIt() throws Exception {
    server.backend(
        r ->
            new VerifyingServer.Response(
                403,
                "application/json",
                ("{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"no"
                        + " permissions\"}],\"type\":\"security_exception\",\"reason\":\"no"
                        + " permissions\"},\"status\":403}")
                    .getBytes(UTF_8)));
    OpenSearchClient client = SigV4OpenSearch.client(server.uri(), signer);
    try {
      // The client's own report, whatever it is, is left alone: this is OpenSearch's 403.
      assertThatThrownBy(() -> client.indices().get(g -> g.index("logs")))
          .isNotInstanceOf(SigV4Exception.class)
          .hasMessage("Forbidden access");
      assertThatThrownBy(client::info)
          .isNotInstanceOf(SigV4Exception.class)
          .hasMessage("Forbidden access");
    } finally {
      client._transport().close();
    }
  }
}
