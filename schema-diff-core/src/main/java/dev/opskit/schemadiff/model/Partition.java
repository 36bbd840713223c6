package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One partition of a partitioned table.
 *
 * @param name the partition name
 * @param values {@code LESS THAN (...)}, {@code LESS THAN MAXVALUE} or {@code IN (...)} with
 *     canonical values; null for HASH and KEY partitions
 * @param comment the comment, empty when none
 * @param subpartitions the names of its subpartitions, empty when not subpartitioned by name
 */
public record Partition(
    String name, @Nullable String values, String comment, List<String> subpartitions) {

  /** Canonicalizes the values. */
  public Partition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(comment, "comment");
    subpartitions = List.copyOf(subpartitions);
    if (values != null) {
      values = canonicalValues(values);
    }
  }

  /**
   * Returns a partition without comment or subpartitions.
   *
   * @param name the name
   * @param values the values clause, or null
   * @return the partition
   */
  public static Partition of(String name, @Nullable String values) {
    return new Partition(name, values, "", List.of());
  }

  private static String canonicalValues(String values) {
    String text = values.trim();
    String upper = text.toUpperCase(Locale.ROOT);
    String keyword;
    String rest;
    if (upper.startsWith("LESS THAN")) {
      keyword = "LESS THAN";
      rest = text.substring("LESS THAN".length()).trim();
    } else if (upper.startsWith("IN")) {
      keyword = "IN";
      rest = text.substring(2).trim();
    } else {
      return SqlExpressions.canonicalBody(text, "").toUpperCase(Locale.ROOT);
    }
    if (rest.startsWith("(") && rest.endsWith(")")) {
      rest = rest.substring(1, rest.length() - 1).trim();
    }
    if (rest.equalsIgnoreCase("MAXVALUE")) {
      return keyword + " MAXVALUE";
    }
    String canonical = SqlExpressions.canonical("(" + rest + ")");
    if (canonical.startsWith("(") && canonical.endsWith(")")) {
      canonical = canonical.substring(1, canonical.length() - 1);
    }
    return keyword + " (" + canonical.replace("`maxvalue`", "MAXVALUE") + ")";
  }
}
