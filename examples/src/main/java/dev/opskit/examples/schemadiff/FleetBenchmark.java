package dev.opskit.examples.schemadiff;

import dev.opskit.examples.Folders;
import dev.opskit.schemadiff.FleetDiff;
import dev.opskit.schemadiff.SchemaComparator;
import dev.opskit.schemadiff.SchemaSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Times {@code compareAll} over a fleet of generated shards on the local server against a reference
 * dump, with, in the same run: (b) {@code mariadb-dump --no-data} of every shard in a loop (what a
 * shell script does today), (c) the bulk {@code information_schema} column and index queries alone
 * for all shards (the floor), and (d) {@code skeema diff} over the same schemas with {@code
 * schema=} naming them all. Prints the figures docs/benchmarks/schema-diff.md quotes.
 *
 * <p>Run with {@code mvn -B -q -pl examples -am -DskipTests -Pschemadiff-fleet-benchmark package};
 * options in {@code -Dbenchmark.args}: {@code --shards 500 --tables 40 --runs 3 --peer-runs 1
 * --concurrency 8 --skeema --keep}.
 */
public final class FleetBenchmark {
  private static final String SHARD_PREFIX = BenchDatabases.PREFIX + "fleet_";

  private FleetBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args the options
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    int shards = option(args, "--shards", 500);
    int tables = option(args, "--tables", 40);
    int runs = option(args, "--runs", 3);
    int concurrency = option(args, "--concurrency", 8);
    int peerRuns = option(args, "--peer-runs", 1); // the dump loop and skeema take minutes each
    boolean skeema = List.of(args).contains("--skeema");
    boolean keep = List.of(args).contains("--keep");
    BenchServer server = BenchServer.fromEnvironment(System.getenv());
    List<String> names = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      names.add(String.format(Locale.ROOT, "%s%03d", SHARD_PREFIX, i));
    }
    System.out.printf(
        "fleet: %d shards x %d tables on %s, concurrency %d%n",
        shards, tables, server, concurrency);
    try (Connection c = server.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT VERSION(), @@table_definition_cache")) {
      rs.next();
      // Every contender opens each shard's table definitions; below the number of tables, the
      // server reopens them from disk on every query (README: give it at least that many).
      System.out.printf(
          "server %s, table_definition_cache %d for %d tables%n",
          rs.getString(1), rs.getLong(2), (long) shards * tables);
    }
    long setup = System.nanoTime();
    int drifted = setUp(server, names, tables, keep);
    System.out.printf(
        "setup: %d s (%d shards drifted: column added to one table)%n",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - setup), drifted);
    Path work = Files.createTempDirectory("opskit-fleet-bench");
    try {
      Path reference = work.resolve("reference.sql");
      dump(server, names.get(0), reference);

      List<Long> opskit = new ArrayList<>();
      int peak = 0;
      FleetDiff fleet = null;
      for (int run = 0; run < runs + 1; run++) { // the first run warms up
        AtomicInteger max = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> sample(server, sampling, max), "fleet-bench-sampler");
        sampler.start();
        long start = System.nanoTime();
        fleet = compareAll(server, names, reference, concurrency);
        long nanos = System.nanoTime() - start;
        sampling.set(false);
        sampler.join();
        if (run > 0) {
          opskit.add(nanos);
          peak = Math.max(peak, max.get());
        }
      }
      List<Long> dumps = new ArrayList<>();
      for (int run = 0; run < peerRuns; run++) {
        dumps.add(dumpAll(server, names, work));
      }
      List<Long> floor = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        floor.add(bulkQueries(server, names));
      }
      Timings a = Timings.ofNanos(opskit);
      Timings b = Timings.ofNanos(dumps);
      Timings c = Timings.ofNanos(floor);
      System.out.printf(
          "(a) compareAll          %s; %d drifted in %d groups, %d failed; peak connections %d%n",
          a.summary(), fleet.drifted().size(), fleet.groups().size(), fleet.failed().size(), peak);
      System.out.printf("(b) mariadb-dump loop    %s%n", b.summary());
      System.out.printf("(c) bulk queries floor   %s%n", c.summary());
      System.out.printf(
          "ratios (medians): (a)/(b) %.3f (goal <= 0.25), (a)/(c) %.2f (goal <= 3)%n",
          a.median() / b.median(), a.median() / c.median());
      if (skeema) {
        List<Long> peer = new ArrayList<>();
        for (int run = 0; run < peerRuns; run++) {
          peer.add(skeemaDiff(server, names, work, concurrency));
        }
        Timings d = Timings.ofNanos(peer);
        System.out.printf(
            "(d) skeema diff          %s = %.1fx (a)%n", d.summary(), d.median() / a.median());
      }
      System.out.println(fleet.summary().lines().limit(4).reduce("", (x, y) -> x + y + "\n"));
    } finally {
      Folders.deleteRecursively(work);
      if (!keep) {
        try (Connection c = server.connect()) {
          for (String name : names) {
            BenchDatabases.drop(c, name);
          }
        }
      }
    }
  }

  private static FleetDiff compareAll(
      BenchServer server, List<String> names, Path reference, int concurrency) {
    Map<String, SchemaSource> targets = new LinkedHashMap<>();
    for (String name : names) {
      targets.put(name, SchemaSource.jdbc(server.jdbcUrl(name), server.user(), server.password()));
    }
    return SchemaComparator.builder()
        .concurrency(concurrency)
        .build()
        .compareAll(SchemaSource.dumpFile(reference), targets);
  }

  /** Creates the shards (unless {@code keep} finds them all); every 10th gets one extra column. */
  private static int setUp(BenchServer server, List<String> names, int tables, boolean keep)
      throws SQLException {
    List<TableSpec> specs = BenchSchemaGenerator.generate(tables, 42);
    int drifted = 0;
    try (Connection c = server.connectForSetup()) {
      if (keep && existing(c) == names.size()) {
        return (names.size() + 9) / 10;
      }
      for (int i = 0; i < names.size(); i++) {
        BenchDatabases.recreate(c, names.get(i));
        BenchDatabases.createTables(c, names.get(i), specs);
        if (i % 10 == 3) {
          try (Statement s = c.createStatement()) {
            s.execute(
                "ALTER TABLE `" + names.get(i) + "`.`" + specs.get(0).name() + "` ADD drift_x int");
          }
          drifted++;
        }
      }
    }
    return drifted;
  }

  private static int existing(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '"
                    + SHARD_PREFIX.replace("_", "\\_")
                    + "%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Counts this benchmark's connections on the server every 10 ms, keeping the maximum. */
  private static void sample(BenchServer server, AtomicBoolean running, AtomicInteger max) {
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      while (running.get()) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB LIKE '"
                    + SHARD_PREFIX.replace("_", "\\_")
                    + "%'")) {
          rs.next();
          max.accumulateAndGet(rs.getInt(1), Math::max);
        }
        Thread.sleep(10);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("sampling connections failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void dump(BenchServer server, String database, Path file)
      throws IOException, InterruptedException {
    Process p =
        command(server, List.of("--no-data", "--skip-dump-date", database))
            .redirectOutput(file.toFile())
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "mariadb-dump of "
              + database
              + " failed: "
              + new String(p.getErrorStream().readAllBytes()));
    }
  }

  /** (b): one {@code mariadb-dump --no-data} per shard, one after another, as a shell loop. */
  private static long dumpAll(BenchServer server, List<String> names, Path work)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    for (String name : names) {
      dump(server, name, work.resolve(name + ".sql"));
    }
    long nanos = System.nanoTime() - start;
    for (String name : names) {
      Files.deleteIfExists(work.resolve(name + ".sql"));
    }
    return nanos;
  }

  private static ProcessBuilder command(BenchServer server, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add("mariadb-dump");
    command.add("--host=" + server.host());
    command.add("--port=" + server.port());
    command.add("--user=" + server.user());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("MYSQL_PWD", server.password());
    return builder;
  }

  /**
   * (c): the column and index rows of every shard in two bulk queries on one connection, in the
   * faster of the two forms (one {@code IN} list, or one {@code UNION ALL} branch per schema, which
   * MariaDB's lookup by schema serves).
   */
  private static long bulkQueries(BenchServer server, List<String> names) throws SQLException {
    return Math.min(bulkQueries(server, names, false), bulkQueries(server, names, true));
  }

  private static long bulkQueries(BenchServer server, List<String> names, boolean union)
      throws SQLException {
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      List<String> queries = new ArrayList<>();
      for (String table : List.of("COLUMNS", "STATISTICS")) {
        String select = "SELECT * FROM information_schema." + table + " WHERE TABLE_SCHEMA";
        queries.add(
            union
                ? String.join(
                    " UNION ALL ", names.stream().map(n -> select + " = '" + n + "'").toList())
                : select + " IN ('" + String.join("','", names) + "')");
      }
      long start = System.nanoTime();
      long cells = 0;
      for (String sql : queries) {
        try (ResultSet rs = s.executeQuery(sql)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              cells += rs.getString(i) == null ? 0 : 1;
            }
          }
        }
      }
      long nanos = System.nanoTime() - start;
      if (cells == 0) {
        throw new IllegalStateException("the bulk queries read nothing");
      }
      return nanos;
    }
  }

  /**
   * (d): {@code skeema diff} of a directory made by {@code skeema init} from the first shard, whose
   * {@code schema} option names every shard; skeema's own concurrency at the fleet's.
   */
  private static long skeemaDiff(BenchServer server, List<String> names, Path work, int threads)
      throws IOException, InterruptedException {
    Path dir = work.resolve("skeema");
    if (!Files.exists(dir)) {
      SkeemaTool.init(server, names.get(0), dir);
      Path config = dir.resolve(".skeema");
      String text = Files.readString(config, StandardCharsets.UTF_8);
      Files.writeString(
          config,
          text.replace("schema=" + names.get(0), "schema=" + String.join(",", names))
              + "\ntemp-schema="
              + BenchDatabases.PREFIX
              + "skeema_fleet_tmp\n"
              + "temp-schema-threads="
              + threads
              + "\n",
          StandardCharsets.UTF_8);
    }
    long start = System.nanoTime();
    int exit = run(List.of("skeema", "diff", "--skip-my-cnf", "--allow-unsafe"), server, dir);
    long nanos = System.nanoTime() - start;
    if (exit > 1) {
      throw new IllegalStateException("skeema diff failed with exit code " + exit);
    }
    return nanos;
  }

  private static int run(List<String> command, BenchServer server, Path directory)
      throws IOException, InterruptedException {
    SkeemaTool.Result result = SkeemaTool.run(command, server.password(), directory);
    if (result.exitCode() > 1) {
      System.out.println(result.output());
    }
    return result.exitCode();
  }

  private static int option(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
