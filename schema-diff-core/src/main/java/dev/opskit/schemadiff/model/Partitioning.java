package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a table is partitioned.
 *
 * <p>For HASH and KEY partitioning the partitions are listed only when they carry more than the
 * server's default names {@code p0}, {@code p1}, ...; {@link #count()} always says how many there
 * are.
 *
 * @param method {@code RANGE}, {@code RANGE COLUMNS}, {@code LIST}, {@code LIST COLUMNS}, {@code
 *     HASH}, {@code LINEAR HASH}, {@code KEY}, {@code LINEAR KEY} or {@code SYSTEM_TIME}
 * @param expression the canonical partitioning expression, or for COLUMNS and KEY the backticked
 *     column list ({@code `a`,`b`}; empty for {@code KEY()})
 * @param count how many partitions there are
 * @param subMethod the subpartitioning method, or null
 * @param subExpression the subpartitioning expression, or null
 * @param subCount subpartitions per partition, 0 when not subpartitioned
 * @param partitions the partitions, in order (empty for HASH/KEY with default names)
 */
public record Partitioning(
    String method,
    String expression,
    int count,
    @Nullable String subMethod,
    @Nullable String subExpression,
    int subCount,
    List<Partition> partitions) {

  /** Canonicalizes the method and expressions and drops default HASH/KEY partition names. */
  public Partitioning {
    method = method.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    expression = canonicalExpression(method, Objects.requireNonNull(expression, "expression"));
    if (subMethod != null) {
      subMethod = subMethod.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
      subExpression =
          canonicalExpression(subMethod, Objects.requireNonNull(subExpression, "subExpression"));
    } else {
      subExpression = null;
      subCount = 0;
    }
    partitions = withoutDefaultSubpartitionNames(partitions);
    if (!partitions.isEmpty()) {
      count = partitions.size();
    }
    if (count < 1) {
      count = 1;
    }
    if (hasDefaultNames(partitions)) {
      partitions = List.of();
    }
  }

  /**
   * Returns whether partitions come from value lists (RANGE, LIST) rather than hashing.
   *
   * @return true for RANGE and LIST methods
   */
  public boolean isValueBased() {
    return method.startsWith("RANGE") || method.startsWith("LIST");
  }

  /** Drops subpartition names that are the server's defaults: {@code <partition>sp<n>}. */
  private static List<Partition> withoutDefaultSubpartitionNames(List<Partition> partitions) {
    List<Partition> out = new ArrayList<>();
    for (Partition p : partitions) {
      List<String> names = p.subpartitions();
      boolean defaults = !names.isEmpty();
      for (int i = 0; i < names.size() && defaults; i++) {
        defaults = names.get(i).equalsIgnoreCase(p.name() + "sp" + i);
      }
      out.add(defaults ? new Partition(p.name(), p.values(), p.comment(), List.of()) : p);
    }
    return List.copyOf(out);
  }

  private static boolean hasDefaultNames(List<Partition> partitions) {
    if (partitions.isEmpty()) {
      return false;
    }
    for (int i = 0; i < partitions.size(); i++) {
      Partition p = partitions.get(i);
      if (!p.name().equalsIgnoreCase("p" + i)
          || p.values() != null
          || !p.comment().isEmpty()
          || !p.subpartitions().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static String canonicalExpression(String method, String expression) {
    String text = expression.trim();
    if (text.startsWith("(") && text.endsWith(")")) {
      text = text.substring(1, text.length() - 1).trim();
    }
    if (method.contains("COLUMNS") || method.endsWith("KEY")) {
      List<String> names = new ArrayList<>();
      for (String part : text.split(",")) {
        String name = part.trim();
        if (name.startsWith("`") && name.endsWith("`") && name.length() > 1) {
          name = name.substring(1, name.length() - 1).replace("``", "`");
        }
        if (!name.isEmpty()) {
          names.add(SqlExpressions.quoteName(name.toLowerCase(Locale.ROOT)));
        }
      }
      return String.join(",", names);
    }
    if (method.equals("SYSTEM_TIME")) {
      // INTERVAL 1 DAY STARTS '...' AUTO is a clause, not an expression.
      return SqlExpressions.canonicalBody(text, "");
    }
    return text.isEmpty() ? "" : SqlExpressions.canonical(text);
  }
}
