package dev.opskit.examples.schemadiff;

import dev.opskit.examples.Folders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code skeema diff} (the Debian package {@code skeema}): {@code skeema init} dumps schema
 * {@code from} into a temporary directory (not timed), the directory is pointed at schema {@code
 * to}, and only {@code skeema diff} is timed. Skeema's workspace is a temporary schema named {@link
 * #TEMP_SCHEMA}, so it too stays within the benchmark's database prefix.
 */
final class SkeemaTool implements PeerTool {
  /** The workspace schema skeema creates and drops while diffing. */
  static final String TEMP_SCHEMA = BenchDatabases.PREFIX + "skeema_tmp";

  private static final long TIMEOUT_MINUTES = 30;

  @Override
  public String describe() {
    try {
      return run(List.of("skeema", "version"), null, Path.of(".")).output().trim();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(
          "skeema is not installed: install it with `apt-get install -y skeema`", e);
    }
  }

  @Override
  public PeerResult diff(BenchServer server, String from, String to) throws Exception {
    Path work = Files.createTempDirectory("opskit-bench-skeema");
    try {
      Path dir = work.resolve("schema");
      init(server, from, dir);
      Path config = dir.resolve(".skeema");
      String text = Files.readString(config, StandardCharsets.UTF_8);
      Files.writeString(
          config, text.replace("schema=" + from, "schema=" + to), StandardCharsets.UTF_8);

      long start = System.nanoTime();
      Result diff =
          run(
              List.of(
                  "skeema",
                  "diff",
                  "--skip-my-cnf",
                  "--allow-unsafe",
                  "--temp-schema",
                  TEMP_SCHEMA),
              server.password(),
              dir);
      double millis = (System.nanoTime() - start) / 1_000_000.0;
      // 0: no differences, 1: differences, 2 and more: an error
      if (diff.exitCode() > 1) {
        throw new IllegalStateException(
            "skeema diff failed with exit code " + diff.exitCode() + ":\n" + diff.output());
      }
      long statements =
          diff.output()
              .lines()
              .filter(
                  l -> {
                    String u = l.toUpperCase(Locale.ROOT);
                    return u.startsWith("ALTER TABLE")
                        || u.startsWith("CREATE TABLE")
                        || u.startsWith("DROP TABLE");
                  })
              .count();
      return new PeerResult(
          millis, "exit code " + diff.exitCode() + ", " + statements + " table statements");
    } finally {
      Folders.deleteRecursively(work);
    }
  }

  /** How a skeema command ended: its exit code and its output. */
  record Result(int exitCode, String output) {}

  /**
   * Dumps a schema into a new skeema directory with {@code skeema init}.
   *
   * @throws IllegalStateException if skeema fails
   */
  static void init(BenchServer server, String schema, Path dir)
      throws IOException, InterruptedException {
    Result init =
        run(
            List.of(
                "skeema",
                "init",
                "--skip-my-cnf",
                "--host",
                server.host(),
                "--port",
                Integer.toString(server.port()),
                "--user",
                server.user(),
                "--schema",
                schema,
                "--dir",
                // skeema resolves --dir against its working directory, even an absolute one
                dir.getFileName().toString()),
            server.password(),
            dir.getParent());
    if (init.exitCode() != 0) {
      throw new IllegalStateException("skeema init failed:\n" + init.output());
    }
  }

  /**
   * Runs a skeema command in a directory, with the password in MYSQL_PWD, for at most 30 minutes.
   */
  static Result run(List<String> command, @Nullable String password, Path directory)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("opskit-bench-skeema", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(new ArrayList<>(command))
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      if (password != null) {
        builder.environment().put("MYSQL_PWD", password);
      }
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " took over " + TIMEOUT_MINUTES + " minutes");
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
