package dev.opskit.schemadiff.model;

import java.util.Locale;

/** Character set and collation names in the one spelling the model uses. */
public final class Charsets {
  private Charsets() {}

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
