package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.model.Charsets;
import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Partitioning;
import dev.opskit.schemadiff.model.ReferenceAction;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import dev.opskit.schemadiff.model.UnmodeledAttribute.PartKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A table as read so far, which later statements ({@code ALTER TABLE}, {@code CREATE INDEX}, {@code
 * CREATE TABLE ... LIKE}) may still change.
 *
 * <p>Names the server would choose are chosen when a statement ends, as the server does: unnamed
 * indexes after their first column ({@code a}, {@code a_2}, ...), the index InnoDB needs for a
 * foreign key unless another index covers its columns, unnamed foreign keys {@code
 * <table>_ibfk_<n>}, and unnamed checks {@code <table>_chk_<n>} (MySQL) or {@code CONSTRAINT_<n>}
 * and the column's name (MariaDB).
 */
final class TableDraft {
  private static final Pattern SIZED_STRING =
      Pattern.compile("(?:var)?(?:char|binary)\\((\\d+)\\)");

  /** The most indexes a table may have, the primary key included: the servers' MAX_INDEXES. */
  static final int MAX_INDEXES = 64;

  /** The most columns a table may have: MySQL's and MariaDB's hard limit. */
  static final int MAX_COLUMNS = 4096;

  final String name;

  /** The columns in order; add through {@link #addColumn}, which keeps the index by name. */
  final List<ColumnDraft> columns = new ArrayList<>();

  final List<KeyDraft> keys = new ArrayList<>();
  final List<ForeignKey> foreignKeys = new ArrayList<>();
  final List<CheckConstraint> checks = new ArrayList<>();

  /** Options by name as written, except charset and collation under the model's names. */
  final Map<String, String> options = new LinkedHashMap<>();

  @Nullable Partitioning partitioning;

  /** What {@link PartitionParser#unmodeled} read for the current partitioning. */
  final Map<String, Map<String, String>> partitionUnmodeled = new LinkedHashMap<>();

  /** Columns by lower-case name: column names are case-insensitive in MySQL. */
  private final Map<String, ColumnDraft> columnsByName = new HashMap<>();

  private final List<ForeignKeyDraft> pendingForeignKeys = new ArrayList<>();
  private final List<CheckDraft> pendingChecks = new ArrayList<>();

  TableDraft(String name) {
    this.name = name;
  }

  @Nullable ColumnDraft column(String columnName) {
    return columnsByName.get(columnName.toLowerCase(Locale.ROOT));
  }

  /**
   * Adds a column at the end, failing on a second column of one name or on more columns than the
   * server allows.
   */
  void addColumn(ColumnDraft column, Token at) {
    if (column(column.name) != null) {
      throw TokenCursor.problem(at, "column `" + column.name + "` is defined twice");
    }
    if (columns.size() >= MAX_COLUMNS) {
      throw TokenCursor.problem(
          at,
          "table `"
              + name
              + "` has more than "
              + MAX_COLUMNS
              + " columns, the most MySQL and MariaDB allow");
    }
    columns.add(column);
    columnsByName.put(column.name.toLowerCase(Locale.ROOT), column);
  }

  @Nullable KeyDraft key(String keyName) {
    for (KeyDraft k : keys) {
      if (k.hasName(keyName)) {
        return k;
      }
    }
    return null;
  }

  boolean hasForeignKey(String fkName) {
    return foreignKeys.stream().anyMatch(f -> f.name().equalsIgnoreCase(fkName))
        || pendingForeignKeys.stream().anyMatch(f -> fkName.equalsIgnoreCase(f.symbol()));
  }

  /** Adds an index, failing on a second primary key as the server does. */
  void addKey(KeyDraft key, Token at) {
    if (key.kind == IndexKind.PRIMARY && keys.stream().anyMatch(k -> k.kind == IndexKind.PRIMARY)) {
      throw TokenCursor.problem(at, "table `" + name + "` has more than one PRIMARY KEY");
    }
    keys.add(key);
  }

