package dev.opskit.schemadiff.internal.source.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs each of the reader's {@code information_schema} queries once for many schemas of one server
 * (on MySQL {@code X_SCHEMA IN (?, ...)} instead of {@code X_SCHEMA = ?}; on MariaDB one {@code
 * UNION ALL} branch per schema, which its lookup by schema serves) and hands each schema's reader
 * its own rows, in the server's order. Reading 500 schemas this way takes the reader's fixed set of
 * queries per batch, not per schema.
 */
final class SchemaBatch {
  /** The one schema predicate of each reader query: a column or expression, compared to ?. */
  private static final Pattern PREDICATE =
      Pattern.compile("([A-Za-z_.]+|SUBSTRING_INDEX\\(t\\.NAME, '/', 1\\)) = \\?");

  private final Connection connection;
  private final Set<String> schemas;
  private final boolean unionPerSchema;
  private final Map<String, Map<String, List<Cell[]>>> rowsBySql = new HashMap<>();
  private int queries;

  SchemaBatch(Connection connection, List<String> schemas, boolean unionPerSchema) {
    this.connection = connection;
    this.schemas = new LinkedHashSet<>(schemas);
    this.unionPerSchema = unionPerSchema;
  }

  /** The connection the batch reads through. */
  Connection connection() {
    return connection;
  }

  /** The number of queries run so far. */
  int queries() {
    return queries;
  }

  /**
   * Returns one schema's rows of a reader query, running the query for the whole batch the first
   * time any schema asks for it.
   */
  ResultSet query(String sql, String schema) throws SQLException {
    Map<String, List<Cell[]>> bySchema = rowsBySql.get(sql);
    if (bySchema == null) {
      bySchema = run(sql);
      rowsBySql.put(sql, bySchema);
    }
    return rows(bySchema.getOrDefault(schema, List.of()));
  }

  private Map<String, List<Cell[]>> run(String sql) throws SQLException {
    Matcher m = PREDICATE.matcher(sql);
    if (!m.find() || m.find(m.end()) || !sql.startsWith("SELECT ")) {
      throw new IllegalStateException("not a query with one schema predicate: " + sql);
    }
    m.reset().find();
    String selected = sql.substring("SELECT ".length(), m.start());
    String rest = sql.substring(m.end());
    String batched;
    int parametersPerSchema;
    if (unionPerSchema) {
      // MariaDB looks information_schema rows up by schema only for `X = const`: an IN list makes
      // KEY_COLUMN_USAGE, PARTITIONS and the constraint tables open every table of the server
      // (4-5 s for 63 of 500 shards, against 0.7 s as one branch per schema). A branch's ORDER BY
      // holds only with a LIMIT.
      String branch =
          "(SELECT ? AS opskit_schema, "
              + selected
              + m.group(1)
              + " = ?"
              + rest
              + (rest.contains(" ORDER BY ") ? " LIMIT 18446744073709551615" : "")
              + ")";
      batched = String.join(" UNION ALL ", Collections.nCopies(schemas.size(), branch));
      parametersPerSchema = 2;
    } else {
      batched =
          "SELECT "
              + m.group(1)
              + ", "
              + selected
              + m.group(1)
              + " IN ("
              + String.join(", ", Collections.nCopies(schemas.size(), "?"))
              + ")"
              + rest;
      parametersPerSchema = 1;
    }
    Map<String, List<Cell[]>> out = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(batched)) {
      int i = 1;
      for (String schema : schemas) {
        for (int p = 0; p < parametersPerSchema; p++) {
          statement.setString(i++, schema);
        }
      }
      queries++;
      try (ResultSet rs = statement.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Cell[] row = new Cell[columns - 1];
          for (int c = 2; c <= columns; c++) {
            row[c - 2] = new Cell(rs.getString(c), rs.getObject(c));
          }
          out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(row);
        }
      }
    }
    return out;
  }

  /** One value as the driver gave it, as text and as an object. */
  private record Cell(@Nullable String text, @Nullable Object value) {
    boolean asBoolean() {
      if (value instanceof Boolean b) {
        return b;
      }
      if (value instanceof Number n) {
        return n.longValue() != 0;
      }
      return text != null && (text.equals("1") || text.equalsIgnoreCase("true"));
    }

    long asLong() {
      if (value instanceof Number n) {
        return n.longValue();
      }
      return text == null ? 0 : Long.parseLong(text.trim());
    }
  }

  /**
   * A forward-only result set over cached rows, with the getters the reader uses; anything else
   * fails loudly rather than answer wrongly.
   */
  private static ResultSet rows(List<Cell[]> rows) {
    int[] at = {-1};
    boolean[] wasNull = {false};
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          switch (name) {
            case "next":
              return ++at[0] < rows.size();
            case "close":
              return null;
            case "isClosed":
              return false;
            case "wasNull":
              return wasNull[0];
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            case "toString":
              return "SchemaBatch rows (" + rows.size() + ")";
            default:
              break;
          }
          if (args == null || args.length != 1 || !(args[0] instanceof Integer index)) {
            throw new UnsupportedOperationException("SchemaBatch rows do not support " + name);
          }
          Cell cell = rows.get(at[0])[index - 1];
          wasNull[0] = cell.value() == null;
          return switch (name) {
            case "getString" -> cell.text();
            case "getObject" -> cell.value();
            case "getBoolean" -> cell.asBoolean();
            case "getInt" -> (int) cell.asLong();
            case "getLong" -> cell.asLong();
            default ->
                throw new UnsupportedOperationException("SchemaBatch rows do not support " + name);
          };
        };
    return (ResultSet)
        Proxy.newProxyInstance(
            SchemaBatch.class.getClassLoader(), new Class<?>[] {ResultSet.class}, handler);
  }
}
