package dev.opskit.redash.internal.pg;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Checks database and role names where they enter, and quotes them for the two places outside SQL
 * where they travel: libpq connection strings and POSIX shell command lines.
 *
 * <p>Every name PostgreSQL stores as given is accepted: quotes, {@code $$}, {@code =}, spaces,
 * leading dashes and any Unicode. Refused are the names it cannot: empty ones, longer than 63 bytes
 * of UTF-8 (the server would silently cut them, so the copy made would have another name) and those
 * with control characters (which no tool quotes alike, and pg_dumpall refuses).
 */
public final class PgNames {
  /** The longest name PostgreSQL keeps, in bytes of UTF-8 (NAMEDATALEN - 1). */
  public static final int MAX_BYTES = 63;

  private static final String ALLOWED =
      "allowed: 1 to "
          + MAX_BYTES
          + " bytes of UTF-8 without control characters (quotes, $, =, spaces and other Unicode"
          + " are fine)";

  private PgNames() {}

  /**
   * Checks a database or role name.
   *
   * @param what what the name is, for the message, such as {@code database name} or {@code role}
   * @param name the name
   * @return the name
   * @throws NullPointerException if it is null
   * @throws IllegalArgumentException if it is empty, too long or has a control character
   */
  public static String require(String what, String name) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty; " + ALLOWED);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (isControl(c)) {
        throw new IllegalArgumentException(
            what
                + " "
                + visible(name)
                + " is refused: it contains the control character "
                + String.format("U+%04X", (int) c)
                + " at index "
                + i
                + "; "
                + ALLOWED);
      }
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          what
              + " "
              + visible(name)
              + " is refused: it is "
              + bytes
              + " bytes long in UTF-8 and PostgreSQL would cut it to "
              + MAX_BYTES
              + "; "
              + ALLOWED);
    }
    return name;
  }

  /**
   * A name derived from another by a suffix, such as {@code <db>_restore_<time>}, cut so that it
   * fits in {@value #MAX_BYTES} bytes of UTF-8: the base loses whole characters from its end (the
   * server would cut the whole name by bytes, losing the suffix, with only a NOTICE).
   *
   * @param base the name derived from
   * @param suffix the suffix, kept whole; at most {@value #MAX_BYTES} bytes
   * @return the derived name
   */
  public static String withSuffix(String base, String suffix) {
    int room = MAX_BYTES - suffix.getBytes(StandardCharsets.UTF_8).length;
    if (room < 0) {
      throw new IllegalArgumentException(
          "suffix " + visible(suffix) + " is over " + MAX_BYTES + " bytes");
    }
    int end = 0;
    int bytes = 0;
    while (end < base.length()) {
      int codePoint = base.codePointAt(end);
      int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > room) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return base.substring(0, end) + suffix;
  }

  /**
   * Whether a character is a control character: below U+0020, or U+007F.
   *
   * @param c the character
   * @return true for a control character
   */
  public static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f;
  }

  /**
   * A name as it may be shown in a message: in double quotes, with control characters and
   * backslashes escaped Java-style so that nothing in it can break the line it is printed on.
   *
   * @param name the name
   * @return the quoted name
   */
  public static String visible(String name) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        default -> {
          if (isControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * Quotes a value for a libpq connection string ({@code keyword='value'}): in single quotes, with
   * each backslash and single quote escaped by a backslash. A database name passed as {@code
   * dbname='...'} is taken as it is, never read as a connection string or URI itself.
   *
   * @param value the value
   * @return the quoted value
   */
  public static String conninfoQuote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * Quotes an argument for a POSIX shell: in single quotes, inside which nothing is special, each
   * single quote written as {@code '\''} (end the quotes, an escaped quote, quote again).
   *
   * @param argument the argument
   * @return the quoted argument, which the shell turns back into exactly one word
   */
  public static String shellQuote(String argument) {
    return "'" + argument.replace("'", "'\\''") + "'";
  }
}
