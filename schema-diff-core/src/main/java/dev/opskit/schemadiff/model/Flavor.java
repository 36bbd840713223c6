package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.model.Charsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server flavor and version, which decides defaults that a schema does not spell out: the default
 * collation of each character set, for one.
 *
 * @param kind MySQL or MariaDB
 * @param major the major version
 * @param minor the minor version
 */
public record Flavor(Kind kind, int major, int minor) {
  /** MySQL 8.0, assumed for DDL text when nothing says otherwise. */
  public static final Flavor MYSQL_8_0 = new Flavor(Kind.MYSQL, 8, 0);

  /** MariaDB 10.11. */
  public static final Flavor MARIADB_10_11 = new Flavor(Kind.MARIADB, 10, 11);

  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)?(.*)");

  private static final Map<String, String> COMMON_DEFAULT_COLLATIONS =
      Map.ofEntries(
          Map.entry("latin1", "latin1_swedish_ci"),
          Map.entry("latin2", "latin2_general_ci"),
          Map.entry("ascii", "ascii_general_ci"),
          Map.entry("binary", "binary"),
          Map.entry("utf8mb3", "utf8mb3_general_ci"),
          Map.entry("utf16", "utf16_general_ci"),
          Map.entry("utf16le", "utf16le_general_ci"),
          Map.entry("utf32", "utf32_general_ci"),
          Map.entry("ucs2", "ucs2_general_ci"),
          Map.entry("cp1250", "cp1250_general_ci"),
          Map.entry("cp1251", "cp1251_general_ci"),
          Map.entry("cp1256", "cp1256_general_ci"),
          Map.entry("cp1257", "cp1257_general_ci"),
          Map.entry("cp850", "cp850_general_ci"),
          Map.entry("cp852", "cp852_general_ci"),
          Map.entry("cp866", "cp866_general_ci"),
          Map.entry("cp932", "cp932_japanese_ci"),
          Map.entry("eucjpms", "eucjpms_japanese_ci"),
          Map.entry("euckr", "euckr_korean_ci"),
          Map.entry("big5", "big5_chinese_ci"),
          Map.entry("gb2312", "gb2312_chinese_ci"),
          Map.entry("gbk", "gbk_chinese_ci"),
          Map.entry("gb18030", "gb18030_chinese_ci"),
          Map.entry("sjis", "sjis_japanese_ci"),
          Map.entry("ujis", "ujis_japanese_ci"),
          Map.entry("greek", "greek_general_ci"),
          Map.entry("hebrew", "hebrew_general_ci"),
          Map.entry("tis620", "tis620_thai_ci"),
          Map.entry("koi8r", "koi8r_general_ci"),
          Map.entry("koi8u", "koi8u_general_ci"),
          Map.entry("swe7", "swe7_swedish_ci"),
          Map.entry("dec8", "dec8_swedish_ci"),
          Map.entry("hp8", "hp8_english_ci"),
          Map.entry("armscii8", "armscii8_general_ci"),
          Map.entry("geostd8", "geostd8_general_ci"),
          Map.entry("keybcs2", "keybcs2_general_ci"),
          Map.entry("macce", "macce_general_ci"),
          Map.entry("macroman", "macroman_general_ci"),
          Map.entry("latin5", "latin5_turkish_ci"),
          Map.entry("latin7", "latin7_general_ci"));

  /** Validates the parts. */
  public Flavor {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * Parses a server version string such as {@code 8.4.3} or {@code 10.11.19-MariaDB-0+deb12u1}.
   *
   * @param version what {@code SELECT VERSION()} or a mysqldump header says
   * @return the flavor
   * @throws IllegalArgumentException if the text holds no version number
   */
  public static Flavor parse(String version) {
    Matcher m = VERSION.matcher(version.trim());
    if (!m.lookingAt()) {
      throw new IllegalArgumentException("not a server version: '" + version + "'");
    }
    Kind kind = m.group(3).toLowerCase(Locale.ROOT).contains("mariadb") ? Kind.MARIADB : Kind.MYSQL;
    return new Flavor(kind, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /**
   * Returns whether this is MariaDB.
   *
   * @return true for MariaDB
   */
  public boolean isMariaDb() {
    return kind == Kind.MARIADB;
  }

  /**
   * Returns the collation a character set gets when a schema names only the character set.
   *
   * @param charset a character set name, {@code utf8} meaning {@code utf8mb3}
   * @return the collation name
   */
  public String defaultCollation(String charset) {
    String name = Charsets.canonicalCharset(charset);
    if (name.equals("utf8mb4")) {
      return kind == Kind.MYSQL && major >= 8 ? "utf8mb4_0900_ai_ci" : "utf8mb4_general_ci";
    }
    String known = COMMON_DEFAULT_COLLATIONS.get(name);
    return known != null ? known : name + "_general_ci";
  }

  @Override
  public String toString() {
    return (kind == Kind.MARIADB ? "MariaDB " : "MySQL ") + major + "." + minor;
  }

  /** The server products. */
  public enum Kind {
    /** Oracle MySQL (and Percona Server). */
    MYSQL,
    /** MariaDB. */
    MARIADB
  }
}
