package dev.opskit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.testing.db.DatabaseEngine;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the scripts in {@code examples/jshell/} as a user does, through {@code opskit-jshell} with
 * this JDK's jshell, and checks their exit status: 0 when the work is done, non-zero with the cause
 * named at the first failure.
 */
class JShellScriptsIT {
  private static final Path SCRIPTS = Path.of("jshell").toAbsolutePath();
  private static final long TIMEOUT_SECONDS = 120;

  @TempDir Path temp;

  @Test
  void tourExitsZeroAfterEveryStopAndDropsItsDatabase() throws Exception {
    Run run = jshell("tour.jsh", Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("schema-diff-core: staging.sql -> production.sql")
        .contains("restore drill: ok");
    String database = run.group("source (opskit_tour_redash_[a-z0-9]+) ");
    try (TestDatabase probe = TestDatabase.create(DatabaseEngine.POSTGRES, "jshell probe");
        Connection c = probe.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
      assertThat(rs.next()).as(database + " left behind").isFalse();
    }
  }

  @Test
  void schemaDiffMigratesBetweenUniquelyNamedDatabasesAndDropsThem() throws Exception {
    Run run = jshell("schema-diff.jsh", Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("table: 2 changed")
        .contains("live mysql vs itself: no differences")
        .contains("left for a decision:");
    String from = run.group("Migration from (opskit_jshell_from_[a-z0-9]+) ");
    String to = run.group("Migration from \\S+ to (opskit_jshell_to_[a-z0-9]+) ");
    try (TestDatabase probe = TestDatabase.create(DatabaseEngine.MYSQL, "jshell probe");
        Connection c = probe.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('"
                    + from
                    + "', '"
                    + to
                    + "')")) {
      assertThat(rs.next()).as("a database the script left behind").isFalse();
    }
  }

  @Test
  void schemaDiffStopsAtAServerItCannotReach() throws Exception {
    Run run = jshell("schema-diff.jsh", Map.of("OPSKIT_MYSQL_PORT", closedPort()));

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains("SchemaReadException: cannot connect to data source, schema mysql")
        .doesNotContain("opskit_jshell_from");
  }

  @Test
  void redashBackupRunsTheNightlyJob(@Postgres TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)");
      s.execute("INSERT INTO alembic_version VALUES ('db0aca1ebd32')");
      s.execute("CREATE TABLE queries (id serial PRIMARY KEY, name text, api_key text)");
      s.execute("INSERT INTO queries (name, api_key) VALUES ('q', 'k')");
    }

    Run run = jshell("redash-backup.jsh", redashSettings(db, db.name()));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("PruneResult[dryRun=true")
        .contains("restore drill ok")
        .as("opskit's warnings reach the user through the examples' SLF4J provider")
        .containsPattern("WARN dev\\.opskit\\.redash\\.\\S+ - no Redash secret key configured")
        .doesNotContain("No SLF4J providers");
  }

  @Test
  void redashBackupStopsBeforePruneWhenTheDatabaseIsMissing(@Postgres TestDatabase db)
      throws Exception {
    String missing = ScratchNames.unique("opskit_jshell_missing");

    Run run = jshell("redash-backup.jsh", redashSettings(db, missing));

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains("RedashBackupException: cannot connect to")
        .contains("database \"" + missing + "\" does not exist")
        .doesNotContain("PruneResult")
        .doesNotContain("NullPointerException");
  }

