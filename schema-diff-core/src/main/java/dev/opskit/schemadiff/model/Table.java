package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.model.Charsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A table, normalized as the server would store it.
 *
 * <p>Building a table applies what the server does implicitly: primary-key columns become NOT NULL,
 * a foreign key without a covering index gets the index InnoDB would create, indexes are ordered as
 * the server orders them (primary, unique, plain, fulltext), foreign keys and checks are ordered by
 * name, and MariaDB's {@code JSON} (a {@code longtext} with a {@code json_valid} check) reads as
 * {@code json}. Options use canonical names ({@code ENGINE}, {@code DEFAULT CHARSET}, {@code
 * COLLATE}, {@code ROW_FORMAT}, {@code AUTO_INCREMENT}, ...).
 *
 * @param name the table name
 * @param columns the columns, in order
 * @param indexes the indexes, in the server's order
 * @param foreignKeys the foreign keys, by name
 * @param checks the CHECK constraints, by name
 * @param options the table options by canonical name
 * @param partitioning how the table is partitioned, or null
 */
public record Table(
    String name,
    List<Column> columns,
    List<Index> indexes,
    List<ForeignKey> foreignKeys,
    List<CheckConstraint> checks,
    Map<String, String> options,
    @Nullable Partitioning partitioning)
    implements SchemaObject {

  /** The option that holds the table's default character set. */
  public static final String DEFAULT_CHARSET = TableOptions.CHARSET;

  /** The option that holds the table's default collation. */
  public static final String COLLATE = TableOptions.COLLATE;

  /** Normalizes the table; see the class description. */
  public Table {
    Objects.requireNonNull(name, "name");
    options = TableOptions.canonical(options);
    List<CheckConstraint> checkList = new ArrayList<>(checks);
    List<Column> columnList = mariaDbJson(columns, checkList);
    Set<String> primary =
        indexes.stream()
            .filter(i -> i.kind() == IndexKind.PRIMARY)
            .flatMap(i -> i.parts().stream())
            .map(IndexPart::column)
            .filter(Objects::nonNull)
            .map(c -> c.toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    for (int i = 0; i < columnList.size(); i++) {
      Column c = columnList.get(i);
      if (c.nullable() && primary.contains(c.name().toLowerCase(Locale.ROOT))) {
        columnList.set(i, c.toBuilder().nullable(false).build());
      }
    }
    columns = new ColumnList(columnList);
    foreignKeys = foreignKeys.stream().sorted(Comparator.comparing(ForeignKey::name)).toList();
    checks = checkList.stream().sorted(Comparator.comparing(CheckConstraint::name)).toList();
    indexes = serverOrder(withForeignKeyIndexes(indexes, foreignKeys), columns);
  }

  /**
   * Starts building a table.
   *
   * @param name the table name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns the column with a name, ignoring case as MySQL does.
   *
   * @param columnName the name
   * @return the column, or empty
   */
  public Optional<Column> column(String columnName) {
    // Always a ColumnList: the constructor makes one.
    return Optional.ofNullable(((ColumnList) columns).byName(columnName));
  }

  /**
   * Returns the group the server stores one of this table's indexes in ({@link Index#serverGroup},
   * with this table's nullable columns). MySQL, not MariaDB, also stores keys over virtual columns
   * or expressions after the other keys of their group (HA_VIRTUAL_GEN_KEY in sort_keys of
   * sql_table.cc), so {@code KEY v (virtual_col), KEY b (b)} is stored as {@code b, v}.
   *
   * @param index an index of this table, or one about to be added to it
   * @param flavor the server
   * @return the group; indexes are stored by group, then in the order they were declared
   */
  public int storedGroup(Index index, Flavor flavor) {
    int group = index.serverGroup(name -> column(name).map(Column::nullable).orElse(true));
    return flavor.isMariaDb() ? group : group * 2 + (overVirtualColumn(index) ? 1 : 0);
  }

  private boolean overVirtualColumn(Index index) {
    return index.parts().stream()
        .anyMatch(
            part ->
                part.column() == null
                    || column(part.column())
                        .map(c -> c.generated() != null && !c.generated().stored())
                        .orElse(false));
  }

  /**
   * Returns the index with a name.
   *
   * @param indexName the name
   * @return the index, or empty
   */
  public Optional<Index> index(String indexName) {
    return indexes.stream().filter(i -> i.name().equalsIgnoreCase(indexName)).findFirst();
  }

  /**
   * Returns the table's default character set.
   *
   * @return the charset, or null if no option says
   */
  public @Nullable String defaultCharset() {
    return options.get(TableOptions.CHARSET);
  }

  /**
   * Returns the table's default collation.
   *
   * @return the collation, or null if no option says
   */
  public @Nullable String defaultCollation() {
    return options.get(TableOptions.COLLATE);
  }

  private static List<Column> mariaDbJson(List<Column> columns, List<CheckConstraint> checks) {
    List<Column> out = new ArrayList<>(columns.size());
    for (Column column : columns) {
      if (!column.type().equals("longtext") || checks.isEmpty()) {
        out.add(column);
        continue;
      }
      String check = "json_valid(`" + column.name().toLowerCase(Locale.ROOT) + "`)";
      Optional<CheckConstraint> jsonCheck =
          checks.stream()
              .filter(c -> c.expression().equals(check) && c.name().equalsIgnoreCase(column.name()))
              .findFirst();
      if (column.type().equals("longtext")
          && "utf8mb4_bin".equals(column.collation())
          && jsonCheck.isPresent()) {
        checks.remove(jsonCheck.get());
        out.add(column.toBuilder().type("json").charset(null).collation(null).build());
      } else {
        out.add(column);
      }
    }
    return out;
  }

  private static List<Index> withForeignKeyIndexes(
      List<Index> indexes, List<ForeignKey> foreignKeys) {
    List<Index> out = new ArrayList<>(indexes);
    for (ForeignKey fk : foreignKeys) {
      boolean covered = out.stream().anyMatch(index -> covers(index, fk.columns()));
      if (!covered) {
        out.add(
            Index.of(
                fk.name(), IndexKind.INDEX, fk.columns().stream().map(IndexPart::of).toList()));
      }
    }
    return out;
  }

  private static boolean covers(Index index, List<String> columns) {
    if (index.kind() == IndexKind.FULLTEXT
        || index.kind() == IndexKind.SPATIAL
        || index.parts().size() < columns.size()) {
      return false;
    }
    for (int i = 0; i < columns.size(); i++) {
      IndexPart part = index.parts().get(i);
      if (part.column() == null
          || part.prefixLength() != null
          || !part.column().equalsIgnoreCase(columns.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Orders indexes as MySQL and MariaDB store them (sort_keys in sql_table.cc). */
  private static List<Index> serverOrder(List<Index> indexes, List<Column> columns) {
    Map<String, Column> byName = new HashMap<>();
    for (Column c : columns) {
      byName.put(c.name().toLowerCase(Locale.ROOT), c);
    }
    Map<Index, Integer> declared = new LinkedHashMap<>();
    for (Index index : indexes) {
      declared.putIfAbsent(index, declared.size());
    }
    Function<Index, Integer> group =
        index ->
            index.serverGroup(
                name -> {
                  Column column = byName.get(name.toLowerCase(Locale.ROOT));
                  return column == null || column.nullable();
                });
    return declared.keySet().stream()
        .sorted(Comparator.comparing(group).thenComparing(declared::get))
        .toList();
  }

  /** Builds a {@link Table}, resolving what the table inherits from its schema and server. */
  public static final class Builder {
    private final String name;
    private final List<Column.Builder> columns = new ArrayList<>();
    private final List<Index> indexes = new ArrayList<>();
    private final List<ForeignKey> foreignKeys = new ArrayList<>();
    private final List<CheckConstraint> checks = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private @Nullable Partitioning partitioning;
    private Flavor flavor = Flavor.MYSQL_8_0;
    private @Nullable String schemaCharset;
    private @Nullable String schemaCollation;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Sets the server flavor whose defaults apply (default MySQL 8.0).
     *
     * @param flavor the flavor
     * @return this builder
     */
    public Builder flavor(Flavor flavor) {
      this.flavor = Objects.requireNonNull(flavor, "flavor");
      return this;
    }

    /**
     * Sets the schema defaults the table inherits (default: utf8mb4 and its collation).
     *
     * @param charset the schema's default charset
     * @param collation the schema's default collation
     * @return this builder
     */
    public Builder schemaDefaults(String charset, String collation) {
      this.schemaCharset = Charsets.canonicalCharset(charset);
      this.schemaCollation = Charsets.canonicalCollation(collation);
      return this;
    }

    /**
     * Adds a column.
     *
     * @param column the column; charset and collation may be left to inherit
     * @return this builder
     */
    public Builder addColumn(Column.Builder column) {
      columns.add(Objects.requireNonNull(column, "column"));
      return this;
    }

    /**
     * Adds an index.
     *
     * @param index the index
     * @return this builder
     */
    public Builder addIndex(Index index) {
      indexes.add(Objects.requireNonNull(index, "index"));
      return this;
    }

    /**
     * Adds a foreign key.
     *
     * @param foreignKey the foreign key
     * @return this builder
     */
    public Builder addForeignKey(ForeignKey foreignKey) {
      foreignKeys.add(Objects.requireNonNull(foreignKey, "foreignKey"));
      return this;
    }

    /**
     * Adds a CHECK constraint.
     *
     * @param check the constraint
     * @return this builder
     */
    public Builder addCheck(CheckConstraint check) {
      checks.add(Objects.requireNonNull(check, "check"));
      return this;
    }

    /**
     * Sets a table option.
     *
     * @param option the option name as written, such as {@code CHARSET} or {@code row_format}
     * @param value the value as written
     * @return this builder
     */
    public Builder option(String option, String value) {
      options.put(TableOptions.canonicalName(option), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the partitioning.
     *
     * @param partitioning the partitioning, or null
     * @return this builder
     */
    public Builder partitioning(@Nullable Partitioning partitioning) {
      this.partitioning = partitioning;
      return this;
    }

    /**
     * Returns the columns added so far.
     *
     * @return the column builders
     */
    public List<Column.Builder> columns() {
      return columns;
    }

    /**
     * Returns the indexes added so far.
     *
     * @return the indexes
     */
    public List<Index> indexes() {
      return indexes;
    }

    /**
     * Returns the checks added so far.
     *
     * @return the checks
     */
    public List<CheckConstraint> checks() {
      return checks;
    }

    /**
     * Returns the foreign keys added so far.
     *
     * @return the foreign keys
     */
    public List<ForeignKey> foreignKeys() {
      return foreignKeys;
    }

    /**
     * Builds the table, resolving its engine, charset and collation and its columns' from the
     * schema and flavor.
     *
     * @return the normalized table
     */
    public Table build() {
      String inheritedCharset = schemaCharset != null ? schemaCharset : "utf8mb4";
      String inheritedCollation =
          schemaCollation != null ? schemaCollation : flavor.defaultCollation(inheritedCharset);
      Map<String, String> resolved = new LinkedHashMap<>(options);
      resolved.putIfAbsent(TableOptions.ENGINE, "InnoDB");
      String collation = resolved.get(TableOptions.COLLATE);
      String charset = resolved.get(TableOptions.CHARSET);
      if (charset == null) {
        charset = collation != null ? Charsets.charsetOf(collation) : inheritedCharset;
      }
      charset = Charsets.canonicalCharset(charset);
      if (collation == null) {
        collation =
            charset.equals(inheritedCharset)
                ? inheritedCollation
                : flavor.defaultCollation(charset);
      }
      resolved.put(TableOptions.CHARSET, charset);
      resolved.put(TableOptions.COLLATE, collation);
      List<Column> built = new ArrayList<>();
      for (Column.Builder column : columns) {
        Column c = column.build();
        if (c.isText()) {
          String cs = c.charset();
          String co = c.collation();
          if (cs == null) {
            cs = charset;
            co = collation;
          } else if (co == null) {
            // A declared charset brings its own default collation, even the table's charset.
            co = flavor.defaultCollation(cs);
          }
          c = c.toBuilder().charset(cs).collation(co).build();
        }
        built.add(c);
      }
      Table table = new Table(name, built, indexes, foreignKeys, checks, resolved, partitioning);
      return flavor.isMariaDb() ? table : mySqlIndexes(table, flavor);
    }
  }

  /**
   * Applies what MySQL (not MariaDB) does to a table's indexes: it orders them by {@link
   * #storedGroup}, and InnoDB drops a {@code USING HASH} it cannot build (the key is a B-tree).
   */
  private static Table mySqlIndexes(Table table, Flavor flavor) {
    boolean innoDb = "InnoDB".equalsIgnoreCase(table.options().get(TableOptions.ENGINE));
    List<Index> sorted =
        table.indexes().stream()
            .map(
                index ->
                    innoDb && "HASH".equals(index.algorithm()) ? withoutAlgorithm(index) : index)
            .sorted(Comparator.comparing(index -> table.storedGroup(index, flavor)))
            .toList();
    if (sorted.equals(table.indexes())) {
      return table;
    }
    return new Table(
        table.name(),
        table.columns(),
        sorted,
        table.foreignKeys(),
        table.checks(),
        table.options(),
        table.partitioning());
  }

  private static Index withoutAlgorithm(Index index) {
    return new Index(
        index.name(),
        index.kind(),
        index.parts(),
        index.visible(),
        index.comment(),
        index.parser(),
        null,
        index.options());
  }
}
