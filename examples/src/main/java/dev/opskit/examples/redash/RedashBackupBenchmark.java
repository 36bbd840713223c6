package dev.opskit.examples.redash;

import dev.opskit.examples.Folders;
import dev.opskit.redash.BackupRecord;
import dev.opskit.redash.BackupStore;
import dev.opskit.redash.Compression;
import dev.opskit.redash.RedashBackup;
import dev.opskit.redash.RedashDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times {@link RedashBackup} against the shell pipelines it replaces, in the same run, on the local
 * PostgreSQL: {@code pg_dump > /dev/null}, {@code pg_dump | gzip > file}, {@code pg_dump | zstd -3
 * > file}, and RedashBackup with GZIP and ZSTD into a folder. It also samples the heap while
 * RedashBackup runs.
 *
 * <pre>
 * mvn -B -q -ntp -pl examples -am -DskipTests -Predash-benchmark package
 * </pre>
 *
 * <p>Options: {@code --dump-mb 500} (size of the plain dump to build once, in the database {@code
 * opskit_redash_bench}), {@code --runs 3}, {@code --out target/redash-benchmark}; the server comes
 * from {@code OPSKIT_POSTGRES_HOST/PORT/USER} (defaults 127.0.0.1, 5432, postgres).
 */
public final class RedashBackupBenchmark {
  private static final String DATABASE = "opskit_redash_bench";

