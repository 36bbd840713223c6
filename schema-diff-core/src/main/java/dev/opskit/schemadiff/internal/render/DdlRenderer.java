package dev.opskit.schemadiff.internal.render;

import static dev.opskit.schemadiff.internal.sql.SqlExpressions.quote;
import static dev.opskit.schemadiff.internal.sql.SqlExpressions.quoteName;

import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.Partitioning;
import dev.opskit.schemadiff.model.ReferenceAction;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Renders model objects as canonical {@code CREATE} statements, in the shape MySQL's {@code SHOW
 * CREATE} prints them: one column or index per line, charsets and collations only where they differ
 * from the table's, table options in a fixed order. Parsing the output gives back an equal model.
 */
public final class DdlRenderer {
  /** Table options printed in this order; the rest follow alphabetically. */
  private static final List<String> OPTION_ORDER =
      List.of("ENGINE", "AUTO_INCREMENT", Table.DEFAULT_CHARSET, Table.COLLATE);

  private static final Set<String> QUOTED_OPTIONS =
      Set.of(
          "COMMENT",
          "CONNECTION",
          "DATA_DIRECTORY",
          "INDEX_DIRECTORY",
          "PASSWORD",
          "ENCRYPTION",
          "COMPRESSION");

  private DdlRenderer() {}

  /**
   * Renders a whole schema as a script of CREATE statements, routines and triggers in DELIMITER
   * blocks.
   *
   * @param schema the schema
   * @return the script
   */
  public static String schema(Schema schema) {
    StringBuilder out = new StringBuilder();
    for (Table table : schema.tables()) {
      out.append(createTable(table)).append(";\n\n");
    }
    for (View view : schema.views()) {
      out.append(createView(view)).append(";\n\n");
    }
    boolean delimited =
        !schema.triggers().isEmpty() || !schema.routines().isEmpty() || !schema.events().isEmpty();
    if (delimited) {
      out.append("DELIMITER ;;\n");
      for (Trigger trigger : schema.triggers()) {
        out.append(createTrigger(trigger)).append(" ;;\n");
      }
      for (Routine routine : schema.routines()) {
        out.append(createRoutine(routine)).append(" ;;\n");
      }
      for (Event event : schema.events()) {
        out.append(createEvent(event)).append(" ;;\n");
      }
      out.append("DELIMITER ;\n");
    }
    return out.toString();
  }

  /**
   * Renders a table.
   *
   * @param table the table
   * @return its CREATE TABLE statement, without a trailing semicolon
   */
  public static String createTable(Table table) {
    List<String> lines = new ArrayList<>();
    for (Column column : table.columns()) {
      lines.add(column(column, table));
    }
    for (Index index : table.indexes()) {
      lines.add(index(index));
    }
    for (ForeignKey fk : table.foreignKeys()) {
      lines.add(foreignKey(fk));
    }
    for (CheckConstraint check : table.checks()) {
      lines.add(check(check));
    }
    StringBuilder out =
        new StringBuilder("CREATE TABLE ").append(quoteName(table.name())).append(" (\n");
    out.append(lines.stream().map(l -> "  " + l).collect(Collectors.joining(",\n")));
    out.append("\n)");
    String options = options(table.options());
    if (!options.isEmpty()) {
      out.append(' ').append(options);
    }
    if (table.partitioning() != null) {
      out.append('\n').append(partitioning(table.partitioning()));
    }
    return out.toString();
  }

  /**
   * Renders one column definition as it appears inside CREATE TABLE.
   *
   * @param column the column
   * @param table the table it belongs to, whose defaults decide whether charset and collation print
   * @return the definition
   */
  public static String column(Column column, Table table) {
    return column(column, table.defaultCharset(), table.defaultCollation());
  }

