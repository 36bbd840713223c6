package dev.opskit.sigv4.internal;

import dev.opskit.sigv4.SigningRefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.URIAuthority;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * What the classic and async handlers share: the check that a request goes to an allowed host over
 * an allowed scheme, signing one wire request with a fresh credentials snapshot, the body size cap,
 * and the clock-skew correction learned from the server.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class SigningEngine {
  /** A skew error whose {@code Date} is further than this from the signing time is corrected. */
  static final Duration SKEW_THRESHOLD = Duration.ofMinutes(1);

  /** The largest correction taken from a server's {@code Date}; a larger one is refused. */
  public static final Duration MAX_SKEW_CORRECTION = Duration.ofHours(1);

  /**
   * The error types ({@code x-amzn-ErrorType}) AWS answers a request with a skewed date with; the
   * AWS SDK treats the same codes as possible clock skew.
   */
  static final Set<String> SKEW_ERROR_TYPES =
      Set.of(
          "InvalidSignatureException",
          "SignatureDoesNotMatch",
          "RequestTimeTooSkewed",
          "RequestExpired",
          "RequestInTheFuture");

  private static final String FIRST_HOST = "dev.opskit.sigv4.first-host";
  private static final Logger LOG = LoggerFactory.getLogger(SigningEngine.class);

  private final RequestSigner signer;
  private final AwsCredentialsProvider credentials;
  private final Clock clock;
  private final long maxBodyBytes;
  private final Set<String> allowedHosts;
  private final boolean allowPlainHttp;
  private final AtomicLong skewMillis = new AtomicLong();
  private final AtomicBoolean warnedPlainHttp;
  private final AtomicLong refusedSkewMinutes = new AtomicLong(Long.MIN_VALUE);

  /**
   * Creates an engine.
   *
   * @param signer the signer for the service and region
   * @param credentials resolved once per request
   * @param clock the clock signatures are dated by, before skew correction
   * @param maxBodyBytes the largest body that is buffered for signing
   * @param allowedHosts the normalized hosts requests may be signed for
   * @param allowPlainHttp whether requests over plain HTTP may be signed
   * @param warnedPlainHttp set once the plain HTTP warning is logged, shared by a signer's engines
   */
  public SigningEngine(
      RequestSigner signer,
      AwsCredentialsProvider credentials,
      Clock clock,
      long maxBodyBytes,
      Set<String> allowedHosts,
      boolean allowPlainHttp,
      AtomicBoolean warnedPlainHttp) {
    this.signer = signer;
    this.credentials = credentials;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.allowPlainHttp = allowPlainHttp;
    this.warnedPlainHttp = warnedPlainHttp;
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
   * @param context the execution's context, where the first host of the exchange is kept
   * @param exchangeId the exchange this request belongs to, the same for its redirects
   * @return the instant the signature is dated
   * @throws SigningRefusedException if the request's host or scheme is not allowed
   */
  public Instant sign(
      HttpRequest request,
      byte @Nullable [] body,
      @Nullable HttpHost target,
      HttpContext context,
      String exchangeId) {
    WireRequest.canonicalize(request, target);
    checkDestination(request, context, exchangeId);
    SdkHttpRequest sdk = WireRequest.toSdk(request);
    AwsCredentials snapshot = credentials.resolveCredentials();
    Instant at = clock.instant().plusMillis(skewMillis.get());
    SdkHttpRequest signed = signer.sign(sdk, body, snapshot, at);
    WireRequest.copySignature(signed, request);
    return at;
  }

  private void checkDestination(HttpRequest request, HttpContext context, String exchangeId) {
    URIAuthority authority = request.getAuthority();
    if (authority == null) {
      return; // WireRequest.toSdk refuses it
    }
    String host = EndpointParser.normalizeHost(authority.getHostName());
    String redirectedFrom = null;
    if (context.getAttribute(FIRST_HOST) instanceof FirstHost first
        && first.exchangeId().equals(exchangeId)) {
      redirectedFrom = first.host().equals(host) ? null : first.host();
    } else {
      context.setAttribute(FIRST_HOST, new FirstHost(exchangeId, host));
    }
    String scheme =
        request.getScheme() == null ? "https" : request.getScheme().toLowerCase(Locale.ROOT);
    boolean https = scheme.equals("https");
    if (!allowedHosts.contains(host) || (!https && !allowPlainHttp)) {
      throw new SigningRefusedException(scheme, host, allowedHosts, redirectedFrom);
    }
    if (!https && warnedPlainHttp.compareAndSet(false, true)) {
      LOG.warn(
          "signing a request to {} over plain HTTP (allowPlainHttp is on): the signature and any"
              + " session token travel in clear text",
          host);
    }
  }

  /**
   * Learns the clock skew from an AWS skew error and tells whether the request should be signed
   * again: only for a 400, 401 or 403 whose {@code x-amzn-ErrorType} is one of the skew errors and
   * whose {@code Date} is more than a minute away from the signing time, and never by more than
   * {@link #MAX_SKEW_CORRECTION}.
   *
   * @param response the response
   * @param signedAt when the request's signature was dated
   * @return whether the skew was corrected and a retry is worthwhile
   */
  public boolean learnSkew(HttpResponse response, Instant signedAt) {
    int code = response.getCode();
    if (code != 403 && code != 400 && code != 401) {
      return false;
    }
    String type = errorType(response);
    if (type == null || !SKEW_ERROR_TYPES.contains(type)) {
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
    if (Math.abs(correction) > MAX_SKEW_CORRECTION.toMillis()) {
      long minutes = correction / 60_000;
      if (refusedSkewMinutes.getAndSet(minutes) != minutes) {
        LOG.warn(
            "SigV4 request rejected with {} {} and the server's Date ({}) is {} s away from this"
                + " clock; not correcting by more than {} s: check the clock of this host",
            code,
            type,
            date.getValue(),
            correction / 1000,
            MAX_SKEW_CORRECTION.toSeconds());
      }
      return false;
    }
    long previous = skewMillis.getAndSet(correction);
    if (previous / 1000 != correction / 1000) {
      LOG.warn(
          "SigV4 request rejected with {} {} and the server clock is {} s away from the signing"
              + " time; signing with a {} s correction from now on",
          code,
          type,
          off.toSeconds(),
          correction / 1000);
    }
    return true;
  }

  private static @Nullable String errorType(HttpResponse response) {
    Header h = response.getFirstHeader("x-amzn-ErrorType");
    return h == null || h.getValue() == null ? null : AwsErrors.errorType(h.getValue());
  }

  /** The first host an exchange was signed for, to name it when a redirect leads elsewhere. */
  private record FirstHost(String exchangeId, String host) {}
}
