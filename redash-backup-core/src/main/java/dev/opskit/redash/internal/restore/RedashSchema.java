package dev.opskit.redash.internal.restore;

import dev.opskit.redash.internal.pg.SqlSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** What opskit reads from a Redash database: its tables, row counts, revision and secrets. */
public final class RedashSchema {
  private RedashSchema() {}

  /**
   * The ordinary tables outside the system schemas, as {@code schema.table}.
   *
   * @param sql a session on the database
   * @return the tables, sorted
   */
  public static List<String> tables(SqlSession sql) {
    List<String> tables = new ArrayList<>();
    for (List<@Nullable String> row :
        sql.query(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                + " AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1, 2")) {
      tables.add(row.get(0) + "." + row.get(1));
    }
    return tables;
  }

  /**
   * Exact row counts of every table, in one round trip.
   *
   * @param sql a session on the database
   * @return rows per {@code schema.table}
   */
  public static Map<String, Long> rowCounts(SqlSession sql) {
    List<String> tables = tables(sql);
    Map<String, Long> counts = new TreeMap<>();
    if (tables.isEmpty()) {
      return counts;
    }
    StringBuilder query = new StringBuilder();
    for (String table : tables) {
      if (query.length() > 0) {
        query.append(" UNION ALL ");
      }
      String[] parts = table.split("\\.", 2);
      query
          .append("SELECT ")
          .append(literal(table))
          .append(", count(*) FROM ")
          .append(identifier(parts[0]))
          .append('.')
          .append(identifier(parts[1]));
    }
    for (List<@Nullable String> row : sql.query(query.toString())) {
      counts.put(row.get(0), Long.parseLong(row.get(1)));
    }
    return counts;
  }

  /**
   * Redash's schema revision.
   *
   * @param sql a session on the database
   * @return the revision, empty when the database has no {@code alembic_version} table
   */
  public static Optional<String> alembicVersion(SqlSession sql) {
    boolean present =
        sql.queryValue("SELECT to_regclass('public.alembic_version') IS NOT NULL")
            .map(v -> v.equals("t") || v.equals("true"))
            .orElse(false);
    return present
        ? sql.queryValue("SELECT version_num FROM public.alembic_version LIMIT 1")
        : Optional.empty();
  }

  /**
   * One Fernet token from {@code data_sources.encrypted_options}, to test a secret key against.
   *
   * @param sql a session on the database
   * @return a token, empty when there is no data source (or no such table)
   */
  public static Optional<String> encryptedOptionsSample(SqlSession sql) {
    boolean present =
        sql.queryValue("SELECT to_regclass('public.data_sources') IS NOT NULL")
            .map(v -> v.equals("t") || v.equals("true"))
            .orElse(false);
    if (!present) {
      return Optional.empty();
    }
    return sql.queryValue(
        "SELECT convert_from(encrypted_options::bytea, 'UTF8') FROM public.data_sources"
            + " WHERE encrypted_options IS NOT NULL ORDER BY id LIMIT 1");
  }

  /**
   * The server's version, such as {@code 15.20}.
   *
   * @param sql a session
   * @return the version
   */
  public static String serverVersion(SqlSession sql) {
    return sql.queryValue("SHOW server_version").orElseThrow().replaceAll("\\s.*$", "");
  }

  /**
   * Quotes an identifier.
   *
   * @param name the identifier
   * @return it, double-quoted
   */
  public static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /**
   * Quotes a string literal so that it means the value whatever {@code standard_conforming_strings}
   * says: a value with a backslash becomes an escape string ({@code E'...'}, backslashes doubled),
   * in which a backslash escapes whatever the setting; single quotes are doubled in both forms.
   *
   * @param value the value
   * @return it, quoted
   */
  public static String literal(String value) {
    String quoted = value.replace("'", "''");
    return value.indexOf('\\') < 0 ? "'" + quoted + "'" : "E'" + quoted.replace("\\", "\\\\") + "'";
  }
}
