package dev.opskit.redash.internal.pg;

import dev.opskit.redash.RedashBackupException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A psql process kept open for the session, fed requests on stdin: a transaction (and so an
 * exported snapshot) lives as long as the process.
 *
 * <p>psql reads its input as a script, in which a backslash starts a meta-command ({@code \!} runs
 * a shell command), {@code :name} interpolates a variable and an open quote continues on the next
 * line. So the statements of a request never reach psql's lexer: they travel base64-encoded in a
 * fixed query whose result {@code \gexec} sends to the server as it is. A request is thus exactly
 * the statements it was built from, whatever they contain. It ends with an {@code \echo} of a
 * random marker, which tells where the request's output ends.
 *
 * <p>psql runs with {@code ON_ERROR_STOP}: at the first error it exits, so nothing after a failed
 * statement runs. The next request then starts a fresh psql, so that cleanup can follow a failure;
 * unless a transaction was open, whose snapshot died with the process: then every later request is
 * refused.
 */
final class PsqlSqlSession implements SqlSession {
  private static final char FIELD = '\u001f';
  private static final String NULL = "\u0002";

  private final PgEndpoint endpoint;
  private final String database;
  private final String where;
  private final String marker = "--opskit-" + UUID.randomUUID() + "--";
  private @Nullable Psql psql;
  private boolean inTransaction;
  private @Nullable String unusable;

  /** One running psql with its pipes. */
  private record Psql(PgProcess process, OutputStream stdin, BufferedReader stdout) {}

  private PsqlSqlSession(PgEndpoint endpoint, String database) {
    this.endpoint = endpoint;
    this.database = database;
    this.where = endpoint.withDatabase(database).toString();
  }

  static PsqlSqlSession open(PgEndpoint endpoint, String database) {
    PsqlSqlSession session = new PsqlSqlSession(endpoint, database);
    session.psql = session.start();
    return session;
  }

  private Psql start() {
    List<String> args =
        List.of(
            "--no-psqlrc",
            "--variable=ON_ERROR_STOP=1",
            "--quiet",
            "--no-align",
            "--tuples-only",
            "--field-separator=" + FIELD,
            "--pset=null=" + NULL);
    PgProcess process =
        PgProcess.start(
            "psql", endpoint.command("psql", database, args), endpoint.processEnvironment());
    return new Psql(
        process,
        process.stdin(),
        new BufferedReader(new InputStreamReader(process.checkedStdout(), StandardCharsets.UTF_8)));
  }

  private synchronized List<String> run(String sql, String shownAs, boolean secret) {
    if (unusable != null) {
      throw new RedashBackupException(where + ": " + unusable + "; refused: " + shownAs);
    }
    Psql p = psql;
    if (p == null) {
      p = start();
      psql = p;
    }
    long mark = p.process().stderrLines();
    String encoded = Base64.getEncoder().encodeToString(sql.getBytes(StandardCharsets.UTF_8));
    StringBuilder request = new StringBuilder();
    if (secret) {
      // No "LINE 1: <statement>" in the error output, which is not logged either.
      p.process().quiet(true);
      request.append("\\set VERBOSITY terse\n");
    }
    request
        .append("SELECT convert_from(decode('")
        .append(encoded)
        .append("', 'base64'), 'UTF8') \\gexec\n");
    if (secret) {
      request.append("\\set VERBOSITY default\n");
    }
    request.append("\\echo ").append(marker).append('\n');
    try {
      p.stdin().write(request.toString().getBytes(StandardCharsets.UTF_8));
      p.stdin().flush();
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = p.stdout().readLine()) != null) {
        if (line.equals(marker)) {
          p.process().quiet(false);
          trackTransaction(sql);
          return lines;
        }
        lines.add(line);
      }
    } catch (IOException e) {
      // psql stopped: its exit status and stderr tell why.
    }
    throw stopped(p, mark, shownAs, secret);
  }

  /** psql exited (ON_ERROR_STOP, or the connection failed): the session goes on without it. */
  private SqlRefusedException stopped(Psql p, long mark, String shownAs, boolean secret) {
    psql = null;
    p.process().close();
    int exit = p.process().waitFor();
    p.process().awaitStderr();
    String error = p.process().stderrSince(mark);
    if (inTransaction) {
      inTransaction = false;
      unusable =
          "the psql session ended inside a transaction (its snapshot is gone) when "
              + shownAs
              + " failed, and cannot run more statements";
    }
    if (secret) {
      return new SqlRefusedException(where + " refused to " + shownAs, null, null);
    }
    return new SqlRefusedException(
        where
            + " refused: "
            + shownAs
            + ": "
            + (error.isBlank() ? "psql exited with status " + exit : error),
        null,
        null);
  }

  /** Follows BEGIN and COMMIT: a psql that stops inside a transaction takes its snapshot along. */
  private void trackTransaction(String sql) {
    String first = sql.strip().split("[\\s;]", 2)[0].toUpperCase(Locale.ROOT);
    switch (first) {
      case "BEGIN", "START" -> inTransaction = true;
      case "COMMIT", "END", "ROLLBACK", "ABORT" -> inTransaction = false;
      default -> {
        // no change
      }
    }
  }

  @Override
  public List<List<@Nullable String>> query(String sql) {
    List<List<@Nullable String>> rows = new ArrayList<>();
    for (String line : run(sql, sql, false)) {
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
    run(sql, sql, false);
  }

  @Override
  public void executeSecret(String sql, String what) {
    run(sql, what, true);
  }

  @Override
  public void beginRepeatableRead() {
    execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  @Override
  public synchronized void close() {
    Psql p = psql;
    psql = null;
    if (p == null) {
      return;
    }
    try {
      p.stdin().write("\\q\n".getBytes(StandardCharsets.UTF_8));
      p.stdin().close();
    } catch (IOException e) {
      // psql already gone
    }
    p.process().close();
  }

  @Override
  public String toString() {
    return "psql session on " + where;
  }
}
