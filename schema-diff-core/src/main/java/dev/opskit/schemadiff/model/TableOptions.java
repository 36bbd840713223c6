package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.model.Charsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Canonical names and values of table options. */
final class TableOptions {
  /** The option holding the table's default character set. */
  static final String CHARSET = "DEFAULT CHARSET";

  /** The option holding the table's default collation. */
  static final String COLLATE = "COLLATE";

  static final String ENGINE = "ENGINE";

  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  private static final Map<String, String> ENGINES =
      Map.ofEntries(
          Map.entry("innodb", "InnoDB"),
          Map.entry("myisam", "MyISAM"),
          Map.entry("aria", "Aria"),
          Map.entry("memory", "MEMORY"),
          Map.entry("heap", "MEMORY"),
          Map.entry("csv", "CSV"),
          Map.entry("archive", "ARCHIVE"),
          Map.entry("blackhole", "BLACKHOLE"),
          Map.entry("merge", "MRG_MyISAM"),
          Map.entry("mrg_myisam", "MRG_MyISAM"),
          Map.entry("federated", "FEDERATED"),
          Map.entry("rocksdb", "ROCKSDB"),
          Map.entry("sequence", "SEQUENCE"),
          Map.entry("connect", "CONNECT"),
          Map.entry("spider", "SPIDER"),
          Map.entry("columnstore", "Columnstore"),
          Map.entry("s3", "S3"),
          Map.entry("ndbcluster", "ndbcluster"),
          Map.entry("ndb", "ndbcluster"));

  private TableOptions() {}

  static SortedMap<String, String> canonical(Map<String, String> options) {
    SortedMap<String, String> out = new TreeMap<>();
    options.forEach(
        (key, value) -> {
          String name = canonicalName(key);
          String canonical = canonicalValue(name, value);
          if (canonical != null) {
            out.put(name, canonical);
          }
        });
    return Collections.unmodifiableSortedMap(out);
  }

  static String canonicalName(String key) {
    String name =
        WHITESPACE.matcher(key.trim().toUpperCase(Locale.ROOT).replace('_', ' ')).replaceAll(" ");
    return switch (name) {
      case "CHARSET", "CHARACTER SET", "DEFAULT CHARACTER SET", "DEFAULT CHARSET" -> CHARSET;
      case "COLLATE", "DEFAULT COLLATE", "COLLATION" -> COLLATE;
      case "TYPE" -> ENGINE;
      default -> name.replace(' ', '_');
    };
  }

  private static String canonicalValue(String name, String value) {
    String v = value.trim();
    switch (name) {
      case ENGINE:
        return ENGINES.getOrDefault(v.toLowerCase(Locale.ROOT), v);
      case CHARSET:
        return Charsets.canonicalCharset(v);
      case COLLATE:
        return Charsets.canonicalCollation(v);
      case "COMMENT":
        return v.isEmpty() ? null : value;
      case "AUTO_INCREMENT":
        // 1 is where every table starts; MariaDB's information_schema reports it, SHOW CREATE not.
        return v.equals("1") || v.isEmpty() ? null : v;
      case "ROW_FORMAT":
        return v.equalsIgnoreCase("DEFAULT") ? null : v.toUpperCase(Locale.ROOT);
      default:
        return v.toUpperCase(Locale.ROOT).equals("DEFAULT") ? null : v;
    }
  }
}
