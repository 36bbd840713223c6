package dev.opskit.sigv4.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Infers the SigV4 region and service from an Amazon OpenSearch Service host name: {@code
 * *.{region}.es.amazonaws.com} (managed domains, service {@code es}) and {@code
 * *.{region}.aoss.amazonaws.com} (serverless collections, service {@code aoss}).
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class EndpointParser {
  private EndpointParser() {}

  /**
   * Returns a host name as hosts are compared: lower case, without a trailing dot or IPv6 brackets.
   *
   * @param host the host name
   * @return the normalized host name
   */
  public static String normalizeHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h;
  }

  /**
   * Returns the region and service named by a host, or empty for any other host.
   *
   * @param host the host name, without port
   * @return {@code [region, service]}, or empty
   */
  public static Optional<String[]> regionAndService(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    for (String service : new String[] {"es", "aoss"}) {
      for (String suffix : new String[] {".amazonaws.com", ".amazonaws.com.cn"}) {
        String tail = "." + service + suffix;
        if (h.endsWith(tail)) {
          String rest = h.substring(0, h.length() - tail.length());
          int dot = rest.lastIndexOf('.');
          if (dot > 0 && dot < rest.length() - 1) {
            return Optional.of(new String[] {rest.substring(dot + 1), service});
          }
        }
      }
    }
    return Optional.empty();
  }
}
