package dev.opskit.examples.schemadiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One generated table: just enough structure to render its {@code CREATE TABLE} and to drift it.
 *
 * @param name the table name
 * @param columns the columns, the first one being the {@code id} primary key
 * @param indexes the secondary indexes
 * @param foreignKeys the foreign keys, each to an earlier table's {@code id}
 * @param checks the CHECK constraints
 * @param partitioning the {@code PARTITION BY} clause, or null
 * @param collation the table's default collation (its charset is the collation's prefix)
 * @param rowFormat {@code DYNAMIC} or {@code COMPACT}
 * @param comment the table comment, or empty
 */
record TableSpec(
    String name,
    List<Column> columns,
    List<Index> indexes,
    List<ForeignKey> foreignKeys,
    List<Check> checks,
    @Nullable String partitioning,
    String collation,
    String rowFormat,
    String comment) {

  TableSpec {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    indexes = List.copyOf(indexes);
    foreignKeys = List.copyOf(foreignKeys);
    checks = List.copyOf(checks);
  }

  /** Renders the statement that creates the table in the current schema. */
  String createStatement() {
    List<String> lines = new ArrayList<>();
    for (Column column : columns) {
      lines.add(column.definition());
    }
    lines.add("PRIMARY KEY (`id`)");
    for (Index index : indexes) {
      lines.add(index.definition());
    }
    for (ForeignKey fk : foreignKeys) {
      lines.add(fk.definition());
    }
    for (Check check : checks) {
      lines.add("CONSTRAINT `" + check.name() + "` CHECK (" + check.expression() + ")");
    }
    StringBuilder sql = new StringBuilder("CREATE TABLE `").append(name).append("` (\n  ");
    sql.append(String.join(",\n  ", lines)).append("\n) ENGINE=InnoDB");
    sql.append(" DEFAULT CHARSET=").append(collation, 0, collation.indexOf('_'));
    sql.append(" COLLATE=").append(collation);
    sql.append(" ROW_FORMAT=").append(rowFormat);
    if (!comment.isEmpty()) {
      sql.append(" COMMENT='").append(comment).append('\'');
    }
    if (partitioning != null) {
      sql.append('\n').append(partitioning);
    }
    return sql.toString();
  }

  /** Returns the names of the tables this table's foreign keys point to. */
  List<String> referencedTables() {
    return foreignKeys.stream().map(ForeignKey::table).toList();
  }

  TableSpec withColumns(UnaryOperator<List<Column>> edit) {
    return new TableSpec(
        name,
        edit.apply(new ArrayList<>(columns)),
        indexes,
        foreignKeys,
        checks,
        partitioning,
        collation,
        rowFormat,
        comment);
  }

  TableSpec withIndexes(UnaryOperator<List<Index>> edit) {
    return new TableSpec(
        name,
        columns,
        edit.apply(new ArrayList<>(indexes)),
        foreignKeys,
        checks,
        partitioning,
        collation,
        rowFormat,
        comment);
  }

  TableSpec withRowFormat(String newRowFormat) {
    return new TableSpec(
        name,
        columns,
        indexes,
        foreignKeys,
        checks,
        partitioning,
        collation,
        newRowFormat,
        comment);
  }

  TableSpec withComment(String newComment) {
    return new TableSpec(
        name,
        columns,
        indexes,
        foreignKeys,
        checks,
        partitioning,
        collation,
        rowFormat,
        newComment);
  }

  /** What a column holds, which decides what it can be indexed, checked or drifted with. */
  enum Kind {
    ID,
    INTEGER,
    DECIMAL,
    VARCHAR,
    CHAR,
    TEXT,
    TEMPORAL,
    ENUM,
    JSON,
    GENERATED,
    REFERENCE
  }

  /**
   * A column.
   *
   * @param name the name
   * @param type the type, such as {@code varchar(64) CHARACTER SET ascii}
   * @param attributes what follows the type: nullability, default, generation, comment
   * @param kind what it holds
   */
  record Column(String name, String type, String attributes, Kind kind) {
    String definition() {
      return "`" + name + "` " + type + (attributes.isEmpty() ? "" : " " + attributes);
    }

    Column withType(String newType) {
      return new Column(name, newType, attributes, kind);
    }
  }

  /** The kinds of secondary index. */
  enum IndexKind {
    INDEX,
    UNIQUE,
    FULLTEXT
  }

  /**
   * A secondary index.
   *
   * @param name the name
   * @param kind plain, unique or full-text
   * @param parts the parts, rendered: {@code `c`} or {@code `c`(16)}
   */
  record Index(String name, IndexKind kind, List<String> parts) {
    Index {
      parts = List.copyOf(parts);
    }

    String definition() {
      String prefix =
          switch (kind) {
            case INDEX -> "KEY";
            case UNIQUE -> "UNIQUE KEY";
            case FULLTEXT -> "FULLTEXT KEY";
          };
      return prefix + " `" + name + "` (" + String.join(", ", parts) + ")";
    }
  }

  /**
   * A single-column foreign key to another table's {@code id}.
   *
   * @param name the constraint name
   * @param column the referencing column
   * @param table the referenced table
   * @param onDelete the ON DELETE action
   */
  record ForeignKey(String name, String column, String table, String onDelete) {
    String definition() {
      return "CONSTRAINT `"
          + name
          + "` FOREIGN KEY (`"
          + column
          + "`) REFERENCES `"
          + table
          + "` (`id`) ON DELETE "
          + onDelete;
    }
  }

  /**
   * A CHECK constraint.
   *
   * @param name the constraint name
   * @param expression the condition
   */
  record Check(String name, String expression) {}
}