  /**
   * Adds a foreign key and the index the server generates for it, named after the constraint, else
   * the FOREIGN KEY index name, else (later) its first column.
   */
  void addForeignKey(ForeignKeyDraft fk) {
    pendingForeignKeys.add(fk);
    String keyName = fk.symbol() != null ? fk.symbol() : fk.indexName();
    keys.add(
        new KeyDraft(
            IndexKind.INDEX, keyName, fk.columns().stream().map(IndexPart::of).toList(), true));
  }

  void addCheck(CheckDraft check) {
    pendingChecks.add(check);
  }

  /** Applies what the server does at the end of a CREATE or ALTER statement. */
  void finishStatement(Flavor flavor, Token at) {
    normalizeKeyParts();
    KeyDraft.dropRedundantGeneratedKeys(keys);
    if (keys.size() > MAX_INDEXES) {
      throw TokenCursor.problem(
          at,
          "table `"
              + name
              + "` has "
              + keys.size()
              + " indexes (foreign keys' own included), more than the "
              + MAX_INDEXES
              + " MySQL and MariaDB allow");
    }
    KeyDraft.nameUnnamed(keys);
    if (flavor.isMariaDb()) {
      hashLongUniqueKeys();
    }
    nameForeignKeys(flavor);
    nameChecks(flavor);
  }

  /**
   * Spells a column in an index or foreign key as the column's definition does, and drops an index
   * prefix as long as the whole column, as the server does.
   */
  private void normalizeKeyParts() {
    for (KeyDraft key : keys) {
      key.parts =
          key.parts.stream()
              .map(
                  p ->
                      p.column() == null
                          ? p
                          : new IndexPart(
                              declaredName(p.column()),
                              null,
                              wholeColumn(p) ? null : p.prefixLength(),
                              p.descending()))
              .toList();
    }
    pendingForeignKeys.replaceAll(
        fk ->
            new ForeignKeyDraft(
                fk.symbol(),
                fk.indexName(),
                fk.columns().stream().map(this::declaredName).toList(),
                fk.referencedSchema(),
                fk.referencedTable(),
                fk.referencedColumns(),
                fk.onDelete(),
                fk.onUpdate()));
  }

  /**
   * MariaDB keeps a UNIQUE key on a whole TEXT or BLOB column as a hash ({@code USING HASH}) rather
   * than rejecting it as MySQL does.
   */
  private void hashLongUniqueKeys() {
    for (KeyDraft key : keys) {
      if (key.kind == IndexKind.UNIQUE && key.algorithm == null) {
        for (IndexPart part : key.parts) {
          ColumnDraft column = part.column() == null ? null : column(part.column());
          if (column != null && part.prefixLength() == null && isLob(column.type)) {
            key.algorithm = "HASH";
          }
        }
      }
    }
  }

  private static boolean isLob(String type) {
    String canonical = Column.builder("c", type).build().type();
    return canonical.endsWith("text") || canonical.endsWith("blob") || canonical.equals("json");
  }

  private boolean wholeColumn(IndexPart part) {
    ColumnDraft column = part.column() == null ? null : column(part.column());
    if (column == null || part.prefixLength() == null) {
      return false;
    }
    Matcher m = SIZED_STRING.matcher(Column.builder("c", column.type).build().type());
    return m.matches() && Integer.parseInt(m.group(1)) == part.prefixLength();
  }

  private String declaredName(String columnName) {
    ColumnDraft column = column(columnName);
    return column == null ? columnName : column.name;
  }