  private RedashBackupBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args options
   * @throws Exception when a step fails
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        new LinkedHashMap<>(
            Map.of("--dump-mb", "500", "--runs", "3", "--out", "target/redash-benchmark"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    String host = env("OPSKIT_POSTGRES_HOST", "127.0.0.1");
    String port = env("OPSKIT_POSTGRES_PORT", "5432");
    String user = env("OPSKIT_POSTGRES_USER", "postgres");
    int dumpMb = Integer.parseInt(options.get("--dump-mb"));
    int runs = Integer.parseInt(options.get("--runs"));
    Path out = Path.of(options.get("--out")).toAbsolutePath();
    PrintStream log = System.out;

    String url = "jdbc:postgresql://" + host + ":" + port + "/";
    prepare(url, user, dumpMb, log);
    Files.createDirectories(out);
    String connect =
        "pg_dump --no-password --host "
            + host
            + " --port "
            + port
            + " --username "
            + user
            + " --dbname "
            + DATABASE;
    Map<String, List<Long>> times = new LinkedHashMap<>();
    Map<String, Long> sizes = new LinkedHashMap<>();
    long peakHeap = 0;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    RedashDatabase database = RedashDatabase.jdbc(url + DATABASE, user, null);
    for (int run = 1; run <= runs; run++) {
      time(times, "pg_dump > /dev/null", () -> shell(connect + " > /dev/null"));
      time(times, "pg_dump > file", () -> shell(connect + " > " + out.resolve("x.sql")));
      Files.delete(out.resolve("x.sql"));
      time(
          times,
          "pg_dump | gzip > file",
          () -> shell(connect + " | gzip > " + out.resolve("x.sql.gz")));
      sizes.put("pg_dump | gzip > file", Files.size(out.resolve("x.sql.gz")));
      time(
          times,
          "pg_dump | zstd -3 > file",
          () -> shell(connect + " | zstd -3 -q -f -o " + out.resolve("x.sql.zst")));
      sizes.put("pg_dump | zstd -3 > file", Files.size(out.resolve("x.sql.zst")));
      for (Compression compression : List.of(Compression.GZIP, Compression.ZSTD)) {
        Path store = out.resolve("store-" + compression);
        Folders.deleteRecursively(store);
        Files.createDirectories(store);
        RedashBackup redash =
            RedashBackup.builder()
                .database(database)
                .store(BackupStore.directory(store))
                .compression(compression)
                .build();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong();
        Thread sampler =
            new Thread(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                      Thread.sleep(10);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
        sampler.setDaemon(true);
        sampler.start();
        String name = "RedashBackup " + compression;
        BackupRecord[] record = new BackupRecord[1];
        time(times, name, () -> record[0] = redash.backup());
        sampler.interrupt();
        sampler.join();
        peakHeap = Math.max(peakHeap, peak.get() - baseline);
        sizes.put(name, record[0].storedBytes());
        sizes.put("plain dump", record[0].dumpBytes());
      }
      log.printf("run %d done%n", run);
    }
    log.printf(
        "%nplain dump: %,d bytes; %d run(s); median wall time:%n", sizes.get("plain dump"), runs);
    long bare = median(times.get("pg_dump > /dev/null"));
    long gzip = median(times.get("pg_dump | gzip > file"));
    long zstd = median(times.get("pg_dump | zstd -3 > file"));
    for (Map.Entry<String, List<Long>> e : times.entrySet()) {
      log.printf(
          "  %-26s %,8d ms  (runs: %s)%s%n",
          e.getKey(),
          median(e.getValue()),
          e.getValue(),
          sizes.containsKey(e.getKey()) ? String.format("  %,d bytes", sizes.get(e.getKey())) : "");
    }
    log.printf(
        "RedashBackup GZIP / pg_dump | gzip    = %.3fx (target <= 1.05)%n",
        (double) median(times.get("RedashBackup GZIP")) / gzip);
    log.printf(
        "RedashBackup ZSTD / pg_dump > /dev/null = %.3fx (target <= 1.15)%n",
        (double) median(times.get("RedashBackup ZSTD")) / bare);
    log.printf(
        "RedashBackup ZSTD / pg_dump | zstd -3 = %.3fx%n",
        (double) median(times.get("RedashBackup ZSTD")) / zstd);
    log.printf(
        "peak heap above the pre-run baseline while backing up: %,d bytes (max heap %,d)%n",
        peakHeap, memory.getHeapMemoryUsage().getMax());
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void time(Map<String, List<Long>> times, String name, Step step) throws Exception {
    long start = System.nanoTime();
    step.run();
    times
        .computeIfAbsent(name, k -> new ArrayList<>())
        .add((System.nanoTime() - start) / 1_000_000);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static void shell(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("failed: " + command);
    }
  }

  private static void prepare(String url, String user, int dumpMb, PrintStream log)
      throws SQLException {
    long rows = dumpMb * 1024L * 1024 / 1000;
    try (Connection admin = DriverManager.getConnection(url + "postgres", user, null);
        Statement s = admin.createStatement()) {
      boolean exists;
      try (ResultSet rs =
          s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        rs.next();
        exists = rs.getLong(1) > 0;
      }
      if (exists) {
        try (Connection c = DriverManager.getConnection(url + DATABASE, user, null);
            Statement q = c.createStatement();
            ResultSet rs = q.executeQuery("SELECT count(*) FROM query_results")) {
          rs.next();
          if (rs.getLong(1) == rows) {
            log.printf("reusing %s (%,d rows)%n", DATABASE, rows);
            return;
          }
        } catch (SQLException e) {
          // rebuilt below
        }
        s.execute("DROP DATABASE " + DATABASE + " WITH (FORCE)");
      }
      s.execute("CREATE DATABASE " + DATABASE);
    }
    log.printf("building %s: %,d rows of ~1 kB (a %d MB plain dump)...%n", DATABASE, rows, dumpMb);
    try (Connection c = DriverManager.getConnection(url + DATABASE, user, null);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)");
      s.execute("INSERT INTO alembic_version VALUES ('db0aca1ebd32')");
      // Query results as Redash caches them: JSON rows whose values repeat across rows.
      s.execute(
          "CREATE TABLE query_results (id serial PRIMARY KEY, query_hash varchar(32) NOT NULL, data text NOT NULL, retrieved_at timestamptz NOT NULL)");
      s.execute(
          "INSERT INTO query_results (query_hash, data, retrieved_at) SELECT md5(g::text),"
              + " '{\"columns\": [{\"name\": \"country\"}, {\"name\": \"count\"}], \"rows\": ['"
              + " || (SELECT string_agg('{\"country\": \"C' || ((g * i) % 97) || '\", \"count\": ' || ((g::bigint * 7919 + i) % 100000) || ', \"k\": \"' || substr(md5((g + i)::text), 1, 8) || '\"}', ', ') FROM generate_series(1, 17) i)"
              + " || ']}', now() - (g || ' seconds')::interval FROM generate_series(1, "
              + rows
              + ") g");
      s.execute("VACUUM ANALYZE query_results");
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}