  /**
   * Renders one column definition, printing its charset and collation unless they equal the given
   * defaults; with null defaults a text column always names them, as an {@code ALTER TABLE ...
   * MODIFY} must so it does not depend on the table's default.
   *
   * @param column the column
   * @param tableCharset the table's default charset, or null
   * @param tableCollation the table's default collation, or null
   * @return the definition
   */
  public static String column(
      Column column, @Nullable String tableCharset, @Nullable String tableCollation) {
    StringBuilder out =
        new StringBuilder(quoteName(column.name())).append(' ').append(column.type());
    if (column.isText() && column.charset() != null) {
      boolean sameCharset = column.charset().equals(tableCharset);
      boolean sameCollation =
          column.collation() != null && column.collation().equals(tableCollation);
      if (!sameCharset || !sameCollation) {
        out.append(" CHARACTER SET ").append(column.charset());
        if (column.collation() != null) {
          out.append(" COLLATE ").append(column.collation());
        }
      }
    }
    if (column.generated() != null) {
      out.append(" GENERATED ALWAYS AS (")
          .append(column.generated().expression())
          .append(')')
          .append(column.generated().stored() ? " STORED" : " VIRTUAL");
    }
    out.append(column.nullable() ? " NULL" : " NOT NULL");
    if (column.invisible()) {
      out.append(" INVISIBLE");
    }
    if (column.srid() != null) {
      out.append(" SRID ").append(column.srid());
    }
    if (column.defaultValue() != null) {
      out.append(" DEFAULT ").append(column.defaultValue());
    }
    if (column.onUpdate() != null) {
      out.append(" ON UPDATE ").append(column.onUpdate());
    }
    if (column.autoIncrement()) {
      out.append(" AUTO_INCREMENT");
    }
    if (!column.comment().isEmpty()) {
      out.append(" COMMENT ").append(quote(column.comment()));
    }
    return out.toString();
  }

  /**
   * Renders one index definition as it appears inside CREATE TABLE.
   *
   * @param index the index
   * @return the definition, such as {@code UNIQUE KEY `u` (`a`,`b`(10))}
   */
  public static String index(Index index) {
    StringBuilder out = new StringBuilder();
    switch (index.kind()) {
      case PRIMARY -> out.append("PRIMARY KEY");
      case UNIQUE -> out.append("UNIQUE KEY ").append(quoteName(index.name()));
      case FULLTEXT -> out.append("FULLTEXT KEY ").append(quoteName(index.name()));
      case SPATIAL -> out.append("SPATIAL KEY ").append(quoteName(index.name()));
      case VECTOR -> out.append("VECTOR KEY ").append(quoteName(index.name()));
      default -> out.append("KEY ").append(quoteName(index.name()));
    }
    out.append(" (")
        .append(index.parts().stream().map(DdlRenderer::part).collect(Collectors.joining(",")))
        .append(')');
    if (index.algorithm() != null) {
      out.append(" USING ").append(index.algorithm());
    }
    index.options().forEach((key, value) -> out.append(' ').append(key).append('=').append(value));
    if (index.parser() != null) {
      out.append(" WITH PARSER ").append(quoteName(index.parser()));
    }
    if (!index.comment().isEmpty()) {
      out.append(" COMMENT ").append(quote(index.comment()));
    }
    if (!index.visible()) {
      out.append(" INVISIBLE");
    }
    return out.toString();
  }

  private static String part(IndexPart part) {
    String text = part.column() != null ? quoteName(part.column()) : "(" + part.expression() + ")";
    if (part.prefixLength() != null) {
      text += "(" + part.prefixLength() + ")";
    }
    return part.descending() ? text + " DESC" : text;
  }

  /**
   * Renders a foreign key as it appears inside CREATE TABLE.
   *
   * @param fk the foreign key
   * @return the definition
   */
  public static String foreignKey(ForeignKey fk) {
    StringBuilder out = new StringBuilder();
    if (!fk.name().isEmpty()) { // a report that ignores foreign key names shows none
      out.append("CONSTRAINT ").append(quoteName(fk.name())).append(' ');
    }
    out.append("FOREIGN KEY (").append(names(fk.columns())).append(") REFERENCES ");
    if (fk.referencedSchema() != null) {
      out.append(quoteName(fk.referencedSchema())).append('.');
    }
    out.append(quoteName(fk.referencedTable()))
        .append(" (")
        .append(names(fk.referencedColumns()))
        .append(')');
    if (fk.onDelete() != ReferenceAction.RESTRICT) {
      out.append(" ON DELETE ").append(fk.onDelete().sql());
    }
    if (fk.onUpdate() != ReferenceAction.RESTRICT) {
      out.append(" ON UPDATE ").append(fk.onUpdate().sql());
    }
    return out.toString();
  }

