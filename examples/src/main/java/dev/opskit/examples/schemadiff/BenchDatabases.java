package dev.opskit.examples.schemadiff;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creates and drops the benchmark's databases. It touches only databases whose names start with
 * {@link #PREFIX}, since the server is shared with other tests.
 */
final class BenchDatabases {
  /** The prefix of every database the benchmark may create or drop. */
  static final String PREFIX = "opskit_bench_";

  /**
   * The names the benchmark may touch: its own, and the benchmark tests' databases, whose names
   * opskit-test-support starts with a per-JVM part ({@code opskit_j1a2b_bench_it_a_...}).
   */
  static final Pattern NAME = Pattern.compile("opskit_(j[0-9a-f]{4}_)?bench_[a-z0-9_]*");

  private static final int STATEMENTS_PER_BATCH = 50;

  private BenchDatabases() {}

  /** Drops the database if it exists, then creates it empty. */
  static void recreate(Connection connection, String database) throws SQLException {
    drop(connection, database);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE DATABASE "
              + quote(database)
              + " DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
  }

  /** Drops the database if it exists. */
  static void drop(Connection connection, String database) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + quote(database));
    }
  }

  /**
   * Creates tables in an existing database, several statements per round trip, with foreign key
   * checks off. The connection must allow multiple statements per query ({@code
   * allowMultiQueries=true}).
   */
  static void createTables(Connection connection, String database, List<TableSpec> tables)
      throws SQLException {
    quote(database);
    try (Statement statement = connection.createStatement()) {
      statement.execute("USE " + quote(database));
      statement.execute("SET SESSION foreign_key_checks = 0");
      List<String> batch = new ArrayList<>();
      for (TableSpec table : tables) {
        batch.add(table.createStatement());
        if (batch.size() == STATEMENTS_PER_BATCH) {
          execute(statement, batch);
        }
      }
      execute(statement, batch);
      statement.execute("SET SESSION foreign_key_checks = 1");
    }
  }

  private static void execute(Statement statement, List<String> batch) throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    try {
      statement.execute(String.join(";\n", batch));
      while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
        // drain every statement's result so the next batch starts clean
      }
    } catch (SQLException e) {
      throw new SQLException(
          "creating tables failed in a batch starting with:\n" + batch.get(0), e);
    }
    batch.clear();
  }

  private static String quote(String database) {
    if (!NAME.matcher(database).matches()) {
      throw new IllegalArgumentException(
          "the benchmark only touches databases named "
              + PREFIX
              + "[a-z0-9_]* (or the tests' opskit_jNNNN_bench_...), not "
              + database);
    }
    return "`" + database + "`";
  }
}
