package dev.opskit.schemadiff.internal.source.jdbc;

import dev.opskit.schemadiff.SchemaDiffException;
import dev.opskit.schemadiff.internal.source.DdlParser;
import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import dev.opskit.schemadiff.model.UnmodeledAttribute.Owner;
import dev.opskit.schemadiff.model.UnmodeledAttribute.PartKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a live read against the server's own {@code SHOW CREATE TABLE}, as skeema does before it
 * trusts a table: each table read from {@code information_schema} must equal the same table parsed
 * from its {@code SHOW CREATE TABLE} text. The parse also finds what {@code information_schema}
 * never shows and the model has no place for (an index's {@code KEY_BLOCK_SIZE}, a column's {@code
 * COLUMN_FORMAT}, per-partition options). A table that fails the check, or whose text cannot be
 * parsed, gets an {@link UnmodeledAttribute} named {@value #ATTRIBUTE}, so it never compares equal
 * in silence and a strict comparison refuses it.
 */
final class ShowCreateCheck {
  /** The attribute that reports a failed self-check. */
  static final String ATTRIBUTE = UnmodeledAttribute.READ_PROBLEM;

  private static final Logger LOG = LoggerFactory.getLogger(ShowCreateCheck.class);

  /**
   * The counter is cached in MySQL 8's information_schema (information_schema_stats_expiry), so the
   * two reads may differ there without either being wrong.
   */
  private static final String AUTO_INCREMENT = "AUTO_INCREMENT";

  /**
   * From this many tables on, the texts are parsed on a thread of their own ({@link ChunkedParse}).
   */
  static final int PARSE_APART = 64;

  private ShowCreateCheck() {}

  /** The parsed texts: each table opskit could parse, why the others failed, and their extras. */
  record Parsed(
      Map<String, Table> tables,
      Map<String, String> unreadable,
      List<UnmodeledAttribute> unmodeled) {}

  /**
   * Returns what the tables hold outside the model, and a finding for each table whose two reads
   * differ.
   *
   * @param schemaName the schema the tables are in
   * @param flavor the server's flavor
   * @param read the tables as read from information_schema
   * @param creates each table's SHOW CREATE TABLE text, by name
   */
  static List<UnmodeledAttribute> check(
      String schemaName, Flavor flavor, List<Table> read, Map<String, String> creates) {
    return check(read, parseAll(schemaName, flavor, creates));
  }

  /**
   * Returns what the tables hold outside the model, and a finding for each table whose two reads
   * differ.
   *
   * @param read the tables as read from information_schema
   * @param texts the parse of each table's SHOW CREATE TABLE text
   */
  static List<UnmodeledAttribute> check(List<Table> read, Parsed texts) {
    Map<String, Table> parsed = texts.tables();
    Map<String, String> unreadable = texts.unreadable();
    List<UnmodeledAttribute> out = new ArrayList<>(texts.unmodeled());
    for (Table table : read) {
      Table other = parsed.get(table.name());
      String finding;
      if (other == null) {
        finding =
            "cannot be parsed by opskit: "
                + Objects.requireNonNullElse(unreadable.get(table.name()), "no such table in it");
      } else {
        List<String> parts = differences(table, other);
        if (parts.isEmpty()) {
          continue;
        }
        finding = "differs from information_schema in " + String.join(", ", parts);
        LOG.debug(
            "table {}: information_schema gives {}, SHOW CREATE TABLE gives {}",
            table.name(),
            table,
            other);
      }
      out.add(
          new UnmodeledAttribute(
              Owner.TABLE, table.name(), PartKind.OBJECT, "", ATTRIBUTE, finding));
    }
    return out;
  }

  static Parsed parseAll(String schemaName, Flavor flavor, Map<String, String> creates) {
    Map<String, Table> parsed = new LinkedHashMap<>();
    Map<String, String> unreadable = new LinkedHashMap<>();
    List<UnmodeledAttribute> unmodeled = new ArrayList<>();
    try {
      Schema all = parse(schemaName, flavor, creates.values());
      all.tables().forEach(t -> parsed.put(t.name(), t));
      unmodeled.addAll(all.unmodeled());
    } catch (SchemaDiffException oneIsUnreadable) {
      // Find which: each table alone (foreign keys then keep their columns as the text spells
      // them).
      creates.forEach(
          (name, create) -> {
            try {
              Schema one = parse(schemaName, flavor, List.of(create));
              one.tables().forEach(t -> parsed.put(t.name(), t));
              unmodeled.addAll(one.unmodeled());
            } catch (SchemaDiffException e) {
              unreadable.put(name, e.getMessage());
            }
          });
    }
    return new Parsed(parsed, unreadable, unmodeled);
  }

  private static Schema parse(String schemaName, Flavor flavor, Iterable<String> creates) {
    int length = 64 + schemaName.length();
    for (String create : creates) {
      length += create.length() + 2;
    }
    StringBuilder script =
        new StringBuilder(length)
            .append("USE ")
            .append(SqlExpressions.quoteName(schemaName))
            .append(";\n");
    for (String create : creates) {
      script.append(create).append(";\n");
    }
    return DdlParser.parse(script.toString(), flavor);
  }

  /**
   * Puts each of a table's foreign keys into the form the parser gives when it reads the whole
   * schema: a referenced column of a table of the same schema takes that column's declared name.
   */
  static Table resolveReferences(Table table, Map<String, Table> schemaTables) {
    boolean changed = false;
    List<ForeignKey> keys = new ArrayList<>();
    for (ForeignKey fk : table.foreignKeys()) {
      Table referenced =
          fk.referencedSchema() == null ? schemaTables.get(fk.referencedTable()) : null;
      if (referenced != null) {
        List<String> columns =
            fk.referencedColumns().stream()
                .map(c -> referenced.column(c).map(x -> x.name()).orElse(c))
                .toList();
        if (!columns.equals(fk.referencedColumns())) {
          changed = true;
          fk =
              new ForeignKey(
                  fk.name(),
                  fk.columns(),
                  null,
                  fk.referencedTable(),
                  columns,
                  fk.onDelete(),
                  fk.onUpdate());
        }
      }
      keys.add(fk);
    }
    if (!changed) {
      return table;
    }
    return new Table(
        table.name(),
        table.columns(),
        table.indexes(),
        keys,
        table.checks(),
        table.options(),
        table.partitioning());
  }

  /** Names the parts of two reads of one table that differ. */
  static List<String> differences(Table a, Table b) {
    List<String> out = new ArrayList<>();
    named(out, "column", a.columns(), b.columns(), c -> c.name());
    named(out, "index", a.indexes(), b.indexes(), i -> i.name());
    named(out, "foreign key", a.foreignKeys(), b.foreignKeys(), f -> f.name());
    named(out, "check", a.checks(), b.checks(), c -> c.name());
    Set<String> options = new LinkedHashSet<>(a.options().keySet());
    options.addAll(b.options().keySet());
    for (String option : options) {
      if (!option.equals(AUTO_INCREMENT)
          && !Objects.equals(a.options().get(option), b.options().get(option))) {
        out.add("option " + option);
      }
    }
    if (!Objects.equals(a.partitioning(), b.partitioning())) {
      out.add("partitioning");
    }
    return out;
  }

  private static <T> void named(
      List<String> out, String what, List<T> a, List<T> b, Function<T, String> name) {
    if (a.equals(b)) {
      return;
    }
    Map<String, T> x = new LinkedHashMap<>();
    a.forEach(item -> x.put(name.apply(item), item));
    Map<String, T> y = new LinkedHashMap<>();
    b.forEach(item -> y.put(name.apply(item), item));
    Set<String> names = new LinkedHashSet<>(x.keySet());
    names.addAll(y.keySet());
    boolean each = true;
    for (String n : names) {
      if (!Objects.equals(x.get(n), y.get(n))) {
        out.add(what + " `" + n + "`");
        each = false;
      }
    }
    if (each) {
      out.add(what + " order");
    }
  }
}
