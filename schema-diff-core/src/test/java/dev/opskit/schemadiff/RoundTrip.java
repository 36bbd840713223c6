package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import dev.opskit.testing.db.DatabaseEngine;
import dev.opskit.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Proves a migration by applying it: loads {@code from} and {@code to} DDL into two fresh
 * databases, compares them live, runs the migration script on the {@code from} database exactly as
 * the {@code mysql} client would (DELIMITER lines honoured, comment lines skipped), reads it again
 * and compares it with the {@code to} database.
 */
final class RoundTrip implements AutoCloseable {
  final TestDatabase fromDb;
  final TestDatabase toDb;
  private Schema to;

  private RoundTrip(String hint) {
    this.fromDb = TestDatabase.create(DatabaseEngine.MYSQL, hint + " from");
    this.toDb = TestDatabase.create(DatabaseEngine.MYSQL, hint + " to");
  }

  static RoundTrip create(String hint) {
    return new RoundTrip(hint);
  }

  /** Runs DDL text (several statements, compound ones included) on both databases. */
  void load(String fromDdl, String toDdl) throws SQLException {
    executeMulti(fromDb, fromDdl);
    executeMulti(toDb, toDdl);
  }

  SchemaDiff diff(UnaryOperator<SchemaComparator.Builder> rules) {
    SchemaComparator comparator = rules.apply(SchemaComparator.builder()).build();
    SchemaSource from = SchemaSource.jdbc(fromDb.dataSource(), fromDb.name());
    if (to == null) {
      // The target never changes: read it once per round trip.
      Flavor flavor = from.flavor().orElseThrow();
      to = SchemaSource.jdbc(toDb.dataSource(), toDb.name()).load(flavor);
    }
    SchemaDiff diff = comparator.compare(from, SchemaSource.of(to));
    // Every live read checks each table against SHOW CREATE TABLE: no round trip may fail it.
    assertThat(diff.unmodeled())
        .as("self-check findings")
        .noneMatch(UnmodeledAttribute::isReadProblem);
    return diff;
  }

  SchemaDiff diff() {
    return diff(b -> b);
  }

  /** Runs a migration script on the {@code from} database, statement by statement. */
  void applyScript(String script) throws SQLException {
    try (Connection c = fromDb.connect();
        Statement s = c.createStatement()) {
      for (String statement : split(script)) {
        try {
          s.execute(statement);
        } catch (SQLException e) {
          throw new SQLException(
              e.getMessage() + "\n  in statement: " + statement + "\n  of script:\n" + script,
              e.getSQLState(),
              e.getErrorCode(),
              e);
        }
      }
    }
  }

  /** Splits a script the way the mysql client does for the shapes our scripts have. */
  static List<String> split(String script) {
    List<String> out = new ArrayList<>();
    String delimiter = ";";
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      if (current.length() == 0) {
        String trimmed = line.trim();
        if (trimmed.isEmpty() || trimmed.startsWith("-- ")) {
          continue;
        }
        if (trimmed.startsWith("DELIMITER ")) {
          delimiter = trimmed.substring("DELIMITER ".length()).trim();
          continue;
        }
      }
      current.append(line).append('\n');
      String text = current.toString().stripTrailing();
      if (text.endsWith(delimiter)) {
        out.add(text.substring(0, text.length() - delimiter.length()).trim());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().trim());
    }
    return out;
  }

  private static void executeMulti(TestDatabase db, String ddl) throws SQLException {
    if (ddl.isBlank()) {
      return;
    }
    try (Connection c =
            DriverManager.getConnection(
                db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "allowMultiQueries=true",
                db.user(),
                db.password());
        Statement s = c.createStatement()) {
      // As mysqldump does: tables may reference tables created later in the script.
      s.execute("SET FOREIGN_KEY_CHECKS=0");
      s.execute(ddl);
      while (s.getMoreResults() || s.getUpdateCount() != -1) {
        // drain every result so errors in later statements surface
      }
    }
  }

  @Override
  public void close() {
    try {
      fromDb.close();
    } finally {
      toDb.close();
    }
  }
}
