package dev.opskit.sigv4.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs one request with the AWS SDK's {@link AwsV4HttpSigner}: a pure function of the request, its
 * body, the credentials and the instant.
 *
 * <p>Payload signing is always on, so the body's SHA-256 goes into {@code x-amz-content-sha256} and
 * the signature (the SDK's https default is {@code UNSIGNED-PAYLOAD}). The path is double-encoded,
 * as every service but S3 expects.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class RequestSigner {
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final String service;
  private final String region;
  private final boolean normalizePath;

  /**
   * Creates a signer for one service and region.
   *
   * @param service the SigV4 service name, such as {@code es} or {@code aoss}
   * @param region the region id, such as {@code ap-northeast-1}
   * @param normalizePath whether {@code .} and {@code ..} segments are normalized before signing
   */
  public RequestSigner(String service, String region, boolean normalizePath) {
    this.service = service;
    this.region = region;
    this.normalizePath = normalizePath;
  }

  /**
   * Returns the request with {@code Authorization}, {@code X-Amz-Date}, {@code
   * x-amz-content-sha256} and, for session credentials, {@code X-Amz-Security-Token} added.
   *
   * @param request the request, with exactly the headers to sign
   * @param body the body bytes as sent, or {@code null} for none
   * @param credentials the credentials snapshot for this request
   * @param signingTime the time the signature is made for
   * @return the signed request
   */
  public SdkHttpRequest sign(
      SdkHttpRequest request,
      byte @org.jspecify.annotations.Nullable [] body,
      AwsCredentialsIdentity credentials,
      Instant signingTime) {
    Clock fixed = Clock.fixed(signingTime, ZoneOffset.UTC);
    SignedRequest signed =
        SIGNER.sign(
            r -> {
              r.identity(credentials)
                  .request(request)
                  .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                  .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                  .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                  .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, true)
                  .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, normalizePath)
                  .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, fixed);
              if (body != null) {
                r.payload(ContentStreamProvider.fromByteArrayUnsafe(body));
              }
            });
    return signed.request();
  }
}
