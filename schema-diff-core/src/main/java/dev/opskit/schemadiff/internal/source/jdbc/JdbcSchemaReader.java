package dev.opskit.schemadiff.internal.source.jdbc;

import dev.opskit.schemadiff.ExpressionSyntaxException;
import dev.opskit.schemadiff.SchemaDiffException;
import dev.opskit.schemadiff.UnsupportedNameException;
import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.internal.sql.SqlSyntaxException;
import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.GeneratedColumn;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.Partitioning;
import dev.opskit.schemadiff.model.ReferenceAction;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import dev.opskit.schemadiff.model.View;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one schema of a live server into the model.
 *
 * <p>It runs a fixed set of bulk {@code information_schema} queries (tables, columns, indexes,
 * foreign keys, checks, partitions, views, triggers, routines and their parameters, events), so the
 * number of round trips does not grow with the number of tables. Then {@code SHOW CREATE TABLE}
 * runs for every table, for what no {@code information_schema} table holds (a FULLTEXT parser,
 * attributes the model has no place for) and as a self-check: see {@link ShowCreateCheck}. MySQL's
 * {@code information_schema.STATISTICS} does not give the order the server stores indexes in (it
 * returns them by name), and the model keeps that order: it comes from InnoDB's index ids in one
 * more query, or from {@code SHOW INDEX} for each table with more than one index that InnoDB does
 * not name plainly.
 *
 * <p>MySQL's information_schema escapes the expressions it returns once more, as string content
 * ({@code json_extract(`v`,_utf8mb4\'$.a\')}); they are unescaped before they reach the model, and
 * one that still cannot be read raises an {@link ExpressionSyntaxException} naming the table and
 * the column, index or constraint.
 */
public final class JdbcSchemaReader {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSchemaReader.class);

  /**
   * A FULLTEXT key with a parser in SHOW CREATE TABLE: MariaDB prints {@code WITH PARSER `p`},
   * MySQL {@code /*!50100 WITH PARSER `p` *}{@code /}.
   */
  private static final Pattern CURRENT_TIMESTAMP =
      Pattern.compile("(?i)CURRENT_TIMESTAMP(\\(\\d*\\))?");

  private static final Pattern PARSER =
      Pattern.compile(
          "FULLTEXT KEY `((?:[^`]|``)+)` \\(.*?\\)\\s*(?:/\\*!\\d*\\s*)?WITH PARSER `((?:[^`]|``)+)`");

  private final Connection connection;
  private final String schemaName;
  private final Flavor flavor;
  private final @Nullable SchemaBatch batch;
  private int queries;

  private JdbcSchemaReader(
      Connection connection, String schemaName, Flavor flavor, @Nullable SchemaBatch batch) {
    this.connection = connection;
    this.schemaName = schemaName;
    this.flavor = flavor;
    this.batch = batch;
  }

  /**
   * What reading many schemas of one server together gave: each schema, or why it could not be
   * read.
   *
   * @param schemas the schemas read, by name
   * @param failures why each other schema could not be read, by name
   * @param queries the number of queries the whole batch ran
   */
  public record BatchRead(
      Map<String, Schema> schemas, Map<String, RuntimeException> failures, int queries) {}

  /**
   * Reads many schemas of one server together: each {@code information_schema} query runs once for
   * all of them ({@code TABLE_SCHEMA IN (...)}), so the number of bulk queries does not grow with
   * the number of schemas; the statements per table ({@code SHOW CREATE TABLE}, the self-check)
   * still run for each. A schema that cannot be read (missing, an expression the model cannot read,
   * a name with a control character) fails alone.
   *
   * @param connection an open connection; it stays open
   * @param schemaNames the schemas to read
   * @param flavor the server's flavor, from {@link #flavor(Connection)}
   * @return each schema or its failure
   * @throws SQLException if a query fails, which fails the whole batch
   */
  public static BatchRead readAll(Connection connection, List<String> schemaNames, Flavor flavor)
      throws SQLException {
    SchemaBatch batch = new SchemaBatch(connection, schemaNames, flavor.isMariaDb());
    Map<String, Schema> schemas = new LinkedHashMap<>();
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    int perTable = 0;
    for (String name : schemaNames) {
      JdbcSchemaReader reader = new JdbcSchemaReader(connection, name, flavor, batch);
      try {
        schemas.put(name, reader.read());
      } catch (IllegalArgumentException | SchemaDiffException e) {
        failures.put(name, e);
      }
      perTable += reader.queries;
    }
    return new BatchRead(schemas, failures, batch.queries() + perTable);
  }

  /**
   * What a schema holds besides its tables, as the full reader reads it: views, triggers (with the
   * order they run in), routines and events.
   */
  record StoredObjects(
      List<View> views,
      List<Trigger> triggers,
      List<Routine> routines,
      List<Event> events,
      List<UnmodeledAttribute> unmodeled) {}

  /**
   * Reads the views, triggers, routines and events of a batch's schemas with the full reader's
   * queries, each run once for all of them; a schema whose objects cannot be read fails alone.
   *
   * @param failures receives why a schema's objects could not be read, by name
   * @return each other schema's objects, by name
   */
  static Map<String, StoredObjects> readObjects(
      SchemaBatch batch,
      List<String> schemaNames,
      Flavor flavor,
      Map<String, RuntimeException> failures)
      throws SQLException {
    Map<String, StoredObjects> out = new LinkedHashMap<>();
    for (String name : schemaNames) {
      JdbcSchemaReader reader = new JdbcSchemaReader(batch.connection(), name, flavor, batch);
      try {
        List<Trigger> triggers = reader.triggers();
        out.put(
            name,
            new StoredObjects(
                reader.views(),
                triggers,
                reader.routines(),
                reader.events(),
                UnmodeledAttribute.triggerOrder(triggers)));
      } catch (IllegalArgumentException | SchemaDiffException e) {
        failures.put(name, e);
      }
    }
    return out;
  }

  /**
   * Returns the flavor and version of the server behind a connection.
   *
   * @param connection an open connection
   * @return the flavor
   * @throws SQLException if the server does not answer
   */
  public static Flavor flavor(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT VERSION()")) {
      rs.next();
      return Flavor.parse(rs.getString(1));
    }
  }

  /**
   * Reads a schema.
   *
   * @param connection an open connection; it stays open
   * @param schemaName the schema to read
   * @return the schema
   * @throws SQLException if a query fails
   * @throws IllegalArgumentException if the schema does not exist
   * @throws ExpressionSyntaxException if an expression the server returns cannot be read
   * @throws UnsupportedNameException if a name in the schema holds a control character
   */
  public static Schema read(Connection connection, String schemaName) throws SQLException {
    return read(connection, schemaName, flavor(connection));
  }

  /**
   * Reads a schema from a server whose flavor is already known.
   *
   * @param connection an open connection; it stays open
   * @param schemaName the schema to read
   * @param flavor the server's flavor, from {@link #flavor(Connection)}
   * @return the schema
   * @throws SQLException if a query fails
   * @throws IllegalArgumentException if the schema does not exist
   * @throws ExpressionSyntaxException if an expression the server returns cannot be read
   * @throws UnsupportedNameException if a name in the schema holds a control character
   */
  public static Schema read(Connection connection, String schemaName, Flavor flavor)
      throws SQLException {
    JdbcSchemaReader reader = new JdbcSchemaReader(connection, schemaName, flavor, null);
    long start = System.nanoTime();
    Schema schema = reader.read();
    LOG.debug(
        "read schema {} ({} tables) with {} queries in {} ms",
        schemaName,
        schema.tables().size(),
        reader.queries + 1,
        (System.nanoTime() - start) / 1_000_000);
    return schema;
  }

  private Schema read() throws SQLException {
    String[] defaults = schemaDefaults();
    Map<String, Table.Builder> tables = tables(defaults);
    // Many texts parse on a thread of their own, in chunks as they arrive, while the queries below
    // wait for the server; a few parse here.
    try (ChunkedParse parse =
        tables.size() >= ShowCreateCheck.PARSE_APART
            ? new ChunkedParse(schemaName, flavor)
            : null) {
      Map<String, String> creates = showCreateTables(tables.keySet(), parse);
      columns(tables);
      indexes(tables);
      foreignKeys(tables);
      checks(tables);
      partitions(tables);
      fullTextParsers(tables, creates);
      List<Table> built = new ArrayList<>();
      for (Table.Builder builder : tables.values()) {
        built.add(builder.build());
      }
      List<Trigger> triggers = triggers();
      List<View> views = views();
      List<Routine> routines = routines();
      List<Event> events = events();
      ShowCreateCheck.Parsed parsed =
          parse != null ? parse.finish() : ShowCreateCheck.parseAll(schemaName, flavor, creates);
      List<UnmodeledAttribute> unmodeled = new ArrayList<>(ShowCreateCheck.check(built, parsed));
      // triggers() reads them in ACTION_ORDER.
      unmodeled.addAll(UnmodeledAttribute.triggerOrder(triggers));
      Schema schema =
          new Schema(
              schemaName,
              defaults[0],
              defaults[1],
              built,
              views,
              triggers,
              routines,
              events,
              unmodeled);
      ControlCharacterNames.check(schema);
      return schema;
    }
  }

  /**
   * Returns each table's {@code SHOW CREATE TABLE} text, by name, handing each to the parse too.
   */
  private Map<String, String> showCreateTables(Iterable<String> names, @Nullable ChunkedParse parse)
      throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      for (String name : names) {
        try (ResultSet rs =
            statement.executeQuery(
                "SHOW CREATE TABLE "
                    + SqlExpressions.quoteName(schemaName)
                    + "."
                    + SqlExpressions.quoteName(name))) {
          queries++;
          rs.next();
          String text = rs.getString(2);
          out.put(name, text);
          if (parse != null) {
            parse.add(name, text);
          }
        }
      }
    }
    return out;
  }

  private String[] schemaDefaults() throws SQLException {
    try (ResultSet rs =
        query(
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA"
                + " WHERE SCHEMA_NAME = ?")) {
      if (!rs.next()) {
        throw new IllegalArgumentException("schema '" + schemaName + "' does not exist");
      }
      return new String[] {rs.getString(1), rs.getString(2)};
    }
  }

  private Map<String, Table.Builder> tables(String[] defaults) throws SQLException {
    Map<String, Table.Builder> tables = new LinkedHashMap<>();
    try (ResultSet rs =
        query(
            "SELECT TABLE_NAME, ENGINE, AUTO_INCREMENT, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN"
                + " ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY TABLE_NAME")) {
      while (rs.next()) {
        Table.Builder table =
            Table.builder(rs.getString(1)).flavor(flavor).schemaDefaults(defaults[0], defaults[1]);
        optional(rs.getString(2)).ifPresent(v -> table.option("ENGINE", v));
        optional(rs.getString(3)).ifPresent(v -> table.option("AUTO_INCREMENT", v));
        optional(rs.getString(4)).ifPresent(v -> table.option("COLLATE", v));
        createOptions(rs.getString(5), table);
        optional(rs.getString(6)).ifPresent(v -> table.option("COMMENT", v));
        tables.put(rs.getString(1), table);
      }
    }
    return tables;
  }

  /** Reads {@code CREATE_OPTIONS}: {@code row_format=DYNAMIC stats_persistent=1 partitioned}. */
  private static void createOptions(@Nullable String options, Table.Builder table) {
    if (options == null || options.isBlank()) {
      return;
    }
    for (String option : options.trim().split("\\s+")) {
      int eq = option.indexOf('=');
      if (eq < 0) {
        continue; // "partitioned" and other flags
      }
      String name = option.substring(0, eq).replace("`", "");
      String value = option.substring(eq + 1);
      if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      table.option(name, value);
    }
  }

  private void columns(Map<String, Table.Builder> tables) throws SQLException {
    String srid = flavor.isMariaDb() ? "NULL" : "SRS_ID";
    try (ResultSet rs =
        query(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,"
                + " CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_COMMENT, GENERATION_EXPRESSION, "
                + srid
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
                + " ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
      while (rs.next()) {
        Table.Builder table = tables.get(rs.getString(1));
        if (table == null) {
          continue; // a view's column
        }
        String tableName = rs.getString(1);
        String columnName = rs.getString(2);
        String extra = Optional.ofNullable(rs.getString(6)).orElse("").toLowerCase(Locale.ROOT);
        String type = rs.getString(3);
        Column.Builder column =
            Column.builder(columnName, type)
                .nullable("YES".equals(rs.getString(4)))
                .defaultValue(defaultSql(tableName, columnName, rs.getString(5), extra, type))
                .autoIncrement(extra.contains("auto_increment"))
                .charset(rs.getString(7))
                .collation(rs.getString(8))
                .comment(Optional.ofNullable(rs.getString(9)).orElse(""))
                .invisible(extra.contains("invisible"));
        int onUpdate = extra.indexOf("on update ");
        if (onUpdate >= 0) {
          column.onUpdate(extra.substring(onUpdate + "on update ".length()).trim());
        }
        String generation = rs.getString(10);
        if (generation != null && !generation.isEmpty() && extra.contains("generated")) {
          boolean stored = extra.contains("stored") || extra.contains("persistent");
          column.generated(
              new GeneratedColumn(
                  expression(tableName, "column " + columnName, generation), stored));
        }
        Object sridValue = rs.getObject(11);
        if (sridValue != null) {
          column.srid(((Number) sridValue).intValue());
        }
        table.addColumn(column);
      }
    }
  }

  /**
   * Turns {@code COLUMN_DEFAULT} into SQL text. MariaDB 10.2.7+ already returns SQL (quoted
   * literals, expressions, the word NULL); MySQL returns literals unquoted and flags expressions
   * with {@code DEFAULT_GENERATED}.
   */
  private @Nullable String defaultSql(
      String table, String column, @Nullable String value, String extra, String type) {
    if (value == null) {
      return null;
    }
    if (flavor.isMariaDb()) {
      return expression(table, "column " + column, value);
    }
    if (extra.contains("default_generated")) {
      // CURRENT_TIMESTAMP[(n)] is the one expression default written without parentheses.
      return CURRENT_TIMESTAMP.matcher(value).matches()
          ? value
          : "(" + expression(table, "column " + column, value) + ")";
    }
    if (type.toLowerCase(Locale.ROOT).startsWith("bit") && value.startsWith("b'")) {
      return value;
    }
    return SqlExpressions.quote(value);
  }

  private void indexes(Map<String, Table.Builder> tables) throws SQLException {
    String visibility = flavor.isMariaDb() ? "IGNORED = 'NO'" : "IS_VISIBLE = 'YES'";
    String expression = flavor.isMariaDb() ? "NULL" : "EXPRESSION";
    if (flavor.isMariaDb()
        && (flavor.major() < 10 || (flavor.major() == 10 && flavor.minor() < 6))) {
      visibility = "1";
    }
    // No ORDER BY: MariaDB returns the indexes in the order it stores them, which an ORDER BY
    // would lose. MySQL returns them by name; their stored order comes from SHOW INDEX below.
    Map<String, Map<String, List<Object[]>>> byTable = new LinkedHashMap<>();
    try (ResultSet rs =
        query(
            "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE,"
                + " INDEX_COMMENT, "
                + visibility
                + ", "
                + expression
                + ", SEQ_IN_INDEX FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?")) {
      while (rs.next()) {
        String tableName = rs.getString(1);
        String indexName = rs.getString(2);
        String text = rs.getString(10);
        Object[] row = {
          rs.getString(3),
          rs.getString(4),
          rs.getObject(5),
          rs.getString(6),
          rs.getString(7),
          rs.getString(8),
          rs.getBoolean(9),
          text == null ? null : expression(tableName, "index " + indexName, text),
          rs.getInt(11)
        };
        byTable
            .computeIfAbsent(tableName, t -> new LinkedHashMap<>())
            .computeIfAbsent(indexName, i -> new ArrayList<>())
            .add(row);
      }
    }
    Map<String, Map<String, Long>> innoDbIds = flavor.isMariaDb() ? Map.of() : innoDbIndexIds();
    for (Map.Entry<String, Map<String, List<Object[]>>> entry : byTable.entrySet()) {
      Table.Builder table = tables.get(entry.getKey());
      if (table == null) {
        continue;
      }
      Map<String, List<Object[]>> indexes = entry.getValue();
      List<String> names = new ArrayList<>(indexes.keySet());
      if (!flavor.isMariaDb() && names.size() > 1) {
        Map<String, Long> ids = innoDbIds.getOrDefault(entry.getKey(), Map.of());
        if (ids.keySet().containsAll(names)) {
          names.sort(Comparator.comparing(ids::get));
        } else {
          names = storedIndexOrder(entry.getKey(), names);
        }
      }
      for (String name : names) {
        List<Object[]> rows = indexes.get(name);
        rows.sort(Comparator.comparingInt(row -> (Integer) row[8]));
        table.addIndex(index(name, rows));
      }
    }
  }

  /**
   * Returns the InnoDB index ids of the schema's tables, by table and index name, in one query. An
   * InnoDB table's indexes get ids in the order the server stores them (a rebuild numbers them anew
   * in that order, an added index comes last in its group, and the model sorts the groups), so
   * ordering by id gives the stored order without a {@code SHOW INDEX} per table. Tables it does
   * not name plainly (other engines, partitions, names InnoDB encodes) and servers that refuse the
   * query (it needs the PROCESS privilege) fall back to {@link #storedIndexOrder}.
   */
  private Map<String, Map<String, Long>> innoDbIndexIds() {
    Map<String, Map<String, Long>> ids = new HashMap<>();
    String prefix = schemaName + "/";
    try (ResultSet rs =
        query(
            "SELECT t.NAME, i.NAME, i.INDEX_ID FROM information_schema.INNODB_INDEXES i JOIN"
                + " information_schema.INNODB_TABLES t ON t.TABLE_ID = i.TABLE_ID"
                + " WHERE SUBSTRING_INDEX(t.NAME, '/', 1) = ?")) {
      while (rs.next()) {
        String qualified = rs.getString(1);
        if (qualified.startsWith(prefix)) {
          ids.computeIfAbsent(qualified.substring(prefix.length()), t -> new HashMap<>())
              .put(rs.getString(2), rs.getLong(3));
        }
      }
    } catch (SQLException e) {
      LOG.debug("InnoDB index ids unreadable ({}); SHOW INDEX per table instead", e.getMessage());
      return Map.of();
    }
    return ids;
  }

  /**
   * Returns a MySQL table's index names in the order the server stores them, from SHOW INDEX
   * (information_schema has no column for it); names SHOW INDEX does not list keep their place
   * after those it does.
   */
  private List<String> storedIndexOrder(String table, List<String> names) throws SQLException {
    List<String> stored = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SHOW INDEX FROM "
                    + SqlExpressions.quoteName(schemaName)
                    + "."
                    + SqlExpressions.quoteName(table))) {
      queries++;
      while (rs.next()) {
        String name = rs.getString("Key_name");
        if (names.contains(name) && !stored.contains(name)) {
          stored.add(name);
        }
      }
    }
    for (String name : names) {
      if (!stored.contains(name)) {
        stored.add(name);
      }
    }
    return stored;
  }

  /**
   * Returns an expression the server returned as SQL the model can read: unescaped on MySQL (see
   * {@link EscapedText}).
   *
   * @throws ExpressionSyntaxException if it still cannot be read
   */
  private String expression(String table, String element, String text) {
    return readableExpression(flavor, table, element, text);
  }

  /**
   * Returns an expression a server of a flavor returned as SQL the model can read.
   *
   * @throws ExpressionSyntaxException if it cannot be read
   */
  static String readableExpression(Flavor flavor, String table, String element, String text) {
    String sql = flavor.isMariaDb() ? text : EscapedText.unescape(text);
    try {
      // Read it now, so that an expression the model cannot read names its table and element.
      SqlExpressions.canonical(sql);
    } catch (SqlSyntaxException e) {
      throw new ExpressionSyntaxException(
          table, element, text, e.line(), e.column(), e.problem(), e);
    }
    return sql;
  }

  private static Index index(String name, List<Object[]> rows) {
    Object[] first = rows.get(0);
    String type = ((String) first[4]).toUpperCase(Locale.ROOT);
    IndexKind kind;
    if (name.equals("PRIMARY")) {
      kind = IndexKind.PRIMARY;
    } else if (type.equals("FULLTEXT")) {
      kind = IndexKind.FULLTEXT;
    } else if (type.equals("SPATIAL")) {
      kind = IndexKind.SPATIAL;
    } else if ("0".equals(first[0])) {
      kind = IndexKind.UNIQUE;
    } else {
      kind = IndexKind.INDEX;
    }
    List<IndexPart> parts = new ArrayList<>();
    for (Object[] row : rows) {
      String column = (String) row[1];
      String expression = (String) row[7];
      Integer prefix = row[2] == null ? null : ((Number) row[2]).intValue();
      boolean descending = "D".equals(row[3]);
      parts.add(
          column != null
              ? new IndexPart(column, null, prefix, descending)
              : new IndexPart(null, expression, null, descending));
    }
    String algorithm = type.equals("HASH") ? "HASH" : null;
    return new Index(
        name,
        kind,
        parts,
        (Boolean) first[6],
        Optional.ofNullable((String) first[5]).orElse(""),
        null,
        algorithm,
        Map.of());
  }

  private void foreignKeys(Map<String, Table.Builder> tables) throws SQLException {
    Map<String, String[]> rules = new HashMap<>();
    try (ResultSet rs =
        query(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE FROM"
                + " information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?")) {
      while (rs.next()) {
        rules.put(
            rs.getString(1) + "\0" + rs.getString(2),
            new String[] {rs.getString(3), rs.getString(4)});
      }
    }
    Map<String, List<String[]>> columns = new LinkedHashMap<>();
    try (ResultSet rs =
        query(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA,"
                + " REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
                + " WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL"
                + " ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION")) {
      while (rs.next()) {
        columns
            .computeIfAbsent(rs.getString(1) + "\0" + rs.getString(2), k -> new ArrayList<>())
            .add(new String[] {rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)});
      }
    }
    columns.forEach(
        (key, rows) -> {
          String[] parts = key.split("\0", 2);
          Table.Builder table = tables.get(parts[0]);
          String[] rule = rules.getOrDefault(key, new String[] {"RESTRICT", "RESTRICT"});
          String refSchema = rows.get(0)[1];
          table.addForeignKey(
              new ForeignKey(
                  parts[1],
                  rows.stream().map(r -> r[0]).toList(),
                  refSchema.equals(schemaName) ? null : refSchema,
                  rows.get(0)[2],
                  rows.stream().map(r -> r[3]).toList(),
                  ReferenceAction.parse(rule[1]),
                  ReferenceAction.parse(rule[0])));
        });
  }

  private void checks(Map<String, Table.Builder> tables) throws SQLException {
    if (!flavor.isMariaDb()) {
      mysqlChecks(tables);
      return;
    }
    try (ResultSet rs =
        query(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM"
                + " information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?")) {
      while (rs.next()) {
        addCheck(tables, rs.getString(1), rs.getString(2), rs.getString(3), true);
      }
    }
  }

  /**
   * MySQL: the CHECK clauses and their tables come from two single-view queries joined here. The
   * server's own join of CHECK_CONSTRAINTS with TABLE_CONSTRAINTS took 15-30 s per 2,000-table
   * schema on MySQL 8.0.31 (56 of the reader's 59 s in the benchmark); the two alone take well
   * under a second. CHECK names are unique per schema on MySQL.
   */
  private void mysqlChecks(Map<String, Table.Builder> tables) throws SQLException {
    Map<String, String> clauses = new HashMap<>();
    try (ResultSet rs =
        query(
            "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ?")) {
      while (rs.next()) {
        clauses.put(rs.getString(1), rs.getString(2));
      }
    }
    try (ResultSet rs =
        query(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, ENFORCED FROM information_schema.TABLE_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ? AND CONSTRAINT_TYPE = 'CHECK'"
                + " ORDER BY TABLE_NAME, CONSTRAINT_NAME")) {
      while (rs.next()) {
        String clause = clauses.get(rs.getString(2));
        if (clause != null) {
          addCheck(tables, rs.getString(1), rs.getString(2), clause, "YES".equals(rs.getString(3)));
        }
      }
    }
  }

  private void addCheck(
      Map<String, Table.Builder> tables,
      String tableName,
      String name,
      String clause,
      boolean enforced) {
    Table.Builder table = tables.get(tableName);
    if (table != null) {
      table.addCheck(
          new CheckConstraint(name, expression(tableName, "check " + name, clause), enforced));
    }
  }

  private void partitions(Map<String, Table.Builder> tables) throws SQLException {
    Map<String, List<String[]>> rows = new LinkedHashMap<>();
    try (ResultSet rs =
        query(
            "SELECT TABLE_NAME, PARTITION_NAME, SUBPARTITION_NAME, PARTITION_METHOD,"
                + " SUBPARTITION_METHOD, PARTITION_EXPRESSION, SUBPARTITION_EXPRESSION,"
                + " PARTITION_DESCRIPTION, PARTITION_COMMENT FROM information_schema.PARTITIONS"
                + " WHERE TABLE_SCHEMA = ? AND PARTITION_NAME IS NOT NULL"
                + " ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION")) {
      while (rs.next()) {
        String[] row = new String[8];
        for (int i = 0; i < 8; i++) {
          row[i] = rs.getString(i + 2);
        }
        rows.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(row);
      }
    }
    rows.forEach(
        (tableName, partitionRows) -> {
          Table.Builder table = tables.get(tableName);
          if (table != null) {
            table.partitioning(partitioning(partitionRows));
          }
        });
  }

  private static Partitioning partitioning(List<String[]> rows) {
    String[] first = rows.get(0);
    String method = first[2];
    Map<String, List<String>> subpartitions = new LinkedHashMap<>();
    Map<String, String[]> byName = new LinkedHashMap<>();
    for (String[] row : rows) {
      byName.putIfAbsent(row[0], row);
      List<String> subs = subpartitions.computeIfAbsent(row[0], n -> new ArrayList<>());
      if (row[1] != null) {
        subs.add(row[1]);
      }
    }
    List<Partition> partitions = new ArrayList<>();
    byName.forEach(
        (name, row) -> {
          String values = null;
          String description = row[6];
          if (description != null) {
            values =
                method.startsWith("RANGE")
                    ? "LESS THAN (" + description + ")"
                    : method.startsWith("LIST") ? "IN (" + description + ")" : null;
          }
          partitions.add(
              new Partition(
                  name, values, Optional.ofNullable(row[7]).orElse(""), subpartitions.get(name)));
        });
    int subCount = subpartitions.values().iterator().next().size();
    return new Partitioning(
        method,
        Optional.ofNullable(first[4]).orElse(""),
        partitions.size(),
        first[3],
        first[3] == null ? null : Optional.ofNullable(first[5]).orElse(""),
        subCount,
        partitions);
  }

  /** FULLTEXT parsers are not in information_schema: read them from SHOW CREATE TABLE. */
  private static void fullTextParsers(
      Map<String, Table.Builder> tables, Map<String, String> creates) {
    for (Map.Entry<String, Table.Builder> entry : tables.entrySet()) {
      Table.Builder table = entry.getValue();
      if (table.indexes().stream().noneMatch(i -> i.kind() == IndexKind.FULLTEXT)) {
        continue;
      }
      Matcher m = PARSER.matcher(creates.get(entry.getKey()));
      while (m.find()) {
        String indexName = m.group(1).replace("``", "`");
        String parser = m.group(2).replace("``", "`");
        List<Index> indexes = table.indexes();
        for (int i = 0; i < indexes.size(); i++) {
          Index index = indexes.get(i);
          if (index.name().equals(indexName)) {
            indexes.set(
                i,
                new Index(
                    index.name(),
                    index.kind(),
                    index.parts(),
                    index.visible(),
                    index.comment(),
                    parser,
                    index.algorithm(),
                    index.options()));
          }
        }
      }
    }
  }

  private List<View> views() throws SQLException {
    List<View> views = new ArrayList<>();
    String algorithm = flavor.isMariaDb() ? "ALGORITHM" : "'UNDEFINED'";
    try (ResultSet rs =
        query(
            "SELECT TABLE_NAME, VIEW_DEFINITION, "
                + algorithm
                + ", SECURITY_TYPE, CHECK_OPTION, DEFINER FROM information_schema.VIEWS"
                + " WHERE TABLE_SCHEMA = ?")) {
      while (rs.next()) {
        views.add(
            new View(
                rs.getString(1),
                SqlExpressions.canonicalBody(rs.getString(2), schemaName),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6)));
      }
    }
    if (!flavor.isMariaDb()) {
      for (int i = 0; i < views.size(); i++) {
        views.set(i, mysqlViewAlgorithm(views.get(i)));
      }
    }
    return views;
  }

  /** MySQL's information_schema.VIEWS has no ALGORITHM column: read it from SHOW CREATE VIEW. */
  private View mysqlViewAlgorithm(View view) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SHOW CREATE VIEW "
                    + SqlExpressions.quoteName(schemaName)
                    + "."
                    + SqlExpressions.quoteName(view.name()))) {
      queries++;
      rs.next();
      Matcher m = Pattern.compile("ALGORITHM=(\\w+)").matcher(rs.getString(2));
      String algorithm = m.find() ? m.group(1) : "UNDEFINED";
      return new View(
          view.name(),
          view.definition(),
          algorithm,
          view.security(),
          view.checkOption(),
          view.definer());
    }
  }

  private List<Trigger> triggers() throws SQLException {
    List<Trigger> triggers = new ArrayList<>();
    // A trigger lives in its table's schema. MariaDB looks TRIGGERS up by the table's schema only:
    // by TRIGGER_SCHEMA it reads every table's triggers (184 ms against 27 ms for one 40-table
    // schema; 9.5 s for 63 of 500 shards).
    try (ResultSet rs =
        query(
            "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION,"
                + " ACTION_STATEMENT, DEFINER FROM information_schema.TRIGGERS"
                + " WHERE EVENT_OBJECT_SCHEMA = ?"
                + " ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER")) {
      while (rs.next()) {
        triggers.add(
            new Trigger(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                SqlExpressions.canonicalBody(rs.getString(5), schemaName),
                rs.getString(6)));
      }
    }
    return triggers;
  }

  private List<Routine> routines() throws SQLException {
    Map<String, List<String>> parameters = new HashMap<>();
    try (ResultSet rs =
        query(
            "SELECT ROUTINE_TYPE, SPECIFIC_NAME, PARAMETER_MODE, PARAMETER_NAME, DTD_IDENTIFIER FROM"
                + " information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = ? AND ORDINAL_POSITION > 0"
                + " ORDER BY SPECIFIC_NAME, ORDINAL_POSITION")) {
      while (rs.next()) {
        boolean procedure = "PROCEDURE".equals(rs.getString(1));
        String parameter =
            (procedure ? rs.getString(3) + " " : "")
                + SqlExpressions.quoteName(rs.getString(4))
                + " "
                + rs.getString(5);
        parameters
            .computeIfAbsent(rs.getString(1) + "\0" + rs.getString(2), k -> new ArrayList<>())
            .add(parameter);
      }
    }
    List<Routine> routines = new ArrayList<>();
    try (ResultSet rs =
        query(
            "SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_DEFINITION, IS_DETERMINISTIC,"
                + " SQL_DATA_ACCESS, SECURITY_TYPE, ROUTINE_COMMENT, DEFINER FROM"
                + " information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?")) {
      while (rs.next()) {
        String type = rs.getString(2);
        String name = rs.getString(1);
        String parameterList =
            String.join(", ", parameters.getOrDefault(type + "\0" + name, List.of()));
        try {
          routines.add(
              new Routine(
                  name,
                  type,
                  parameterList,
                  "FUNCTION".equals(type) ? rs.getString(3) : null,
                  SqlExpressions.canonicalBody(
                      Optional.ofNullable(rs.getString(4)).orElse(""), schemaName),
                  "YES".equals(rs.getString(5)),
                  rs.getString(6),
                  rs.getString(7),
                  Optional.ofNullable(rs.getString(8)).orElse(""),
                  rs.getString(9)));
        } catch (IllegalArgumentException e) {
          // No fallback to raw text: name the routine, and the source turns this into a
          // SchemaReadException.
          throw new IllegalArgumentException(
              type.toLowerCase(Locale.ROOT)
                  + " `"
                  + name
                  + "` cannot be read ("
                  + parameterList
                  + "): "
                  + e.getMessage(),
              e);
        }
      }
    }
    return routines;
  }

  private List<Event> events() throws SQLException {
    List<Event> events = new ArrayList<>();
    try (ResultSet rs =
        query(
            "SELECT EVENT_NAME, EVENT_TYPE, EXECUTE_AT, INTERVAL_VALUE, INTERVAL_FIELD, STARTS, ENDS,"
                + " STATUS, ON_COMPLETION, EVENT_COMMENT, EVENT_DEFINITION, DEFINER FROM"
                + " information_schema.EVENTS WHERE EVENT_SCHEMA = ?")) {
      while (rs.next()) {
        StringBuilder schedule = new StringBuilder();
        if ("ONE TIME".equals(rs.getString(2))) {
          schedule.append("AT '").append(rs.getString(3)).append('\'');
        } else {
          String value = rs.getString(4);
          schedule
              .append("EVERY ")
              .append(value.matches("\\d+") ? value : SqlExpressions.quote(value))
              .append(' ')
              .append(rs.getString(5));
          optional(rs.getString(6))
              .ifPresent(s -> schedule.append(" STARTS '").append(s).append('\''));
          optional(rs.getString(7))
              .ifPresent(s -> schedule.append(" ENDS '").append(s).append('\''));
        }
        events.add(
            new Event(
                rs.getString(1),
                SqlExpressions.canonicalBody(schedule.toString(), ""),
                "PRESERVE".equals(rs.getString(9)),
                rs.getString(8),
                Optional.ofNullable(rs.getString(10)).orElse(""),
                SqlExpressions.canonicalBody(rs.getString(11), schemaName),
                rs.getString(12)));
      }
    }
    return events;
  }

  private ResultSet query(String sql) throws SQLException {
    if (batch != null) {
      return batch.query(sql, schemaName);
    }
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.closeOnCompletion();
    statement.setString(1, schemaName);
    queries++;
    return statement.executeQuery();
  }

  private static Optional<String> optional(@Nullable String value) {
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
