package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.internal.sql.TokenType;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.Partitioning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code PARTITION BY}: every method (HASH, KEY, RANGE, LIST, their LINEAR and COLUMNS forms,
 * MariaDB's SYSTEM_TIME), partition and subpartition counts, and partition definitions. Storage
 * engines and other per-partition storage options are read and dropped; the model keeps values,
 * comments and subpartition names.
 */
final class PartitionParser {
  private final TokenCursor c;

  /**
   * Per-partition options the model has no place for, by partition or subpartition name; under the
   * empty name, those of the partitioning clause itself.
   */
  final Map<String, Map<String, String>> unmodeled = new LinkedHashMap<>();

  PartitionParser(TokenCursor c) {
    this.c = c;
  }

  Partitioning partitioning() {
    c.expect("PARTITION", "BY");
    Method method = method(false);
    int count = 0;
    if (c.accept("PARTITIONS")) {
      count = c.integer("a number of partitions");
    }
    Method sub = null;
    int subCount = 0;
    if (c.accept("SUBPARTITION", "BY")) {
      sub = method(true);
      if (c.accept("SUBPARTITIONS")) {
        subCount = c.integer("a number of subpartitions");
      }
    }
    List<Partition> partitions = new ArrayList<>();
    if (c.accept("(")) {
      do {
        partitions.add(partition());
      } while (c.accept(","));
      if (!c.accept(")")) {
        throw c.fail("',' or ')'");
      }
    }
    if (count == 0) {
      count = method.name().equals("SYSTEM_TIME") ? 2 : 1;
    }
    if (sub != null && subCount == 0) {
      subCount = partitions.isEmpty() ? 1 : Math.max(1, partitions.get(0).subpartitions().size());
    }
    return new Partitioning(
        method.name(),
        method.expression(),
        count,
        sub == null ? null : sub.name(),
        sub == null ? null : sub.expression(),
        subCount,
        partitions);
  }

  private Method method(boolean sub) {
    boolean linear = c.accept("LINEAR");
    String prefix = linear ? "LINEAR " : "";
    if (c.accept("HASH")) {
      return new Method(prefix + "HASH", parenthesizedExpression());
    }
    if (c.accept("KEY")) {
      if (c.accept("ALGORITHM")) {
        c.expect("=");
        int algorithm = c.integer("1 or 2");
        if (algorithm != 2) {
          // 2 is the default since MySQL 5.5; 1 places rows as 5.1 did.
          unmodeled
              .computeIfAbsent("", k -> new TreeMap<>())
              .put(
                  (sub ? "SUBPARTITION" : "PARTITION") + " BY KEY ALGORITHM",
                  Integer.toString(algorithm));
        }
      }
      return new Method(prefix + "KEY", parenthesized());
    }
    if (!linear && !sub) {
      for (String kind : new String[] {"RANGE", "LIST"}) {
        if (c.accept(kind)) {
          if (c.accept("COLUMNS")) {
            return new Method(kind + " COLUMNS", parenthesized());
          }
          return new Method(kind, parenthesizedExpression());
        }
      }
      if (c.accept("SYSTEM_TIME")) {
        return new Method("SYSTEM_TIME", systemTime());
      }
    }
    throw c.fail(
        linear
            ? "HASH or KEY"
            : sub
                ? "[LINEAR] HASH or [LINEAR] KEY"
                : "[LINEAR] HASH, [LINEAR] KEY, RANGE, LIST" + " or SYSTEM_TIME");
  }

  private String parenthesizedExpression() {
    int inside = c.skipParenthesized();
    return c.expression(inside, c.position() - 1);
  }

  private String parenthesized() {
    int inside = c.skipParenthesized();
    return c.text(inside, c.position() - 1);
  }

  /** Reads {@code INTERVAL n unit [STARTS ts] [AUTO]} or {@code LIMIT n [AUTO]}, if present. */
  private String systemTime() {
    List<String> words = new ArrayList<>();
    while (!c.atEnd() && !c.at("(") && !c.at("PARTITIONS") && !c.at("SUBPARTITION") && !c.at(",")) {
      Token t = c.next();
      // MariaDB prints STARTS TIMESTAMP'...'; the literal alone means the same.
      if (t.is("TIMESTAMP") && c.peek().type() == TokenType.STRING) {
        continue;
      }
      words.add(t.text());
    }
    return String.join(" ", words);
  }

  private Partition partition() {
    c.expect("PARTITION");
    String name = c.name("a partition name");
    String values = null;
    if (c.accept("VALUES")) {
      if (c.accept("LESS", "THAN")) {
        values =
            c.accept("MAXVALUE") ? "LESS THAN MAXVALUE" : "LESS THAN (" + parenthesized() + ")";
      } else if (c.accept("IN")) {
        values = "IN (" + parenthesized() + ")";
      } else {
        throw c.fail("LESS THAN or IN");
      }
    } else if (c.at("HISTORY") || c.at("CURRENT") || c.at("DEFAULT")) {
      values = c.next().upper();
    }
    String comment = options(name);
    List<String> subpartitions = new ArrayList<>();
    if (c.accept("(")) {
      do {
        c.expect("SUBPARTITION");
        String subpartition = c.name("a subpartition name");
        subpartitions.add(subpartition);
        options(subpartition);
      } while (c.accept(","));
      if (!c.accept(")")) {
        throw c.fail("',' or ')'");
      }
    }
    return new Partition(name, values, comment == null ? "" : comment, subpartitions);
  }

  /**
   * Reads per-partition options and returns the comment, if any; the others go to {@link
   * #unmodeled} (the engine too: a table uses one engine, and {@code TableDraft} reports a
   * partition's only when it is another one).
   */
  private @Nullable String options(String partition) {
    String comment = null;
    Map<String, String> options = new TreeMap<>();
    while (true) {
      if (c.accept("COMMENT")) {
        c.accept("=");
        comment = c.string("a comment string");
      } else if (c.accept("STORAGE", "ENGINE") || c.accept("ENGINE")) {
        c.accept("=");
        options.put("ENGINE", c.name("an engine name"));
      } else if (c.at("DATA") || c.at("INDEX")) {
        String option = c.next().upper() + " DIRECTORY";
        c.expect("DIRECTORY");
        c.accept("=");
        options.put(option, c.string("a directory string"));
      } else if (c.at("MAX_ROWS") || c.at("MIN_ROWS") || c.at("NODEGROUP")) {
        String option = c.next().upper();
        c.accept("=");
        options.put(option, Integer.toString(c.integer("a number")));
      } else if (c.accept("TABLESPACE")) {
        c.accept("=");
        options.put("TABLESPACE", c.name("a tablespace name"));
      } else {
        if (!options.isEmpty()) {
          unmodeled.put(partition, options);
        }
        return comment;
      }
    }
  }

  private record Method(String name, String expression) {}
}
