package dev.opskit.examples.schemadiff;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.logging.Level;
import java.util.logging.Logger;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.diff.DiffGeneratorFactory;
import liquibase.diff.DiffResult;
import liquibase.diff.compare.CompareControl;
import liquibase.diff.output.report.DiffToReport;
import liquibase.util.LiquibaseUtil;

/**
 * Liquibase's diff through its Java API, as {@code liquibase diff} runs it: a snapshot of each
 * database with {@link CompareControl#STANDARD} (tables, columns, indexes, keys, foreign keys,
 * unique constraints, views), the comparison, and the text report, which is discarded. The
 * reference database is {@code to}, the target {@code from}: the report then lists what {@code
 * from} lacks.
 *
 * <p>Compiled only in the {@code benchmark-peers} profile of the examples module, which adds
 * Liquibase 4.33 (the last release under the Apache licence); the benchmark finds it by name.
 */
final class LiquibaseTool implements PeerTool {

  @Override
  public String describe() {
    return "Liquibase " + LiquibaseUtil.getBuildVersion();
  }

  @Override
  public PeerResult diff(BenchServer server, String from, String to) throws Exception {
    System.setProperty("liquibase.analytics.enabled", "false");
    Logger.getLogger("liquibase").setLevel(Level.WARNING);
    long start = System.nanoTime();
    DiffResult result;
    try (Connection reference =
            DriverManager.getConnection(server.jdbcUrl(to), server.user(), server.password());
        Connection target =
            DriverManager.getConnection(server.jdbcUrl(from), server.user(), server.password())) {
      DatabaseFactory databases = DatabaseFactory.getInstance();
      Database referenceDatabase =
          databases.findCorrectDatabaseImplementation(new JdbcConnection(reference));
      Database targetDatabase =
          databases.findCorrectDatabaseImplementation(new JdbcConnection(target));
      result =
          DiffGeneratorFactory.getInstance()
              .compare(referenceDatabase, targetDatabase, CompareControl.STANDARD);
      new DiffToReport(
              result,
              new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8))
          .print();
    }
    double millis = (System.nanoTime() - start) / 1_000_000.0;
    return new PeerResult(
        millis,
        String.format(
            "%d missing, %d unexpected, %d changed objects (tables, columns, indexes, keys)",
            result.getMissingObjects().size(),
            result.getUnexpectedObjects().size(),
            result.getChangedObjects().size()));
  }
}
