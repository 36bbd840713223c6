package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.testing.db.DatabaseServers;
import dev.opskit.testing.db.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the integration tests need besides JDBC: a dump client that can talk to the server under
 * test, and the account they run as.
 *
 * <p>For MariaDB the host's {@code mariadb-dump} (or {@code mysqldump}) on the PATH is used. MySQL
 * 8 and 9 need Oracle's mysqldump, which may live elsewhere (here: in a chroot), so it is named by
 * {@value #DUMP_VARIABLE} as a command line; without it, the project's own {@code
 * .ci/mysql-servers.sh mysqldump PORT} (the 9.7.4 client of the chroot it builds) is used. The
 * client's output is read from its standard output, since a chrooted client cannot write host
 * paths.
 */
public final class ServerClients {
  /** The environment variable that names the mysqldump command for a MySQL server. */
  public static final String DUMP_VARIABLE = "OPSKIT_MYSQLDUMP";

  private ServerClients() {}

  /**
   * Dumps a test database with {@code --no-data --routines --events --triggers} (and {@code
   * --set-gtid-purged=OFF} on MySQL, whose 9.x servers run with GTIDs on).
   *
   * @param db the database
   * @return the dump's text
   * @throws IOException if the client cannot be started
   * @throws InterruptedException if interrupted while waiting for it
   */
  public static String dump(TestDatabase db) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(dumpCommand(db));
    command.addAll(connectionOptions(db));
    command.addAll(List.of("--no-data", "--routines", "--events", "--triggers"));
    if (ServerUnderTest.isMySql()) {
      command.add("--set-gtid-purged=OFF");
    }
    command.add(db.name());
    Process process = start(command, db, false);
    process.getOutputStream().close();
    CompletableFuture<byte[]> err =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return process.getErrorStream().readAllBytes();
              } catch (IOException e) {
                return e.toString().getBytes(StandardCharsets.UTF_8);
              }
            });
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
    assertThat(process.exitValue())
        .as("%s failed:%n%s", command, new String(err.join(), StandardCharsets.UTF_8))
        .isZero();
    return out;
  }

  /**
   * Runs a script through the {@code mysql} command-line client, as a user would run {@code
   * plan.sql()}: MariaDB's {@code mariadb} (or {@code mysql}) on the PATH, for MySQL the 9.7.4
   * client of the project's {@code .ci/mysql-servers.sh}.
   *
   * @param db the database the script runs in
   * @param script the script, given on standard input
   * @return the client's exit code and what it printed
   * @throws IOException if the client cannot be started
   * @throws InterruptedException if interrupted while waiting for it
   */
  public static ClientRun runClient(TestDatabase db, String script)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            ServerUnderTest.isMariaDb()
                ? List.of(
                    onPath("mariadb", "mysql")
                        .orElseThrow(
                            () -> new IllegalStateException("no mariadb or mysql on the PATH")))
                : projectClient("mysql", db));
    command.addAll(connectionOptions(db));
    command.add(db.name());
    Process process = start(command, db, true);
    try (var in = process.getOutputStream()) {
      in.write(script.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
    return new ClientRun(process.exitValue(), output);
  }

  /**
   * What a run of the {@code mysql} client gave.
   *
   * @param exitCode its exit code
   * @param output what it printed on standard output and error
   */
  public record ClientRun(int exitCode, String output) {}

  /** The dump command for the server under test, without connection options. */
  private static List<String> dumpCommand(TestDatabase db) {
    if (ServerUnderTest.isMariaDb()) {
      return List.of(
          onPath("mariadb-dump", "mysqldump")
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no mariadb-dump or mysqldump on the PATH to dump MariaDB "
                              + ServerUnderTest.version())));
    }
    String command = System.getenv(DUMP_VARIABLE);
    if (command != null && !command.isBlank()) {
      return Arrays.asList(command.trim().split("\\s+"));
    }
    if (DatabaseServers.mysqlServersScript().isEmpty()) {
      throw new IllegalStateException(
          "the server under test is MySQL "
              + ServerUnderTest.version()
              + ", whose dumps the tests take with Oracle's mysqldump, not the host's MariaDB"
              + " client; set "
              + DUMP_VARIABLE
              + " to a mysqldump command that reaches it, such as"
              + " 'bash .ci/mysql-servers.sh mysqldump 3307'");
    }
    return projectClient("mysqldump", db);
  }

  /** A client of the project's MySQL servers: their 9.7.4 clients, which talk to 8.0 and 9.7. */
  private static List<String> projectClient(String tool, TestDatabase db) {
    Path script =
        DatabaseServers.mysqlServersScript()
            .orElseThrow(
                () ->
                    new IllegalStateException("no .ci/mysql-servers.sh to run " + tool + " with"));
    return List.of("bash", script.toString(), tool, Integer.toString(db.server().port()));
  }

  private static List<String> connectionOptions(TestDatabase db) {
    return List.of(
        "--protocol=TCP",
        "--host=" + db.server().host(),
        "--port=" + db.server().port(),
        "--user=" + db.user());
  }

  /** Starts a client; the password goes through the environment, never the command line. */
  private static Process start(List<String> command, TestDatabase db, boolean mergeErrors)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(mergeErrors);
    if (!db.password().isEmpty()) {
      builder.environment().put("MYSQL_PWD", db.password());
    }
    return builder.start();
  }

  private static Optional<String> onPath(String... names) {
    for (String name : names) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          return Optional.of(name);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the account a connection runs as, in DEFINER syntax: {@code `user`@`host`}.
   *
   * @param connection the connection
   * @return the definer
   * @throws SQLException if the server does not answer
   */
  public static String definer(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT CURRENT_USER()")) {
      rs.next();
      String user = rs.getString(1);
      int at = user.lastIndexOf('@');
      return SqlExpressions.quoteName(user.substring(0, at))
          + "@"
          + SqlExpressions.quoteName(user.substring(at + 1));
    }
  }
}
