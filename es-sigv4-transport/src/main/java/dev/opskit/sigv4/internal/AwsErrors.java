package dev.opskit.sigv4.internal;

import dev.opskit.sigv4.AwsRequestRejectedException;
import org.jspecify.annotations.Nullable;

/**
 * Reads AWS's rejection of a request: the error type from {@code x-amzn-ErrorType} and the message
 * from a JSON body ({@code {"message": ...}} or {@code {"Message": ...}}), and tells it apart from
 * an error the service behind AWS's front end sent (which has an {@code "error"} member).
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class AwsErrors {
  /** AWS's message is kept up to this many characters. */
  static final int MAX_MESSAGE = 1000;

  private static final String[] QUOTES = {
    "The Canonical String for this request should have been", "The String-to-Sign should have been"
  };

  private AwsErrors() {}

  /**
   * Returns the exception for a response AWS rejected, or {@code null} when the response is not
   * AWS's own rejection.
   *
   * @param method the request method
   * @param path the request path, without the query
   * @param status the HTTP status
   * @param errorTypeHeader the {@code x-amzn-ErrorType} header, or {@code null}
   * @param requestId the {@code x-amzn-RequestId} header, or {@code null}
   * @param body the response body, or {@code null}
   * @return the exception, or {@code null}
   */
  public static @Nullable AwsRequestRejectedException rejection(
      String method,
      String path,
      int status,
      @Nullable String errorTypeHeader,
      @Nullable String requestId,
      @Nullable String body) {
    if (status != 401 && status != 403) {
      return null;
    }
    String type = errorTypeHeader == null ? null : errorType(errorTypeHeader);
    String message = body == null ? null : message(body);
    if (type == null && (message == null || body.contains("\"error\""))) {
      return null;
    }
    return new AwsRequestRejectedException(
        method,
        path,
        status,
        type,
        message == null ? "(no message)" : sanitize(message),
        requestId == null || requestId.isBlank() ? null : requestId);
  }

  /**
   * Returns the error type without the namespace AWS appends after a colon.
   *
   * @param header the {@code x-amzn-ErrorType} value
   * @return the error type
   */
  public static String errorType(String header) {
    int colon = header.indexOf(':');
    return (colon < 0 ? header : header.substring(0, colon)).trim();
  }

  /** Cuts the canonical request and string to sign AWS may quote: they carry the session token. */
  static String sanitize(String message) {
    String m = message;
    for (String quote : QUOTES) {
      int at = m.indexOf(quote);
      if (at >= 0) {
        m = m.substring(0, at);
      }
    }
    m = m.strip();
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
  }

  /** Returns the string value of a top-level {@code message} or {@code Message}, if any. */
  static @Nullable String message(String json) {
    for (String key : new String[] {"\"message\"", "\"Message\""}) {
      int at = json.indexOf(key);
      if (at < 0) {
        continue;
      }
      int i = at + key.length();
      while (i < json.length()
          && (Character.isWhitespace(json.charAt(i)) || json.charAt(i) == ':')) {
        i++;
      }
      if (i < json.length() && json.charAt(i) == '"') {
        return string(json, i + 1);
      }
    }
    return null;
  }

  private static @Nullable String string(String json, int start) {
    StringBuilder out = new StringBuilder();
    for (int i = start; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\' || i + 1 >= json.length()) {
        out.append(c);
        continue;
      }
      char e = json.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (i + 4 >= json.length()) {
            return null;
          }
          out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(e);
      }
    }
    return null;
  }
}
