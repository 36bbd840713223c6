package dev.opskit.schemadiff.internal.model;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Character set and collation names in the one spelling the model uses. */
public final class Charsets {
  /** The widest character of each multi-byte character set, in bytes; the others use one. */
  private static final Map<String, Integer> MAX_BYTES =
      Map.ofEntries(
          Map.entry("big5", 2),
          Map.entry("cp932", 2),
          Map.entry("euckr", 2),
          Map.entry("eucjpms", 3),
          Map.entry("gb18030", 4),
          Map.entry("gb2312", 2),
          Map.entry("gbk", 2),
          Map.entry("sjis", 2),
          Map.entry("ucs2", 2),
          Map.entry("ujis", 3),
          Map.entry("utf16", 4),
          Map.entry("utf16le", 4),
          Map.entry("utf32", 4),
          Map.entry("utf8mb3", 3),
          Map.entry("utf8mb4", 4));

  /** The narrowest character of the character sets whose characters all take more than a byte. */
  private static final Map<String, Integer> MIN_BYTES =
      Map.of("ucs2", 2, "utf16", 2, "utf16le", 2, "utf32", 4);

  /** Character sets of one byte per character, as MySQL 8.0 and MariaDB 10.11 list them. */
  private static final Set<String> SINGLE_BYTE =
      Set.of(
          "armscii8",
          "ascii",
          "binary",
          "cp1250",
          "cp1251",
          "cp1256",
          "cp1257",
          "cp850",
          "cp852",
          "cp866",
          "dec8",
          "geostd8",
          "greek",
          "hebrew",
          "hp8",
          "keybcs2",
          "koi8r",
          "koi8u",
          "latin1",
          "latin2",
          "latin5",
          "latin7",
          "macce",
          "macroman",
          "swe7",
          "tis620");

  private Charsets() {}

  /**
   * Returns the most bytes one character takes in a character set: 1 for {@code latin1}, 3 for
   * {@code utf8mb3}, 4 for {@code utf8mb4}, {@code utf16} and {@code utf32}.
   *
   * @param charset a character set name, or null when not known
   * @return the width in bytes; 4, the widest of any character set, for one this class does not
   *     know, so that a capacity computed from it is never too small
   */
  public static int maxBytesPerChar(@Nullable String charset) {
    if (charset == null) {
      return 4;
    }
    String name = canonicalCharset(charset);
    Integer bytes = MAX_BYTES.get(name);
    return bytes != null ? bytes : SINGLE_BYTE.contains(name) ? 1 : 4;
  }

  /**
   * Returns the fewest bytes one character takes in a character set: 1 for every ASCII-compatible
   * character set, 2 for {@code ucs2} and {@code utf16}, 4 for {@code utf32}.
   *
   * @param charset a character set name, or null when not known
   * @return the width in bytes; 1 for a character set this class does not know, so that a count of
   *     characters computed from it is never too small
   */
  public static int minBytesPerChar(@Nullable String charset) {
    return charset == null ? 1 : MIN_BYTES.getOrDefault(canonicalCharset(charset), 1);
  }

  /**
   * Returns whether every character of a character set is in Unicode's Basic Multilingual Plane, so
   * {@code utf8mb3} and {@code ucs2} can hold it: true for the one-byte character sets, {@code
   * utf8mb3} and {@code ucs2}.
   *
   * @param charset a character set name, or null when not known
   * @return true when the character set is known to hold only BMP characters
   */
  public static boolean isBmpOnly(@Nullable String charset) {
    if (charset == null) {
      return false;
    }
    String name = canonicalCharset(charset);
    return (SINGLE_BYTE.contains(name) && !name.equals("binary"))
        || name.equals("utf8mb3")
        || name.equals("ucs2");
  }

  /**
   * Returns the canonical name of a character set: lower case, with {@code utf8} spelled {@code
   * utf8mb3} as MySQL 8.0.30+ and MariaDB 10.6+ print it.
   *
   * @param charset a character set name
   * @return the canonical name
   */
  public static String canonicalCharset(String charset) {
    String name = charset.toLowerCase(Locale.ROOT);
    return name.equals("utf8") ? "utf8mb3" : name;
  }

  /**
   * Returns the canonical name of a collation: lower case, with {@code utf8_} spelled {@code
   * utf8mb3_}.
   *
   * @param collation a collation name
   * @return the canonical name
   */
  public static String canonicalCollation(String collation) {
    String name = collation.toLowerCase(Locale.ROOT);
    return name.startsWith("utf8_") ? "utf8mb3_" + name.substring(5) : name;
  }

  /**
   * Returns the character set a collation belongs to.
   *
   * @param collation a collation name
   * @return the character set name
   */
  public static String charsetOf(String collation) {
    String name = canonicalCollation(collation);
    if (name.equals("binary")) {
      return "binary";
    }
    if (name.startsWith("uca1400_")) {
      return "utf8mb4";
    }
    int underscore = name.indexOf('_');
    return underscore < 0 ? name : name.substring(0, underscore);
  }
}
