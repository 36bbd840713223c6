package dev.opskit.sigv4.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * What the classic and async handlers share: signing one wire request with a fresh credentials
 * snapshot, the body size cap, and the clock-skew correction learned from the server.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class SigningEngine {
  /** A 403 whose {@code Date} is further than this from the signing time is taken as skew. */
  static final Duration SKEW_THRESHOLD = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(SigningEngine.class);

  private final RequestSigner signer;
  private final AwsCredentialsProvider credentials;
  private final Clock clock;
  private final long maxBodyBytes;
  private final AtomicLong skewMillis = new AtomicLong();

  /**
   * Creates an engine.
   *
   * @param signer the signer for the service and region
   * @param credentials resolved once per request
   * @param clock the clock signatures are dated by, before skew correction
   * @param maxBodyBytes the largest body that is buffered for signing
   */
  public SigningEngine(
      RequestSigner signer, AwsCredentialsProvider credentials, Clock clock, long maxBodyBytes) {
    this.signer = signer;
    this.credentials = credentials;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Returns the largest body that is buffered for signing.
   *
   * @return the cap in bytes
   */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Returns the current correction added to the clock.
   *
   * @return the skew correction
   */
  public Duration skew() {
    return Duration.ofMillis(skewMillis.get());
  }

  /**
   * Canonicalizes and signs a request in place.
   *
   * @param request the request about to go on the wire
   * @param body its body bytes as sent, or {@code null} for none
   * @param target the target host when the request has no authority
   * @return the instant the signature is dated
   */
  public Instant sign(HttpRequest request, byte @Nullable [] body, @Nullable HttpHost target) {
    WireRequest.canonicalize(request, target);
    SdkHttpRequest sdk = WireRequest.toSdk(request);
    AwsCredentials snapshot = credentials.resolveCredentials();
    Instant at = clock.instant().plusMillis(skewMillis.get());
    SdkHttpRequest signed = signer.sign(sdk, body, snapshot, at);
    WireRequest.copySignature(signed, request);
    return at;
  }

  /**
   * Learns the clock skew from a 403 response and tells whether the request should be signed again:
   * only when the server's {@code Date} is more than a minute away from the signing time.
   *
   * @param response the response
   * @param signedAt when the request's signature was dated
   * @return whether the skew was corrected and a retry is worthwhile
   */
  public boolean learnSkew(HttpResponse response, Instant signedAt) {
    if (response.getCode() != 403) {
      return false;
    }
    Header date = response.getFirstHeader(HttpHeaders.DATE);
    if (date == null) {
      return false;
    }
    Instant server;
    try {
      server =
          ZonedDateTime.parse(date.getValue(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return false;
    }
    Duration off = Duration.between(signedAt, server);
    if (off.abs().compareTo(SKEW_THRESHOLD) <= 0) {
      return false;
    }
    long correction = Duration.between(clock.instant(), server).toMillis();
    skewMillis.set(correction);
    LOG.warn(
        "SigV4 request rejected with 403 and the server clock is {} s away from the signing time;"
            + " signing with a {} s correction from now on",
        off.toSeconds(),
        correction / 1000);
    return true;
  }
}
