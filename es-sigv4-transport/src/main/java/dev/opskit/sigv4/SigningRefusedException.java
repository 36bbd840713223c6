package dev.opskit.sigv4;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Thrown instead of signing a request the signer must not sign: one for a host it was not built for
 * (such as a redirect to another host), or one over plain HTTP when {@link
 * AwsSigV4Signer#allowPlainHttp()} is off. Nothing is sent.
 */
public final class SigningRefusedException extends SigV4Exception {
  private static final long serialVersionUID = 1L;

  private final String scheme;
  private final String host;
  private final Set<String> allowedHosts;
  private final @Nullable String redirectedFrom;

  /**
   * Creates the exception.
   *
   * @param scheme the request's scheme
   * @param host the request's host
   * @param allowedHosts the hosts the signer signs for
   * @param redirectedFrom the host of the request that was redirected to this one, or {@code null}
   *     when it was not redirected from another host
   */
  public SigningRefusedException(
      String scheme, String host, Set<String> allowedHosts, @Nullable String redirectedFrom) {
    super(message(scheme, host, allowedHosts, redirectedFrom));
    this.scheme = scheme;
    this.host = host;
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.redirectedFrom = redirectedFrom;
  }

  private static String message(
      String scheme, String host, Set<String> allowed, @Nullable String redirectedFrom) {
    String what =
        "refusing to sign a "
            + scheme
            + " request for "
            + host
            + (redirectedFrom == null ? "" : " (redirected from " + redirectedFrom + ")");
    if (allowed.isEmpty()) {
      return what
          + ": this signer has no endpoint; set AwsSigV4Signer.Builder.endpoint(uri) or"
          + " addAllowedHost(host)";
    }
    if (!allowed.contains(host)) {
      return what
          + ": this signer signs only for "
          + String.join(", ", new TreeSet<>(allowed))
          + "; add the host with AwsSigV4Signer.Builder.addAllowedHost to trust it";
    }
    return what
        + ": plain HTTP would send the signature and any session token in clear text; use https"
        + " or set AwsSigV4Signer.Builder.allowPlainHttp(true)";
  }

  /**
   * Returns the scheme of the refused request.
   *
   * @return {@code http}, {@code https} or another scheme
   */
  public String scheme() {
    return scheme;
  }

  /**
   * Returns the host of the refused request.
   *
   * @return the host name, lower case
   */
  public String host() {
    return host;
  }

  /**
   * Returns the hosts the signer signs for.
   *
   * @return the hosts, lower case
   */
  public Set<String> allowedHosts() {
    return allowedHosts;
  }

  /**
   * Returns the host the request was redirected from, when a redirect led to another host.
   *
   * @return the original host, or empty
   */
  public Optional<String> redirectedFrom() {
    return Optional.ofNullable(redirectedFrom);
  }
}
