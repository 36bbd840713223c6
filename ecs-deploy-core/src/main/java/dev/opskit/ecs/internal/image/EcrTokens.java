package dev.opskit.ecs.internal.image;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/**
 * Internal to opskit; may change in any release. Registry credentials from ECR {@code
 * GetAuthorizationToken}, cached and fetched again {@link #RENEW_BEFORE} before they expire, or at
 * once when a registry refused them. Thread-safe.
 */
public final class EcrTokens {
  /** How long before its expiry a token is replaced. */
  public static final Duration RENEW_BEFORE = Duration.ofMinutes(15);

  private static final Logger LOG = LoggerFactory.getLogger(EcrTokens.class);

  private final EcrClient ecr;
  private final Clock clock;
  private final Object lock = new Object();
  private @Nullable Token cached;

  /**
   * A token: registry credentials, the registry they are for and when they expire.
   *
   * @param credentials user {@code AWS} and the password
   * @param proxyEndpoint the registry URL, such as {@code
   *     https://<account>.dkr.ecr.<region>.amazonaws.com}
   * @param expiresAt when the token expires
   */
  public record Token(Credentials credentials, URI proxyEndpoint, Instant expiresAt) {
    /**
     * Returns the registry host (and port) of the proxy endpoint.
     *
     * @return such as {@code 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com}
     */
    public String host() {
      return proxyEndpoint.getPort() < 0
          ? proxyEndpoint.getHost()
          : proxyEndpoint.getHost() + ":" + proxyEndpoint.getPort();
    }
  }

  /**
   * Creates the cache.
   *
   * @param ecr the caller's client
   * @param clock the clock that decides expiry
   */
  public EcrTokens(EcrClient ecr, Clock clock) {
    this.ecr = ecr;
    this.clock = clock;
  }

  /**
   * Returns a token valid for at least {@link #RENEW_BEFORE}, fetching one when needed.
   *
   * @return the token
   */
  public Token token() {
    synchronized (lock) {
      Token t = cached;
      if (t != null && clock.instant().isBefore(t.expiresAt().minus(RENEW_BEFORE))) {
        return t;
      }
      return fetch();
    }
  }

  /**
   * Fetches a new token, replacing the cached one.
   *
   * @return the token
   */
  public Token renew() {
    synchronized (lock) {
      return fetch();
    }
  }

  private Token fetch() {
    GetAuthorizationTokenResponse response = ecr.getAuthorizationToken(r -> {});
    if (!response.hasAuthorizationData() || response.authorizationData().isEmpty()) {
      throw new IllegalStateException("ECR GetAuthorizationToken returned no authorization data");
    }
    AuthorizationData data = response.authorizationData().get(0);
    String decoded =
        new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new IllegalStateException(
          "ECR GetAuthorizationToken returned a token that is not user:password");
    }
    Instant expires =
        data.expiresAt() != null ? data.expiresAt() : clock.instant().plus(Duration.ofHours(12));
    Token t =
        new Token(
            new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)),
            URI.create(data.proxyEndpoint()),
            expires);
    LOG.debug("Fetched an ECR token for {}, valid until {}", t.proxyEndpoint(), expires);
    cached = t;
    return t;
  }
}
