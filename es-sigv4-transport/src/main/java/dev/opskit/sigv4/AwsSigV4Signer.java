package dev.opskit.sigv4;

import dev.opskit.sigv4.internal.EndpointParser;
import dev.opskit.sigv4.internal.RequestSigner;
import dev.opskit.sigv4.internal.SigV4AsyncHandler;
import dev.opskit.sigv4.internal.SigV4ClassicHandler;
import dev.opskit.sigv4.internal.SigningEngine;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Signs Apache HttpClient 5 requests with AWS Signature Version 4, using the AWS SDK's signer.
 *
 * <pre>{@code
 * AwsSigV4Signer signer = AwsSigV4Signer.builder()
 *     .region(Region.AP_NORTHEAST_1)
 *     .credentialsProvider(DefaultCredentialsProvider.builder().build())
 *     .build();
 * CloseableHttpAsyncClient http = signer.asyncClientBuilder().build();   // or:
 * builder.addExecInterceptorLast(AwsSigV4Signer.HANDLER_NAME, signer.asyncHandler());
 * }</pre>
 *
 * <p>The handlers run last in HttpClient's exec chain, after the retry and redirect elements, so
 * every retry and redirect is signed again with a fresh date. Credentials are resolved once per
 * request, so rotating role credentials just work. Bodies are read once into memory (up to {@link
 * #maxBodyBytes()}) and sent with a {@code Content-Length}: the SHA-256 of the exact bytes sent,
 * compressed or not, is signed. Signed headers are an allow-list ({@code host}, {@code
 * content-type}, {@code content-encoding}, {@code x-amz-*}).
 *
 * <p>Instances are immutable and thread-safe. Each call to {@link #classicHandler()} or {@link
 * #asyncHandler()} returns a new handler, which keeps its own clock-skew correction.
 */
public final class AwsSigV4Signer {
  /** The service signed for when none is given: Amazon OpenSearch Service managed domains. */
  public static final String DEFAULT_SERVICE = "es";

  /** The largest body buffered for signing when no cap is given: 100 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 100L * 1024 * 1024;

  /** The name the handlers are registered under in HttpClient's exec chain. */
  public static final String HANDLER_NAME = "opskit-sigv4";

  private final String service;
  private final Region region;
  private final AwsCredentialsProvider credentialsProvider;
  private final Clock clock;
  private final long maxBodyBytes;

  private AwsSigV4Signer(Builder b, String service, Region region) {
    this.service = service;
    this.region = region;
    this.credentialsProvider =
        b.credentialsProvider != null
            ? b.credentialsProvider
            : DefaultCredentialsProvider.builder().build();
    this.clock = b.clock;
    this.maxBodyBytes = b.maxBodyBytes;
  }

  /**
   * Returns a new builder.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this signer's settings.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.service = service;
    b.region = region;
    b.credentialsProvider = credentialsProvider;
    b.clock = clock;
    b.maxBodyBytes = maxBodyBytes;
    return b;
  }

  /**
   * Returns a copy with some settings changed.
   *
   * @param edit changes to apply to a builder holding this signer's settings
   * @return the new signer
   */
  public AwsSigV4Signer copy(Consumer<Builder> edit) {
    Builder b = toBuilder();
    edit.accept(b);
    return b.build();
  }

  /**
   * Returns the SigV4 service name signed for.
   *
   * @return the service, such as {@code es} or {@code aoss}
   */
  public String service() {
    return service;
  }

  /**
   * Returns the region signed for.
   *
   * @return the region
   */
  public Region region() {
    return region;
  }

  /**
   * Returns the credentials provider, asked once per request.
   *
   * @return the provider
   */
  public AwsCredentialsProvider credentialsProvider() {
    return credentialsProvider;
  }

  /**
   * Returns the clock signatures are dated by.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns the largest request body that is buffered for signing.
   *
   * @return the cap in bytes
   */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Returns a new exec-chain handler for HttpClient 5 classic clients; register it with {@code
   * HttpClientBuilder.addExecInterceptorLast(HANDLER_NAME, handler)}.
   *
   * @return the handler
   */
  public ExecChainHandler classicHandler() {
    return new SigV4ClassicHandler(engine());
  }

  /**
   * Returns a new exec-chain handler for HttpClient 5 async clients; register it with {@code
   * HttpAsyncClientBuilder.addExecInterceptorLast(HANDLER_NAME, handler)}.
   *
   * @return the handler
   */
  public AsyncExecChainHandler asyncHandler() {
    return new SigV4AsyncHandler(engine());
  }

  /**
   * Returns a classic client builder with system properties applied and this signer's handler
   * registered; the caller may configure it further and owns the client it builds.
   *
   * @return the builder
   */
  public HttpClientBuilder classicClientBuilder() {
    return register(HttpClients.custom());
  }

  /**
   * Returns an async client builder with this signer's handler registered; the caller may configure
   * it further and owns the client it builds.
   *
   * @return the builder
   */
  public HttpAsyncClientBuilder asyncClientBuilder() {
    return register(HttpAsyncClients.custom());
  }

  /**
   * Registers a new classic handler last in a builder's exec chain.
   *
   * @param builder the builder
   * @return the same builder
   */
  public HttpClientBuilder register(HttpClientBuilder builder) {
    return builder.addExecInterceptorLast(HANDLER_NAME, classicHandler());
  }

  /**
   * Registers a new async handler last in a builder's exec chain.
   *
   * @param builder the builder
   * @return the same builder
   */
  public HttpAsyncClientBuilder register(HttpAsyncClientBuilder builder) {
    return builder.addExecInterceptorLast(HANDLER_NAME, asyncHandler());
  }

  private SigningEngine engine() {
    return new SigningEngine(
        new RequestSigner(service, region.id(), true), credentialsProvider, clock, maxBodyBytes);
  }

  @Override
  public String toString() {
    return "AwsSigV4Signer[service="
        + service
        + ", region="
        + region.id()
        + ", credentialsProvider="
        + credentialsProvider.getClass().getSimpleName()
        + ", maxBodyBytes="
        + maxBodyBytes
        + "]";
  }

  /** Builds an {@link AwsSigV4Signer}. */
  public static final class Builder {
    private @Nullable String service;
    private @Nullable Region region;
    private @Nullable URI endpoint;
    private @Nullable AwsCredentialsProvider credentialsProvider;
    private Clock clock = Clock.systemUTC();
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    private Builder() {}

    /**
     * Sets the SigV4 service name; default {@value AwsSigV4Signer#DEFAULT_SERVICE}, or the one
     * inferred from {@link #endpoint(URI)}.
     *
     * @param service {@code es}, {@code aoss} or any SigV4 service name
     * @return this builder
     */
    public Builder service(String service) {
      Objects.requireNonNull(service, "service");
      if (service.isBlank()) {
        throw new IllegalArgumentException("service must not be blank");
      }
      this.service = service;
      return this;
    }

    /**
     * Sets the region; required unless {@link #endpoint(URI)} names one.
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(Region region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Infers the region and service from an Amazon OpenSearch Service endpoint ({@code
     * *.{region}.es.amazonaws.com} or {@code *.{region}.aoss.amazonaws.com}) where they are not set
     * explicitly.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /**
     * Sets where credentials come from, asked once per request; default the SDK's {@code
     * DefaultCredentialsProvider} (system properties, environment, web identity, profile,
     * container, instance role).
     *
     * @param credentialsProvider the provider
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = Objects.requireNonNull(credentialsProvider, "credentialsProvider");
      return this;
    }

    /**
     * Sets the clock signatures are dated by; default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the largest request body buffered for signing; default {@value
     * AwsSigV4Signer#DEFAULT_MAX_BODY_BYTES} bytes. A larger body fails with {@link
     * RequestBodyTooLargeException}.
     *
     * @param maxBodyBytes the cap in bytes, at most {@link Integer#MAX_VALUE} - 8
     * @return this builder
     */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("maxBodyBytes out of range: " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Builds the signer.
     *
     * @return the signer
     * @throws IllegalStateException if no region is set and the endpoint names none
     */
    public AwsSigV4Signer build() {
      Optional<String[]> inferred =
          endpoint == null || endpoint.getHost() == null
              ? Optional.empty()
              : EndpointParser.regionAndService(endpoint.getHost());
      Region r = region != null ? region : inferred.map(p -> Region.of(p[0])).orElse(null);
      if (r == null) {
        throw new IllegalStateException(
            "region is required (or an endpoint like search-x.{region}.es.amazonaws.com)");
      }
      String s = service != null ? service : inferred.map(p -> p[1]).orElse(DEFAULT_SERVICE);
      return new AwsSigV4Signer(this, s, r);
    }
  }
}