  /**
   * Renders a CHECK constraint as it appears inside CREATE TABLE.
   *
   * @param check the constraint
   * @return the definition
   */
  public static String check(CheckConstraint check) {
    return "CONSTRAINT "
        + quoteName(check.name())
        + " CHECK ("
        + check.expression()
        + ")"
        + (check.enforced() ? "" : " NOT ENFORCED");
  }

  /**
   * Renders table options in canonical order.
   *
   * @param options the options by canonical name
   * @return such as {@code ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci}
   */
  public static String options(Map<String, String> options) {
    List<String> parts = new ArrayList<>();
    for (String key : OPTION_ORDER) {
      if (options.containsKey(key)) {
        parts.add(option(key, options.get(key)));
      }
    }
    options.forEach(
        (key, value) -> {
          if (!OPTION_ORDER.contains(key)) {
            parts.add(option(key, value));
          }
        });
    return String.join(" ", parts);
  }

  /**
   * Renders one table option as it appears after CREATE TABLE or in ALTER TABLE.
   *
   * @param key the canonical option name
   * @param value the value
   * @return such as {@code ROW_FORMAT=DYNAMIC} or {@code COMMENT='x'}
   */
  public static String option(String key, String value) {
    if (key.equals("WITH_SYSTEM_VERSIONING")) {
      return "WITH SYSTEM VERSIONING";
    }
    String name =
        key.replace('_', ' ').equals("DATA DIRECTORY") || key.equals("INDEX_DIRECTORY")
            ? key.replace('_', ' ')
            : key;
    boolean bare =
        !QUOTED_OPTIONS.contains(key)
            && (value.matches("[A-Za-z0-9_.$]+") || (key.equals("UNION") && value.startsWith("(")));
    return name + "=" + (bare ? value : quote(value));
  }

  /**
   * Renders a partitioning clause.
   *
   * @param p the partitioning
   * @return the {@code PARTITION BY ...} clause
   */
  public static String partitioning(Partitioning p) {
    StringBuilder out = new StringBuilder("PARTITION BY ").append(p.method());
    if (p.method().equals("SYSTEM_TIME")) {
      // MariaDB: SYSTEM_TIME [INTERVAL n unit [STARTS ts] | LIMIT n], without parentheses.
      if (!p.expression().isEmpty()) {
        out.append(' ').append(p.expression());
      }
    } else {
      out.append(" (").append(p.expression()).append(')');
    }
    if (p.subMethod() != null) {
      out.append("\nSUBPARTITION BY ")
          .append(p.subMethod())
          .append(" (")
          .append(p.subExpression())
          .append(')');
      if (p.partitions().stream().allMatch(x -> x.subpartitions().isEmpty())) {
        out.append("\nSUBPARTITIONS ").append(p.subCount());
      }
    }
    if (p.partitions().isEmpty() && p.isValueBased()) {
      // Only an ignore rule leaves a RANGE or LIST partitioning without its partitions.
      return out.append("\n/* partition list not compared */").toString();
    }
    if (p.partitions().isEmpty()) {
      out.append("\nPARTITIONS ").append(p.count());
      return out.toString();
    }
    List<String> parts = new ArrayList<>();
    for (Partition partition : p.partitions()) {
      parts.add(partition(partition));
    }
    return out.append("\n(").append(String.join(",\n ", parts)).append(')').toString();
  }

  /**
   * Renders one partition definition as it appears in a partition list.
   *
   * @param partition the partition
   * @return such as {@code PARTITION `p0` VALUES LESS THAN (10)}
   */
  public static String partition(Partition partition) {
    StringBuilder out = new StringBuilder("PARTITION ").append(quoteName(partition.name()));
    if (partition.values() != null) {
      // MariaDB's DEFAULT (LIST) and HISTORY/CURRENT (SYSTEM_TIME) partitions take no VALUES.
      boolean keyword = Set.of("DEFAULT", "HISTORY", "CURRENT").contains(partition.values());
      out.append(keyword ? " " : " VALUES ").append(partition.values());
    }
    if (!partition.comment().isEmpty()) {
      out.append(" COMMENT = ").append(quote(partition.comment()));
    }
    if (!partition.subpartitions().isEmpty()) {
      out.append("\n (")
          .append(
              partition.subpartitions().stream()
                  .map(s -> "SUBPARTITION " + quoteName(s))
                  .collect(Collectors.joining(",\n  ")))
          .append(')');
    }
    return out.toString();
  }

