package dev.opskit.redash.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.BackupStore;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.DelegatingS3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

/** The S3 store's settings, checked at build(); no network. */
class S3BackupStoreTest {
  private final java.util.List<S3AsyncClient> clients = new java.util.ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(S3AsyncClient::close);
  }

  private S3AsyncClient client(Region region, UnaryOperator<S3AsyncClientBuilder> options) {
    S3AsyncClient client =
        options
            .apply(
                S3AsyncClient.builder()
                    .region(region)
                    .credentialsProvider(
                        StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")))
                    .endpointOverride(URI.create("http://127.0.0.1:1"))
                    .httpClient(new NoNetwork()))
            .build();
    clients.add(client);
    return client;
  }

  /** These tests only build stores; an HTTP client without threads makes closing one instant. */
  private static final class NoNetwork implements SdkAsyncHttpClient {
    @Override
    public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
      return CompletableFuture.failedFuture(new IOException("no network in this test"));
    }

    @Override
    public void close() {}
  }

  private S3AsyncClient multipart() {
    return client(Region.EU_WEST_1, b -> b.multipartEnabled(true));
  }

  /** A user's wrapper, as tracing libraries add. */
  private static final class Traced extends DelegatingS3AsyncClient {
    Traced(S3AsyncClient delegate) {
      super(delegate);
    }
  }

  // The client

  @Test
  void aClientWithoutMultipartIsRefusedAtBuild() {
    S3AsyncClient plain = client(Region.EU_WEST_1, b -> b);

    assertThatThrownBy(() -> BackupStore.s3(plain, "my-bucket", "redash/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the S3AsyncClient has multipart disabled")
        .hasMessageContaining("S3AsyncClient.builder().multipartEnabled(true)");
    assertThatThrownBy(
            () -> S3BackupStore.builder().client(plain).bucket("my-bucket").prefix("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multipart disabled");
    S3AsyncClient disabled = client(Region.EU_WEST_1, b -> b.multipartEnabled(false));
    assertThatThrownBy(() -> BackupStore.s3(disabled, "my-bucket", "redash/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multipart disabled");
  }

  @Test
  void aMultipartClientIsAcceptedEvenWhenWrapped() {
    assertThatCode(() -> BackupStore.s3(multipart(), "my-bucket", "redash/"))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> BackupStore.s3(new Traced(new Traced(multipart())), "my-bucket", "redash/"))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                BackupStore.s3(
                    client(
                        Region.EU_WEST_1,
                        b -> b.multipartEnabled(true).crossRegionAccessEnabled(true)),
                    "my-bucket",
                    "redash/"))
        .doesNotThrowAnyException();
  }

  @Test
  void aWrappedClientWithoutMultipartIsRefused() {
    S3AsyncClient plain = client(Region.EU_WEST_1, b -> b);

    assertThatThrownBy(() -> BackupStore.s3(new Traced(plain), "my-bucket", "redash/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multipart disabled");
  }

  @Test
  void theCrtClientIsAccepted() {
    // S3AsyncClient.crtBuilder().build() needs the aws-crt native library, which the build does not
    // carry; the store decides by the type that client implements.
    S3AsyncClient crt = new FakeCrtClient();

    assertThatCode(() -> BackupStore.s3(crt, "my-bucket", "redash/")).doesNotThrowAnyException();
    assertThatCode(() -> BackupStore.s3(new Traced(crt), "my-bucket", "redash/"))
        .doesNotThrowAnyException();
  }

  private static final class FakeCrtClient
      implements software.amazon.awssdk.services.s3.internal.crt.S3CrtAsyncClient {
    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {}
  }

  // The bucket

  @ParameterizedTest
  @CsvSource({
    "s3://my-bucket/redash, 'bucket(\"my-bucket\").prefix(\"redash/\")'",
    "s3://my-bucket/redash/nightly/, 'bucket(\"my-bucket\").prefix(\"redash/nightly/\")'",
    "my-bucket/redash/, 'bucket(\"my-bucket\").prefix(\"redash/\")'",
    "s3://my-bucket, 'bucket(\"my-bucket\")'",
    "s3://my-bucket/, 'bucket(\"my-bucket\")'"
  })
  void aBucketWithAPathIsRefusedWithTheSplit(String bucket, String split) {
    assertThatThrownBy(() -> BackupStore.s3(multipart(), bucket, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(bucket)
        .hasMessageContaining("the bucket alone")
        .hasMessageContaining(split);
  }

  @Test
  void theReviewersBucketIsRefusedForItsExclamationMarks() {
    assertThatThrownBy(() -> BackupStore.s3(multipart(), "My_Bucket!!", "redash/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("My_Bucket!!")
        .hasMessageContaining("'!'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "' my-bucket'|whitespace",
        "'my bucket'|whitespace",
        "'my-bucket\t'|whitespace",
        "ab|3 to 63",
        "a123456789b123456789c123456789d123456789e123456789f123456789g123|3 to 63",
        "-my-bucket|start and end with a letter or a digit",
        "my-bucket.|start and end with a letter or a digit",
        "my..bucket|two dots",
        "192.168.1.10|IP address",
        "my:bucket|':'",
        "''|3 to 63"
      })
  void anInvalidBucketIsRefusedAtBuild(String bucket, String why) {
    assertThatThrownBy(() -> BackupStore.s3(multipart(), bucket, "redash/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bucket")
        .hasMessageContaining(why);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "my-bucket",
        "abc",
        "my.bucket.example.com",
        "a123456789b123456789c123456789d123456789e123456789f123456789g12",
        "1bucket2",
        "my-base-name--usw2-az1--x-s3",
        "arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point"
      })
  void aValidBucketIsAccepted(String bucket) {
    assertThatCode(() -> BackupStore.s3(multipart(), bucket, "redash/")).doesNotThrowAnyException();
  }

  @Test
  void uppercaseAndUnderscoresAreOnlyForLegacyUsEast1Buckets() {
    assertThatThrownBy(() -> BackupStore.s3(multipart(), "Legacy_Bucket", "redash/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lowercase")
        .hasMessageContaining("us-east-1");
    S3AsyncClient usEast1 = client(Region.US_EAST_1, b -> b.multipartEnabled(true));
    assertThatCode(() -> BackupStore.s3(usEast1, "Legacy_Bucket", "redash/"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> BackupStore.s3(usEast1, "My_Bucket!!", "redash/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'!'");
  }

  // The prefix

  @Test
  void aPrefixStartingWithASlashIsRefused() {
    assertThatThrownBy(() -> BackupStore.s3(multipart(), "my-bucket", "/redash/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not start with '/'")
        .hasMessageContaining("prefix(\"redash/\")");
  }

  @ParameterizedTest
  @CsvSource({
    "redash, s3://my-bucket/redash/",
    "redash/, s3://my-bucket/redash/",
    "'', s3://my-bucket/",
    "redash/nightly, s3://my-bucket/redash/nightly/"
  })
  void aPrefixIsAFolder(String prefix, String location) {
    assertThat(BackupStore.s3(multipart(), "my-bucket", prefix).location()).isEqualTo(location);
  }
}
