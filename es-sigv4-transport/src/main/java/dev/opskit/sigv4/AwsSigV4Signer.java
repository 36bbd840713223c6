package dev.opskit.sigv4;

import dev.opskit.sigv4.internal.EndpointParser;
import dev.opskit.sigv4.internal.RequestSigner;
import dev.opskit.sigv4.internal.SigV4AsyncHandler;
import dev.opskit.sigv4.internal.SigV4ClassicHandler;
import dev.opskit.sigv4.internal.SigningEngine;
import java.net.URI;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

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
 * <p>A signer signs only for its hosts: the {@link Builder#endpoint(URI) endpoint}'s, the {@link
 * Builder#addAllowedHost(String) allowed hosts}, and the endpoints of the clients {@link
 * SigV4OpenSearch} and the {@code opensearch} and {@code elasticsearch} packages build with it. A
 * request for any other host, such as a redirect to another host, fails with {@link
 * SigningRefusedException} before it is signed, and so does a plain HTTP request unless {@link
 * Builder#allowPlainHttp(boolean)} allows it.
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
  private final Set<String> allowedHosts;
  private final boolean allowPlainHttp;
  private final AtomicBoolean warnedPlainHttp = new AtomicBoolean();

  private AwsSigV4Signer(Builder b, String service, Region region, Set<String> allowedHosts) {
    this.service = service;
    this.region = region;
    this.credentialsProvider =
        b.credentialsProvider != null
            ? b.credentialsProvider
            : DefaultCredentialsProvider.builder().build();
    this.clock = b.clock;
    this.maxBodyBytes = b.maxBodyBytes;
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.allowPlainHttp = b.allowPlainHttp;
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
    b.allowedHosts.addAll(allowedHosts);
    b.allowPlainHttp = allowPlainHttp;
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
   * Returns the hosts this signer signs for, lower case: the endpoint's and the allowed hosts.
   *
   * @return the hosts, empty when none was given
   */
  public Set<String> allowedHosts() {
    return allowedHosts;
  }

  /**
   * Returns whether requests over plain HTTP are signed.
   *
   * @return whether plain HTTP is allowed
   */
  public boolean allowPlainHttp() {
    return allowPlainHttp;
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
   * Returns a classic client builder with system properties applied (proxies such as {@code
   * https.proxyHost}, TLS settings) and this signer's handler registered; the caller may configure
   * it further and owns the client it builds.
   *
   * @return the builder
   */
  public HttpClientBuilder classicClientBuilder() {
    return register(HttpClients.custom().useSystemProperties());
  }

  /**
   * Returns an async client builder with system properties applied (proxies such as {@code
   * https.proxyHost}, TLS settings) and this signer's handler registered; the caller may configure
   * it further and owns the client it builds.
   *
   * @return the builder
   */
  public HttpAsyncClientBuilder asyncClientBuilder() {
    return register(HttpAsyncClients.custom().useSystemProperties());
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
        new RequestSigner(service, region.id(), true),
        credentialsProvider,
        clock,
        maxBodyBytes,
        allowedHosts,
        allowPlainHttp,
        warnedPlainHttp);
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
        + ", allowedHosts="
        + allowedHosts
        + (allowPlainHttp ? ", allowPlainHttp" : "")
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
    private final Set<String> allowedHosts = new LinkedHashSet<>();
    private boolean allowPlainHttp;
    private @Nullable AwsRegionProvider regionProvider;

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
     * Sets the region; default the one {@link #endpoint(URI)} names, else the one the {@link
     * #regionProvider(AwsRegionProvider) region provider} finds.
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(Region region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Sets the endpoint requests are signed for: its host is allowed, and the region and service
     * are inferred from an Amazon OpenSearch Service host name ({@code *.{region}.es.amazonaws.com}
     * or {@code *.{region}.aoss.amazonaws.com}) where they are not set explicitly.
     *
     * @param endpoint the endpoint
     * @return this builder
     * @throws IllegalArgumentException if the endpoint has no host
     */
    public Builder endpoint(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (endpoint.getHost() == null) {
        throw new IllegalArgumentException("endpoint has no host: " + endpoint);
      }
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Replaces the hosts requests may be signed for, besides the endpoint's; default none. A
     * request for any other host fails with {@link SigningRefusedException}.
     *
     * @param hosts host names, without scheme or port
     * @return this builder
     */
    public Builder allowedHosts(Collection<String> hosts) {
      Objects.requireNonNull(hosts, "hosts");
      allowedHosts.clear();
      hosts.forEach(this::addAllowedHost);
      return this;
    }

    /**
     * Adds a host requests may be signed for, on any port.
     *
     * @param host a host name, without scheme or port
     * @return this builder
     */
    public Builder addAllowedHost(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank() || host.contains("/")) {
        throw new IllegalArgumentException("not a host name: " + host);
      }
      allowedHosts.add(EndpointParser.normalizeHost(host));
      return this;
    }

    /**
     * Sets whether requests over plain HTTP are signed; default {@code false}, so they fail with
     * {@link SigningRefusedException}. Allow it only for a domain that does not require HTTPS and a
     * network you trust: the signed headers and any session token travel in clear text. The first
     * plain HTTP request each handler signs is logged as a warning.
     *
     * @param allowPlainHttp whether plain HTTP is allowed
     * @return this builder
     */
    public Builder allowPlainHttp(boolean allowPlainHttp) {
      this.allowPlainHttp = allowPlainHttp;
      return this;
    }

    /**
     * Sets where the region comes from when it is neither set nor named by the endpoint; default
     * the AWS SDK's {@link DefaultAwsRegionProviderChain} ({@code aws.region}, {@code AWS_REGION},
     * the profile file, instance metadata), asked once, in {@link #build()}.
     *
     * @param regionProvider the provider
     * @return this builder
     */
    public Builder regionProvider(AwsRegionProvider regionProvider) {
      this.regionProvider = Objects.requireNonNull(regionProvider, "regionProvider");
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
     * @throws IllegalStateException if no region is set, the endpoint names none and the region
     *     provider finds none
     */
    public AwsSigV4Signer build() {
      String host = endpoint == null ? null : endpoint.getHost();
      Optional<String[]> inferred =
          host == null ? Optional.empty() : EndpointParser.regionAndService(host);
      Region r = region != null ? region : inferred.map(p -> Region.of(p[0])).orElse(null);
      if (r == null) {
        r = providedRegion(host);
      }
      String s = service != null ? service : inferred.map(p -> p[1]).orElse(DEFAULT_SERVICE);
      Set<String> hosts = new LinkedHashSet<>(allowedHosts);
      if (host != null) {
        hosts.add(EndpointParser.normalizeHost(host));
      }
      return new AwsSigV4Signer(this, s, r, hosts);
    }

    private Region providedRegion(@Nullable String host) {
      AwsRegionProvider provider =
          regionProvider != null ? regionProvider : new DefaultAwsRegionProviderChain();
      try {
        return provider.getRegion();
      } catch (SdkClientException e) {
        throw new IllegalStateException(
            "region is required: none was set, "
                + (host == null
                    ? "no endpoint names one"
                    : "the endpoint host " + host + " names none")
                + ", and the AWS SDK's region provider chain (aws.region, AWS_REGION, profile,"
                + " instance metadata) found none; set AwsSigV4Signer.Builder.region or AWS_REGION",
            e);
      }
    }
  }
}
