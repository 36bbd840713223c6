package dev.opskit.sigv4.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.net.URIAuthority;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Adapts an HttpClient 5 request, as it is about to go on the wire, to the SDK signer and back.
 *
 * <p>It first rewrites the request so that what is sent and what is signed cannot differ: the path
 * is percent-encoded where it is not valid URI syntax, the query is re-encoded per RFC 3986 ({@code
 * %20} for a space, {@code %2B} for a plus), and {@code Host} is set explicitly to the authority,
 * with the port only when it is not the scheme's default. It then signs only an allow-list of
 * headers: {@code host}, {@code content-type}, {@code content-encoding} and {@code x-amz-*}; never
 * hop-by-hop headers, {@code content-length} or {@code user-agent}.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class WireRequest {
  private static final String[] SIGNING_HEADERS = {
    "Authorization", "X-Amz-Date", "X-Amz-Security-Token", "x-amz-content-sha256"
  };
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private WireRequest() {}

  /**
   * Rewrites the request's path, query and {@code Host} into their canonical wire form and removes
   * signing headers from an earlier attempt.
   *
   * @param request the request to rewrite in place
   * @param target the target host, used when the request carries no authority
   */
  public static void canonicalize(HttpRequest request, @Nullable HttpHost target) {
    for (String name : SIGNING_HEADERS) {
      request.removeHeaders(name);
    }
    String path = request.getPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    int q = path.indexOf('?');
    String rawPath = q < 0 ? path : path.substring(0, q);
    String rawQuery = q < 0 ? null : path.substring(q + 1);
    int hash = rawPath.indexOf('#');
    if (hash >= 0) {
      rawPath = rawPath.substring(0, hash);
    }
    StringBuilder wire = new StringBuilder(path.length() + 16);
    encodePath(rawPath, wire);
    if (rawQuery != null && !rawQuery.isEmpty()) {
      wire.append('?');
      canonicalQuery(rawQuery, wire);
    }
    request.setPath(wire.toString());
    if (request.getAuthority() == null && target != null) {
      request.setAuthority(new URIAuthority(target));
    }
    if (request.getScheme() == null && target != null) {
      request.setScheme(target.getSchemeName());
    }
    URIAuthority authority = request.getAuthority();
    if (authority != null) {
      request.setHeader(HttpHeaders.HOST, hostHeader(request.getScheme(), authority));
    }
  }

  /**
   * Returns the SDK request to sign: the canonicalized request's URI and its allow-listed headers.
   *
   * @param request a request already passed through {@link #canonicalize}
   * @return the request for the SDK signer
   */
  public static SdkHttpRequest toSdk(HttpRequest request) {
    URIAuthority authority = request.getAuthority();
    String scheme = request.getScheme() == null ? "https" : request.getScheme();
    if (authority == null) {
      throw new IllegalStateException("request has no authority to sign: " + request.getMethod());
    }
    String uri = scheme + "://" + authority.getHostName() + portSuffix(authority.getPort());
    SdkHttpRequest.Builder b =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(request.getMethod().toUpperCase(Locale.ROOT)))
            .uri(URI.create(uri + request.getPath()));
    for (Header h : request.getHeaders()) {
      if (isSigned(h.getName())) {
        b.appendHeader(h.getName(), h.getValue());
      }
    }
    return b.build();
  }

  /**
   * Copies the headers the signer added from the signed SDK request back onto the wire request.
   *
   * @param signed the signed SDK request
   * @param request the wire request
   */
  public static void copySignature(SdkHttpRequest signed, HttpRequest request) {
    for (String name : SIGNING_HEADERS) {
      List<String> values = signed.matchingHeaders(name);
      if (!values.isEmpty()) {
        request.setHeader(name, values.get(0));
      }
    }
  }

  /**
   * Tells whether a header is on the signing allow-list.
   *
   * @param name the header name, in any case
   * @return whether it is signed
   */
  public static boolean isSigned(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("host")
        || n.equals("content-type")
        || n.equals("content-encoding")
        || n.startsWith("x-amz-");
  }

  static String hostHeader(@Nullable String scheme, URIAuthority authority) {
    int port = authority.getPort();
    boolean defaultPort =
        port < 0
            || ("https".equalsIgnoreCase(scheme) && port == 443)
            || ("http".equalsIgnoreCase(scheme) && port == 80);
    return defaultPort ? authority.getHostName() : authority.getHostName() + ":" + port;
  }

  private static String portSuffix(int port) {
    return port < 0 ? "" : ":" + port;
  }

  /** Keeps valid path characters and escapes; percent-encodes everything else as UTF-8. */
  static void encodePath(String rawPath, StringBuilder out) {
    if (!rawPath.startsWith("/")) {
      out.append('/');
    }
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '%'
          && i + 2 < rawPath.length()
          && isHex(rawPath.charAt(i + 1))
          && isHex(rawPath.charAt(i + 2))) {
        out.append('%')
            .append(Character.toUpperCase(rawPath.charAt(i + 1)))
            .append(Character.toUpperCase(rawPath.charAt(i + 2)));
        i += 2;
      } else if (isUnreserved(c) || c == '/' || isSubDelim(c) || c == ':' || c == '@') {
        out.append(c);
      } else {
        int end = i + 1;
        if (Character.isHighSurrogate(c) && end < rawPath.length()) {
          end++;
        }
        encodeUtf8(rawPath.substring(i, end), out);
        i = end - 1;
      }
    }
  }

  /** Re-encodes a raw query per RFC 3986; {@code +} is read as a space, as OpenSearch reads it. */
  static void canonicalQuery(String rawQuery, StringBuilder out) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (start <= rawQuery.length()) {
      int amp = rawQuery.indexOf('&', start);
      int end = amp < 0 ? rawQuery.length() : amp;
      if (end > start) {
        parts.add(rawQuery.substring(start, end));
      }
      start = end + 1;
    }
    boolean first = true;
    for (String part : parts) {
      if (!first) {
        out.append('&');
      }
      first = false;
      int eq = part.indexOf('=');
      if (eq < 0) {
        encodeUtf8(decode(part), out);
      } else {
        encodeUtf8(decode(part.substring(0, eq)), out);
        out.append('=');
        encodeUtf8(decode(part.substring(eq + 1)), out);
      }
    }
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    byte[] bytes = new byte[s.length() * 3];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes[n++] = ' ';
      } else if (c == '%'
          && i + 2 < s.length()
          && isHex(s.charAt(i + 1))
          && isHex(s.charAt(i + 2))) {
        bytes[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          enc = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        System.arraycopy(enc, 0, bytes, n, enc.length);
        n += enc.length;
      }
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  private static void encodeUtf8(String s, StringBuilder out) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (isUnreserved(c)) {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static boolean isSubDelim(char c) {
    return "!$&'()*+,;=".indexOf(c) >= 0;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
