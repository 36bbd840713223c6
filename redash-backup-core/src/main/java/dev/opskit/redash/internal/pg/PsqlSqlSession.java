package dev.opskit.redash.internal.pg;

import dev.opskit.redash.RedashBackupException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One psql process kept open for the whole session, fed statements on stdin: a transaction (and so
 * an exported snapshot) lives as long as the session. Each request ends with an {@code \echo} of a
 * random marker and psql's ERROR variable, so a failed statement is reported and the session stays
 * usable for the cleanup that follows it.
 */
final class PsqlSqlSession implements SqlSession {
  private static final char FIELD = '\u001f';
  private static final String NULL = "\u0002";

  private final PgProcess process;
  private final OutputStream stdin;
  private final BufferedReader stdout;
  private final String where;
  private final String marker = "--opskit-" + UUID.randomUUID() + "--";

  private PsqlSqlSession(PgProcess process, String where) {
    this.process = process;
    this.stdin = process.stdin();
    this.stdout =
        new BufferedReader(new InputStreamReader(process.checkedStdout(), StandardCharsets.UTF_8));
    this.where = where;
  }

  static PsqlSqlSession open(PgEndpoint endpoint, String database) {
    List<String> args =
        List.of(
            "--no-psqlrc",
            "--quiet",
            "--no-align",
            "--tuples-only",
            "--field-separator=" + FIELD,
            "--pset=null=" + NULL);
    PgProcess process =
        PgProcess.start(
            "psql", endpoint.command("psql", database, args), endpoint.processEnvironment());
    return new PsqlSqlSession(process, endpoint.withDatabase(database).toString());
  }

  private List<String> run(String sql, String shownAs) {
    long mark = process.stderrLines();
    String statement = sql.strip() + (sql.strip().endsWith(";") ? "" : ";");
    try {
      stdin.write(
          (statement + "\n\\echo " + marker + " :ERROR\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = stdout.readLine()) != null) {
        if (line.startsWith(marker)) {
          if (failed(line, mark)) {
            throw new RedashBackupException(
                where + " refused: " + shownAs + ": " + errorSince(mark));
          }
          return lines;
        }
        lines.add(line);
      }
      throw new RedashBackupException(
          where + " refused: " + shownAs + ": psql ended: " + process.stderrTail());
    } catch (IOException e) {
      throw new RedashBackupException(where + " refused: " + shownAs + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the statement before the marker failed. psql 12+ sets ERROR; older psql prints the
   * variable's name, and then its stderr tells.
   */
  private boolean failed(String markerLine, long mark) {
    if (markerLine.endsWith(" true")) {
      return true;
    }
    return markerLine.endsWith(":ERROR") && errorSince(mark).contains("ERROR:");
  }

  private String errorSince(long mark) {
    // stderr is drained on its own thread: give the error a moment to arrive.
    for (int i = 0; i < 20 && process.stderrLines() == mark; i++) {
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return process.stderrSince(mark);
  }

  @Override
  public List<List<@Nullable String>> query(String sql) {
    List<List<@Nullable String>> rows = new ArrayList<>();
    for (String line : run(sql, sql)) {
      List<@Nullable String> row = new ArrayList<>();
      for (String field : line.split(String.valueOf(FIELD), -1)) {
        row.add(field.equals(NULL) ? null : field);
      }
      rows.add(row);
    }
    return rows;
  }

  @Override
  public void execute(String sql) {
    run(sql, sql);
  }

  @Override
  public void executeSecret(String sql, String what) {
    try {
      run(sql, what);
    } catch (RedashBackupException e) {
      throw new RedashBackupException(where + " refused to " + what);
    }
  }

  @Override
  public void beginRepeatableRead() {
    execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  @Override
  public void close() {
    try {
      stdin.write("\\q\n".getBytes(StandardCharsets.UTF_8));
      stdin.close();
    } catch (IOException e) {
      // psql already gone
    }
    process.close();
  }

  @Override
  public String toString() {
    return "psql session on " + where;
  }
}