  /**
   * Renders a view.
   *
   * @param view the view
   * @return its CREATE VIEW statement
   */
  public static String createView(View view) {
    StringBuilder out = new StringBuilder("CREATE ALGORITHM=").append(view.algorithm());
    definer(out, view.definer());
    out.append(" SQL SECURITY ")
        .append(view.security())
        .append(" VIEW ")
        .append(quoteName(view.name()))
        .append(" AS ")
        .append(view.definition());
    if (!view.checkOption().equals("NONE")) {
      out.append(" WITH ").append(view.checkOption()).append(" CHECK OPTION");
    }
    return out.toString();
  }

  /**
   * Renders a trigger.
   *
   * @param trigger the trigger
   * @return its CREATE TRIGGER statement
   */
  public static String createTrigger(Trigger trigger) {
    StringBuilder out = new StringBuilder("CREATE");
    definer(out, trigger.definer());
    return out.append(" TRIGGER ")
        .append(quoteName(trigger.name()))
        .append(' ')
        .append(trigger.timing())
        .append(' ')
        .append(trigger.event())
        .append(" ON ")
        .append(quoteName(trigger.table()))
        .append(" FOR EACH ROW ")
        .append(trigger.body())
        .toString();
  }

  /**
   * Renders a stored procedure or function.
   *
   * @param routine the routine
   * @return its CREATE PROCEDURE or CREATE FUNCTION statement
   */
  public static String createRoutine(Routine routine) {
    StringBuilder out = new StringBuilder("CREATE");
    definer(out, routine.definer());
    out.append(' ')
        .append(routine.type())
        .append(' ')
        .append(quoteName(routine.name()))
        .append('(')
        .append(routine.parameters())
        .append(')');
    if (routine.returns() != null) {
      out.append(" RETURNS ").append(routine.returns());
    }
    if (!routine.comment().isEmpty()) {
      out.append(" COMMENT ").append(quote(routine.comment()));
    }
    out.append(routine.deterministic() ? " DETERMINISTIC" : " NOT DETERMINISTIC");
    out.append(' ').append(routine.dataAccess());
    out.append(" SQL SECURITY ").append(routine.security());
    return out.append(' ').append(routine.body()).toString();
  }

  /**
   * Renders an event.
   *
   * @param event the event
   * @return its CREATE EVENT statement
   */
  public static String createEvent(Event event) {
    StringBuilder out = new StringBuilder("CREATE");
    definer(out, event.definer());
    out.append(" EVENT ")
        .append(quoteName(event.name()))
        .append(" ON SCHEDULE ")
        .append(event.schedule())
        .append(event.preserve() ? " ON COMPLETION PRESERVE " : " ON COMPLETION NOT PRESERVE ")
        .append(
            switch (event.status()) {
              case "DISABLED" -> "DISABLE";
              case "SLAVESIDE_DISABLED" -> "DISABLE ON SLAVE";
              default -> "ENABLE";
            });
    if (!event.comment().isEmpty()) {
      out.append(" COMMENT ").append(quote(event.comment()));
    }
    return out.append(" DO ").append(event.body()).toString();
  }

  private static String names(List<String> names) {
    return names.stream().map(n -> quoteName(n)).collect(Collectors.joining(","));
  }

  private static void definer(StringBuilder out, @Nullable String definer) {
    if (definer == null) {
      return;
    }
    int at = definer.lastIndexOf('@');
    String user = at < 0 ? definer : definer.substring(0, at);
    String host = at < 0 ? "%" : definer.substring(at + 1);
    out.append(" DEFINER=").append(quoteName(user)).append('@').append(quoteName(host));
  }
}