  private void nameForeignKeys(Flavor flavor) {
    // MySQL 8.0.16+ ignores the FOREIGN KEY index name when naming the constraint.
    boolean indexNameNamesConstraint = flavor.isMariaDb() || flavor.major() < 8;
    String prefix = name + "_ibfk_";
    int number = highestNumber(foreignKeys.stream().map(ForeignKey::name).toList(), prefix);
    Set<String> taken = new HashSet<>();
    foreignKeys.forEach(f -> taken.add(f.name().toLowerCase(Locale.ROOT)));
    for (ForeignKeyDraft fk : pendingForeignKeys) {
      String fkName = fk.symbol() != null ? fk.symbol() : null;
      if (fkName == null && indexNameNamesConstraint) {
        fkName = fk.indexName();
      }
      if (fkName == null) {
        do {
          number++;
          fkName = prefix + number;
        } while (taken.contains(fkName.toLowerCase(Locale.ROOT)));
      }
      taken.add(fkName.toLowerCase(Locale.ROOT));
      foreignKeys.add(
          new ForeignKey(
              fkName,
              fk.columns(),
              fk.referencedSchema(),
              fk.referencedTable(),
              fk.referencedColumns(),
              fk.onDelete(),
              fk.onUpdate()));
    }
    pendingForeignKeys.clear();
  }

  private void nameChecks(Flavor flavor) {
    Set<String> taken = new HashSet<>();
    checks.forEach(c -> taken.add(c.name().toLowerCase(Locale.ROOT)));
    pendingChecks.stream()
        .filter(c -> c.name() != null)
        .forEach(c -> taken.add(c.name().toLowerCase(Locale.ROOT)));
    String prefix = flavor.isMariaDb() ? "CONSTRAINT_" : name + "_chk_";
    int number =
        flavor.isMariaDb() ? 0 : highestNumber(checks.stream().map(c -> c.name()).toList(), prefix);
    for (CheckDraft check : pendingChecks) {
      String checkName = check.name();
      if (checkName == null && flavor.isMariaDb() && check.column() != null) {
        checkName = check.column();
      }
      if (checkName == null) {
        do {
          number++;
          checkName = prefix + number;
        } while (taken.contains(checkName.toLowerCase(Locale.ROOT)));
        taken.add(checkName.toLowerCase(Locale.ROOT));
      }
      checks.add(new CheckConstraint(checkName, check.expression(), check.enforced()));
    }
    pendingChecks.clear();
  }

  private static int highestNumber(List<String> names, String prefix) {
    int highest = 0;
    for (String n : names) {
      if (n.regionMatches(true, 0, prefix, 0, prefix.length())
          && n.length() > prefix.length()
          && n.substring(prefix.length()).matches("\\d{1,9}")) {
        highest = Math.max(highest, Integer.parseInt(n.substring(prefix.length())));
      }
    }
    return highest;
  }

  /**
   * Returns the table {@code CREATE TABLE newName LIKE this} makes: the same columns, indexes,
   * checks, options and partitioning, but no foreign keys, no AUTO_INCREMENT counter and no DATA or
   * INDEX DIRECTORY; MySQL renames generated check names after the new table.
   */
  TableDraft like(String newName, Flavor flavor) {
    TableDraft copy = new TableDraft(newName);
    for (ColumnDraft c : columns) {
      ColumnDraft column = c.copy();
      copy.columns.add(column);
      copy.columnsByName.put(column.name.toLowerCase(Locale.ROOT), column);
    }
    keys.forEach(k -> copy.keys.add(k.copy()));
    String oldPrefix = (name + "_chk_").toLowerCase(Locale.ROOT);
    for (CheckConstraint c : checks) {
      String checkName = c.name();
      if (!flavor.isMariaDb() && checkName.toLowerCase(Locale.ROOT).startsWith(oldPrefix)) {
        checkName = newName + "_chk_" + checkName.substring(oldPrefix.length());
      }
      copy.checks.add(new CheckConstraint(checkName, c.expression(), c.enforced()));
    }
    options.forEach(
        (key, value) -> {
          String normalized = key.toUpperCase(Locale.ROOT).replace('_', ' ');
          if (!normalized.equals("DATA DIRECTORY")
              && !normalized.equals("INDEX DIRECTORY")
              && !normalized.equals("AUTO INCREMENT")) {
            copy.options.put(key, value);
          }
        });
    copy.partitioning = partitioning;
    copy.partitionUnmodeled.putAll(partitionUnmodeled);
    return copy;
  }

