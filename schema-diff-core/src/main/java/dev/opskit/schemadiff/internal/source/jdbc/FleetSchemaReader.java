package dev.opskit.schemadiff.internal.source.jdbc;

import dev.opskit.schemadiff.internal.source.DdlParser;
import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the schemas of a fleet from their tables' {@code SHOW CREATE TABLE} texts, which is what a
 * dump holds and what the full reader's self-check reads anyway, instead of seven {@code
 * information_schema} tables per batch. Each distinct text (its {@code AUTO_INCREMENT} counter set
 * apart) is parsed once per server and checked once against the full reader: a schema holding it is
 * read in full as a representative, and the text is trusted only when the full read of that table
 * equals its parse, attributes outside the model included. A schema holding a text that failed to
 * parse or to check is read in full, so it reports exactly what the full reader reports; so is
 * every representative. Views, triggers, routines and events are read with the full reader's
 * queries, for the schemas that have any (found with one cheap query per kind).
 *
 * <p>Safe for concurrent batches of one fleet run: the batch that first meets a text checks it, and
 * the others wait for its answer after checking their own. A batch that fails or is aborted answers
 * "untrusted" for the texts it had not checked yet, so no batch waits forever and their schemas are
 * read in full instead.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class FleetSchemaReader {
  private static final Logger LOG = LoggerFactory.getLogger(FleetSchemaReader.class);

  private static final String SCHEMATA =
      "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA"
          + " WHERE SCHEMA_NAME = ?";
  private static final String TABLES =
      "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?";
  private static final List<String> OBJECT_QUERIES =
      List.of(
          "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ?",
          "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
          "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?");

  private final Map<TextKey, TextCheck> checks = new ConcurrentHashMap<>();

  /** A number for each server key: the keys may hold a password, which a TextKey must not. */
  private final Map<Object, Integer> servers = new ConcurrentHashMap<>();

  private final AtomicInteger serverCount = new AtomicInteger();

  private FleetSchemaReader() {}

  /**
   * Returns a reader for one fleet run; it remembers each text's parse and check for that run.
   *
   * @return a new reader
   */
  public static FleetSchemaReader create() {
    return new FleetSchemaReader();
  }

  /**
   * Reads many schemas of one server. A schema that cannot be read (missing, an expression or a
   * name the model cannot read) fails alone, with the full reader's exception.
   *
   * @param connection an open connection; it stays open
   * @param server identifies the server, so that texts are checked per server
   * @param schemaNames the schemas to read
   * @param flavor the server's flavor, from {@link JdbcSchemaReader#flavor(Connection)}
   * @return each schema or its failure, and the number of queries run
   * @throws SQLException if a query fails, which fails the whole batch
   */
  public JdbcSchemaReader.BatchRead readAll(
      Connection connection, Object server, List<String> schemaNames, Flavor flavor)
      throws SQLException {
    int id = servers.computeIfAbsent(server, k -> serverCount.getAndIncrement());
    return new FleetBatch(this, connection, id, schemaNames, flavor).read();
  }

  /**
   * Returns the check of a text, adding the text to {@code claimed} when the caller is the first to
   * ask for it, and so must check it.
   */
  TextCheck claim(TextKey key, Set<TextKey> claimed) {
    TextCheck fresh = new TextCheck();
    TextCheck known = checks.putIfAbsent(key, fresh);
    if (known == null) {
      claimed.add(key);
      return fresh;
    }
    return known;
  }

  /**
   * Reads the tables' texts of the present schemas: table name to text, in name order, by schema.
   */
  static Map<String, Map<String, String>> showCreateTables(
      Connection connection, Map<String, List<String>> tables) throws SQLException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      for (Map.Entry<String, List<String>> schema : tables.entrySet()) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String table : schema.getValue()) {
          try (ResultSet rs =
              statement.executeQuery(
                  "SHOW CREATE TABLE "
                      + SqlExpressions.quoteName(schema.getKey())
                      + "."
                      + SqlExpressions.quoteName(table))) {
            rs.next();
            texts.put(table, rs.getString(2));
          }
        }
        out.put(schema.getKey(), texts);
      }
    }
    return out;
  }

  /**
   * Reads each schema's defaults, base tables and whether it holds views, triggers, routines or
   * events, with a fixed number of bulk queries.
   */
  static Catalog catalog(SchemaBatch batch, List<String> schemaNames) throws SQLException {
    Catalog catalog = new Catalog();
    for (String schema : schemaNames) {
      try (ResultSet rs = batch.query(SCHEMATA, schema)) {
        if (rs.next()) {
          catalog.defaults.put(schema, new String[] {rs.getString(1), rs.getString(2)});
          catalog.tables.put(schema, new ArrayList<>());
        }
      }
    }
    for (String schema : catalog.tables.keySet()) {
      try (ResultSet rs = batch.query(TABLES, schema)) {
        while (rs.next()) {
          String type = rs.getString(2);
          if ("BASE TABLE".equals(type) || "SYSTEM VERSIONED".equals(type)) {
            catalog.tables.get(schema).add(rs.getString(1));
          } else if ("VIEW".equals(type)) {
            catalog.withObjects.add(schema);
          }
        }
      }
      for (String sql : OBJECT_QUERIES) {
        try (ResultSet rs = batch.query(sql, schema)) {
          if (rs.next()) {
            catalog.withObjects.add(schema);
          }
        }
      }
    }
    return catalog;
  }

  /** The attributes outside the model that a schema holds for one table, in a stable order. */
  static Set<UnmodeledAttribute> tableAttributes(Schema schema, String table) {
    Set<UnmodeledAttribute> out = new LinkedHashSet<>();
    for (UnmodeledAttribute a : schema.unmodeled()) {
      if (a.owner() == UnmodeledAttribute.Owner.TABLE && a.objectName().equals(table)) {
        out.add(a);
      }
    }
    return out;
  }

  /** Whether a text's parse is what the full reader reads for the table in one schema. */
  static boolean agrees(Schema full, Table parsed, List<UnmodeledAttribute> parsedAttributes) {
    Table read = null;
    for (Table t : full.tables()) {
      if (t.name().equals(parsed.name())) {
        read = t;
      }
    }
    if (read == null) {
      return false;
    }
    Set<UnmodeledAttribute> attributes = tableAttributes(full, parsed.name());
    if (attributes.stream().anyMatch(UnmodeledAttribute::isReadProblem)) {
      return false;
    }
    boolean same =
        ShowCreateCheck.differences(read, parsed).isEmpty()
            && attributes.equals(new LinkedHashSet<>(parsedAttributes));
    if (!same) {
      LOG.debug(
          "table {}: the full read gives {} {}, its SHOW CREATE TABLE text {} {}",
          parsed.name(),
          read,
          attributes,
          parsed,
          parsedAttributes);
    }
    return same;
  }

  /** Parses one table's text alone. */
  static TextCheck.Parse parse(String text, Flavor flavor) {
    try {
      Schema one = DdlParser.parse(text + ";\n", flavor);
      if (one.tables().size() != 1 || !one.views().isEmpty() || !one.triggers().isEmpty()) {
        return TextCheck.Parse.failed("not one table");
      }
      return new TextCheck.Parse(one.tables().get(0), one.unmodeled(), null);
    } catch (RuntimeException e) {
      // Whatever went wrong, the schemas holding the text are read in full, which reports it.
      return TextCheck.Parse.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** One table's text on one server, under its schema's defaults, without its counter. */
  record TextKey(int server, Flavor flavor, String charset, String collation, String text) {}

  /** What the bulk queries tell about a batch's schemas. */
  static final class Catalog {
    /** Default charset and collation of each present schema. */
    final Map<String, String[]> defaults = new LinkedHashMap<>();

    /** Base-table names of each present schema. */
    final Map<String, List<String>> tables = new LinkedHashMap<>();

    /** The schemas that hold a view, trigger, routine or event. */
    final Set<String> withObjects = new HashSet<>();
  }
}
