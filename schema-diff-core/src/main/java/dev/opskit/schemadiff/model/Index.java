package dev.opskit.schemadiff.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A table index.
 *
 * @param name the index name; {@code PRIMARY} for the primary key
 * @param kind what kind of index it is
 * @param parts the indexed columns or expressions, in order
 * @param visible false for MySQL {@code INVISIBLE} or MariaDB {@code IGNORED} indexes
 * @param comment the comment, empty when none
 * @param parser the FULLTEXT parser ({@code WITH PARSER ngram}), or null
 * @param algorithm {@code HASH} when declared so; null for the engine's default ({@code BTREE} is
 *     the default for InnoDB and is not kept)
 * @param options other index options by upper-case name, such as a MariaDB VECTOR index's {@code M}
 *     and {@code DISTANCE}; empty for most indexes
 */
public record Index(
    String name,
    IndexKind kind,
    List<IndexPart> parts,
    boolean visible,
    String comment,
    @Nullable String parser,
    @Nullable String algorithm,
    Map<String, String> options) {

  /** Copies the parts and normalizes the name and algorithm. */
  public Index {
    Objects.requireNonNull(kind, "kind");
    name = kind == IndexKind.PRIMARY ? "PRIMARY" : Objects.requireNonNull(name, "name");
    if (kind == IndexKind.SPATIAL || kind == IndexKind.FULLTEXT || kind == IndexKind.VECTOR) {
      // These index whole values; MariaDB's information_schema shows SPATIAL parts as (32).
      parts =
          parts.stream()
              .map(
                  p ->
                      p.prefixLength() == null
                          ? p
                          : new IndexPart(p.column(), p.expression(), null, p.descending()))
              .toList();
    }
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("index " + name + " has no parts");
    }
    Objects.requireNonNull(comment, "comment");
    parser = parser == null ? null : parser.toLowerCase(Locale.ROOT);
    java.util.TreeMap<String, String> canonical = new java.util.TreeMap<>();
    options.forEach(
        (key, value) ->
            canonical.put(key.toUpperCase(Locale.ROOT), value.toUpperCase(Locale.ROOT)));
    options = java.util.Collections.unmodifiableSortedMap(canonical);
    if (algorithm != null) {
      algorithm = algorithm.toUpperCase(Locale.ROOT);
      if (algorithm.equals("BTREE")
          || kind == IndexKind.FULLTEXT
          || kind == IndexKind.SPATIAL
          || kind == IndexKind.VECTOR) {
        algorithm = null;
      }
    }
  }

  /**
   * Returns a visible index without comment, parser or algorithm.
   *
   * @param name the name
   * @param kind the kind
   * @param parts the parts
   * @return the index
   */
  public static Index of(String name, IndexKind kind, List<IndexPart> parts) {
    return new Index(name, kind, parts, true, "", null, null, Map.of());
  }

  /**
   * Returns whether this index is unique (the primary key included).
   *
   * @return true for PRIMARY and UNIQUE
   */
  public boolean isUnique() {
    return kind == IndexKind.PRIMARY || kind == IndexKind.UNIQUE;
  }

  /**
   * The group MySQL and MariaDB sort this index into when they store a table (sort_keys in
   * sql_table.cc): the primary key, then unique keys (on NOT NULL columns before nullable ones,
   * whole columns before prefixes), then other keys, FULLTEXT last.
   *
   * @param nullable whether a column of the table, by name, is nullable (true for an unknown name)
   * @return the group, 0 to 6
   */
  public int serverGroup(java.util.function.Predicate<String> nullable) {
    if (kind == IndexKind.PRIMARY) {
      return 0;
    }
    if (kind == IndexKind.UNIQUE) {
      boolean nullablePart =
          parts.stream().anyMatch(p -> p.column() == null || nullable.test(p.column()));
      boolean prefix = parts.stream().anyMatch(p -> p.prefixLength() != null);
      return 1 + (nullablePart ? 2 : 0) + (prefix ? 1 : 0);
    }
    return kind == IndexKind.FULLTEXT ? 6 : 5;
  }
}