  @Test
  void ecsDeployPublishesThenRunsBothDeploymentsAgainstTheFake() throws Exception {
    Run run = jshell("ecs-deploy.jsh", Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    String pushed = run.group("published (127\\.0\\.0\\.1:\\d+/tour-web):v2@sha256:[0-9a-f]{64}");
    assertThat(run.output())
        .contains("ImagePublishEvent[kind=BLOB_UPLOADED")
        .contains("ImagePublishEvent[kind=TAG_WRITTEN")
        .contains("ImagePublishEvent[kind=BASE_PULLED")
        .contains("ImagePublishEvent[kind=IMAGE_BUILT")
        .containsPattern("built and published " + pushed + ":v3@sha256:[0-9a-f]{64}")
        .contains("-> " + pushed + "@sha256:")
        .containsPattern("deployed tour-web:2 \\(ecs-svc/\\d+, 2 running\\)")
        .contains("HOOK_FAILED");
  }

  @Test
  void ecsDeployNamesTheMissingSetting() throws Exception {
    Run run = jshell("ecs-deploy.jsh", Map.of("OPSKIT_ECS_CLUSTER", "prod"));

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains("missing setting OPSKIT_ECS_SERVICE: the ECS service to deploy to")
        .doesNotContain("NullPointerException");
  }

  @Test
  void sigV4NamesTheMissingEndpoint() throws Exception {
    Run run = jshell("sigv4.jsh", Map.of());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains("missing setting OPSKIT_SIGV4_ENDPOINT: the https:// endpoint")
        .doesNotContain("NullPointerException");
  }

  @Test
  void aScriptStopsAtItsFirstExceptionAndWhenItDoesNotCompile() throws Exception {
    Path throwing = temp.resolve("throwing.jsh");
    Files.writeString(
        throwing,
        """
        int status = 1;
        status = run(() -> {
          System.out.println("first step");
          Object missing = null;
          missing.toString();
          System.out.println("second step");
        });
        /exit status
        """);
    Path broken = temp.resolve("broken.jsh");
    Files.writeString(
        broken,
        """
        int status = 1;
        status = run(() -> {
          System.out.println("never " + undefinedVariable);
        });
        /exit status
        """);

    Run thrown = jshell(throwing.toString(), Map.of());
    Run notCompiled = jshell(broken.toString(), Map.of());

    assertThat(thrown.exitCode()).as(thrown.output()).isEqualTo(1);
    assertThat(thrown.output())
        .contains("first step", "NullPointerException")
        .doesNotContain("second step");
    assertThat(notCompiled.exitCode()).as(notCompiled.output()).isEqualTo(1);
    assertThat(notCompiled.output()).contains("cannot find symbol", "undefinedVariable");
  }

  private Run jshell(String script, Map<String, String> environment)
      throws IOException, InterruptedException {
    String path = script.contains(File.separator) ? script : SCRIPTS.resolve(script).toString();
    Path output = Files.createTempFile(temp, "jshell", ".out");
    ProcessBuilder builder =
        new ProcessBuilder(List.of("bash", SCRIPTS.resolve("opskit-jshell").toString(), path))
            .directory(SCRIPTS.getParent().getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            name ->
                name.startsWith("OPSKIT_ECS_")
                    || name.startsWith("OPSKIT_SIGV4_")
                    || name.startsWith("OPSKIT_REDASH_")
                    || name.startsWith("REDASH_"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
      tree.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          script
              + " still ran after "
              + TIMEOUT_SECONDS
              + " s:\n"
              + Files.readString(output, StandardCharsets.UTF_8));
    }
    return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  /** The script's settings for a database on the server of {@code db}. */
  private Map<String, String> redashSettings(TestDatabase db, String database) {
    Map<String, String> settings = new HashMap<>();
    settings.put("OPSKIT_REDASH_URL", db.jdbcUrl().replace(db.name(), database));
    settings.put("OPSKIT_REDASH_USER", db.user());
    settings.put("OPSKIT_REDASH_STORE", temp.resolve("store").toString());
    if (!db.password().isEmpty()) {
      settings.put("PGPASSWORD", db.password());
    }
    return settings;
  }

  private static String closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return Integer.toString(socket.getLocalPort());
    }
  }

  private record Run(int exitCode, String output) {
    String group(String regex) {
      Matcher matcher = Pattern.compile(regex).matcher(output);
      assertThat(matcher.find()).as(regex + " in\n" + output).isTrue();
      return matcher.group(1);
    }
  }
}
