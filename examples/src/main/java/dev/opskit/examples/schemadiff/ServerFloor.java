package dev.opskit.examples.schemadiff;

import dev.opskit.schemadiff.internal.source.jdbc.JdbcSchemaReader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's share of a comparison: the queries {@link JdbcSchemaReader} runs, plus {@code SHOW
 * CREATE TABLE} for every table, over one connection, reading every column of every row.
 *
 * <p>The queries are not copied from the reader: {@link #record} runs the reader once on a
 * connection that notes each statement, so the floor follows the reader as it changes.
 */
final class ServerFloor {
  private static final Pattern INFORMATION_SCHEMA_TABLE =
      Pattern.compile("information_schema\\.(\\w+)", Pattern.CASE_INSENSITIVE);

  private final List<String> schemaQueries;
  private final List<String> serverQueries;

  private ServerFloor(List<String> schemaQueries, List<String> serverQueries) {
    this.schemaQueries = List.copyOf(schemaQueries);
    this.serverQueries = List.copyOf(serverQueries);
  }

  /**
   * Reads a schema with {@link JdbcSchemaReader} and notes its queries: prepared ones take the
   * schema name as their only parameter; plain ones (the version, {@code SHOW CREATE TABLE} for
   * FULLTEXT tables) are kept as they are, except {@code SHOW CREATE}, which the floor runs for
   * every table anyway.
   */
  static ServerFloor record(Connection connection, String schema) throws SQLException {
    List<String> prepared = new ArrayList<>();
    List<String> plain = new ArrayList<>();
    Connection recording =
        proxy(
            Connection.class,
            connection,
            (method, args) -> {
              if (method.getName().equals("prepareStatement")) {
                prepared.add((String) args[0]);
              }
              return null;
            },
            plain);
    JdbcSchemaReader.read(recording, schema);
    List<String> serverQueries =
        plain.stream()
            .filter(q -> !q.toUpperCase(Locale.ROOT).startsWith("SHOW CREATE"))
            .distinct()
            .toList();
    return new ServerFloor(prepared, serverQueries);
  }

  /** Returns how many queries run per schema, before {@code SHOW CREATE TABLE}. */
  int queriesPerSchema() {
    return schemaQueries.size() + serverQueries.size();
  }

  /**
   * Runs the floor's queries for each schema and reads every value.
   *
   * @param tablesBySchema each schema's name and its tables' names
   * @param nanosByQuery where each query's time is added, by {@link #label}
   * @return how many values were read, so the work cannot be skipped
   */
  long run(Connection connection, List<SchemaTables> tablesBySchema, Map<String, Long> nanosByQuery)
      throws SQLException {
    long values = 0;
    for (SchemaTables schema : tablesBySchema) {
      try (Statement statement = connection.createStatement()) {
        for (String sql : serverQueries) {
          long start = System.nanoTime();
          try (ResultSet rs = statement.executeQuery(sql)) {
            values += readAll(rs);
          }
          nanosByQuery.merge(label(sql), System.nanoTime() - start, Long::sum);
        }
      }
      for (String sql : schemaQueries) {
        long start = System.nanoTime();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          statement.setString(1, schema.schema());
          try (ResultSet rs = statement.executeQuery()) {
            values += readAll(rs);
          }
        }
        nanosByQuery.merge(label(sql), System.nanoTime() - start, Long::sum);
      }
      long start = System.nanoTime();
      try (Statement statement = connection.createStatement()) {
        for (String table : schema.tables()) {
          try (ResultSet rs =
              statement.executeQuery(
                  "SHOW CREATE TABLE `" + schema.schema() + "`.`" + table + "`")) {
            values += readAll(rs);
          }
        }
      }
      nanosByQuery.merge("SHOW CREATE TABLE (each table)", System.nanoTime() - start, Long::sum);
    }
    return values;
  }

  /** Names a query by the information_schema table it reads, or by its text. */
  static String label(String sql) {
    if (sql.toUpperCase(Locale.ROOT).startsWith("SHOW INDEX")) {
      return "SHOW INDEX (MySQL: each table with 2+ indexes)";
    }
    Matcher m = INFORMATION_SCHEMA_TABLE.matcher(sql);
    return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : sql;
  }

  /** Lists the base tables of a schema (outside any timing). */
  static SchemaTables tables(Connection connection, String schema) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
      statement.setString(1, schema);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return new SchemaTables(schema, names);
  }

  private static long readAll(ResultSet rs) throws SQLException {
    int columns = rs.getMetaData().getColumnCount();
    long values = 0;
    while (rs.next()) {
      for (int i = 1; i <= columns; i++) {
        rs.getString(i);
        values++;
      }
    }
    return values;
  }

  /** A callback that sees each call before it goes to the real object. */
  private interface Observer {
    Object observe(Method method, Object[] args);
  }

  /**
   * Wraps a connection so each prepared statement's SQL reaches the observer, and each plain
   * statement's query is added to {@code plain}.
   */
  private static <T> T proxy(Class<T> type, T target, Observer observer, List<String> plain) {
    InvocationHandler handler =
        (self, method, args) -> {
          Object[] arguments = args == null ? new Object[0] : args;
          observer.observe(method, arguments);
          Object result;
          try {
            result = method.invoke(target, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (result instanceof Statement statement && !(result instanceof PreparedStatement)) {
            return proxy(
                Statement.class,
                statement,
                (m, a) -> {
                  if (m.getName().equals("executeQuery") && a.length == 1) {
                    plain.add((String) a[0]);
                  }
                  return null;
                },
                plain);
          }
          return result;
        };
    return type.cast(
        Proxy.newProxyInstance(ServerFloor.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /**
   * A schema and its tables.
   *
   * @param schema the schema name
   * @param tables the base tables' names
   */
  record SchemaTables(String schema, List<String> tables) {
    SchemaTables {
      tables = List.copyOf(tables);
    }
  }
}