  /**
   * Builds the model table, resolving what it inherits from the schema and server.
   *
   * @param tables the schema's tables, whose declared column names referenced columns take
   */
  Table build(
      Flavor flavor, String schemaCharset, String schemaCollation, Map<String, TableDraft> tables) {
    Table.Builder table = Table.builder(name).flavor(flavor);
    if (!schemaCharset.isEmpty()) {
      table.schemaDefaults(schemaCharset, schemaCollation);
    }
    String charset = options.get(Table.DEFAULT_CHARSET);
    String collation = options.get(Table.COLLATE);
    if (charset != null && collation == null) {
      // A declared charset takes its own default collation, not the schema's.
      table.option(Table.COLLATE, flavor.defaultCollation(charset));
    }
    if (charset == null) {
      charset =
          collation != null
              ? Charsets.charsetOf(collation)
              : schemaCharset.isEmpty() ? "utf8mb4" : schemaCharset;
    }
    String tableCharset = Charsets.canonicalCharset(charset);
    columns.forEach(c -> table.addColumn(c.toBuilder(tableCharset, flavor)));
    keys.forEach(k -> table.addIndex(k.toIndex()));
    for (ForeignKey fk : foreignKeys) {
      TableDraft referenced =
          fk.referencedSchema() == null ? tables.get(fk.referencedTable()) : null;
      if (referenced != null) {
        fk =
            new ForeignKey(
                fk.name(),
                fk.columns(),
                null,
                fk.referencedTable(),
                fk.referencedColumns().stream().map(referenced::declaredName).toList(),
                fk.onDelete(),
                fk.onUpdate());
      }
      table.addForeignKey(fk);
    }
    checks.forEach(table::addCheck);
    boolean hasAutoIncrement = columns.stream().anyMatch(c -> c.autoIncrement);
    options.forEach(
        (option, value) -> {
          // The server keeps an AUTO_INCREMENT counter only for an AUTO_INCREMENT column, and
          // prints it only past 1.
          boolean counter =
              option.toUpperCase(Locale.ROOT).replace(' ', '_').equals("AUTO_INCREMENT");
          if (!counter || (hasAutoIncrement && !value.matches("0*1?"))) {
            table.option(option, value);
          }
        });
    return table.partitioning(partitioning).build();
  }

  /**
   * Returns what this table holds that the model has no place for: attributes of its columns,
   * indexes and partitions. A partition's engine counts only when it is not the table's.
   */
  List<UnmodeledAttribute> unmodeled(Table built) {
    List<UnmodeledAttribute> out = new ArrayList<>();
    for (ColumnDraft column : columns) {
      column.unmodeled.forEach(
          (attribute, value) ->
              out.add(
                  UnmodeledAttribute.ofTable(
                      name, PartKind.COLUMN, column.name, attribute, value)));
    }
    for (KeyDraft key : keys) {
      String keyName = key.name == null ? key.baseName() : key.name;
      key.unmodeled.forEach(
          (attribute, value) ->
              out.add(UnmodeledAttribute.ofTable(name, PartKind.INDEX, keyName, attribute, value)));
    }
    // Partitioning is set once, by CREATE TABLE (no ALTER form changes it here).
    String engine = built.options().getOrDefault("ENGINE", "InnoDB");
    partitionUnmodeled.forEach(
        (part, options) ->
            options.forEach(
                (option, value) -> {
                  if (!(option.equals("ENGINE") && value.equalsIgnoreCase(engine))) {
                    out.add(
                        UnmodeledAttribute.ofTable(
                            name,
                            part.isEmpty() ? PartKind.OBJECT : PartKind.PARTITION,
                            part,
                            option,
                            value));
                  }
                }));
    return out;
  }

  /** A foreign key whose name may still be unknown. */
  record ForeignKeyDraft(
      @Nullable String symbol,
      @Nullable String indexName,
      List<String> columns,
      @Nullable String referencedSchema,
      String referencedTable,
      List<String> referencedColumns,
      ReferenceAction onDelete,
      ReferenceAction onUpdate) {}

  /** A check whose name may still be unknown; column is set for a column-level check. */
  record CheckDraft(
      @Nullable String name, String expression, boolean enforced, @Nullable String column) {}
}
