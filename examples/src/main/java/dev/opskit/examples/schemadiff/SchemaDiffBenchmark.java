package dev.opskit.examples.schemadiff;

import dev.opskit.examples.schemadiff.PeerTool.PeerResult;
import dev.opskit.examples.schemadiff.ServerFloor.SchemaTables;
import dev.opskit.schemadiff.model.Flavor;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Measures {@link dev.opskit.schemadiff.SchemaComparator} on two live, generated schemas of the
 * local MariaDB or MySQL server: (a) a whole comparison in-process after warm-up, (b) the server's
 * floor, the same information_schema queries plus {@code SHOW CREATE TABLE} for every table, and
 * (c) their ratio, (e) generating the migration script for the pair; then, on request, skeema and
 * Liquibase once on the same pair; last, the migration applied to {@code a}, which must then
 * compare equal to {@code b}.
 *
 * <p>Run it with {@code mvn -B -q -ntp -pl examples -am -DskipTests -Pschemadiff-benchmark package}
 * and pass options with {@code -Dbenchmark.args="--tables 2000 --skeema"}; Liquibase needs the
 * {@code benchmark-peers} profile too. The server comes from {@code OPSKIT_MYSQL_HOST}, {@code
 * _PORT}, {@code _USER} and {@code _PASSWORD} (default {@code root@127.0.0.1:3306}, no password).
 * The benchmark creates and drops only databases named {@code opskit_bench_*}.
 */
public final class SchemaDiffBenchmark {
  static final String SCHEMA_A = BenchDatabases.PREFIX + "a";
  static final String SCHEMA_B = BenchDatabases.PREFIX + "b";
  private static final String LIQUIBASE_A = BenchDatabases.PREFIX + "lq_a";
  private static final String LIQUIBASE_B = BenchDatabases.PREFIX + "lq_b";
  private static final String LIQUIBASE_TOOL = "dev.opskit.examples.schemadiff.LiquibaseTool";

  private final BenchmarkOptions options;
  private final BenchServer server;
  private final PrintStream out;
  private final List<String> created = new ArrayList<>();

  private SchemaDiffBenchmark(BenchmarkOptions options, BenchServer server, PrintStream out) {
    this.options = options;
    this.server = server;
    this.out = out;
  }

  /**
   * Runs the benchmark and prints its report to standard output.
   *
   * @param args the options; {@code --help} lists them
   * @throws Exception if the server cannot be reached or a step fails
   */
  public static void main(String[] args) throws Exception {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    new SchemaDiffBenchmark(options, BenchServer.fromEnvironment(System.getenv()), System.out)
        .run();
  }

  private void run() throws Exception {
    try (Connection setup = server.connectForSetup()) {
      try {
        runOn(setup);
      } finally {
        BenchDatabases.drop(setup, SkeemaTool.TEMP_SCHEMA);
        if (options.keep()) {
          out.println("kept " + String.join(", ", created) + " (--keep)");
        } else {
          for (String database : created) {
            BenchDatabases.drop(setup, database);
          }
          out.println("dropped " + String.join(", ", created));
        }
      }
    }
  }

  private void runOn(Connection setup) throws Exception {
    String version = serverVersion(setup);
    out.println("opskit schema-diff benchmark");
    out.printf("  JVM       %s%n", jvm());
    out.printf("  server    %s (%s) at %s%n", Flavor.parse(version), version, server);
    out.println(
        "  load      " + loadAverage() + " (the server and other builds share the machine)");

    List<TableSpec> a = BenchSchemaGenerator.generate(options.tables(), options.seed());
    SchemaDrift drift = SchemaDrift.apply(a, options.seed());
    out.printf(
        "  schemas   %s: %,d tables; %s: %,d tables (%d changed, %d only in a, %d only in b);"
            + " seed %d%n",
        SCHEMA_A,
        a.size(),
        SCHEMA_B,
        drift.tables().size(),
        drift.changed().size(),
        drift.removed().size(),
        drift.added().size(),
        options.seed());
    out.println("  contents  " + contents(a, Flavor.parse(version)));
    double setupMillis = create(setup, SCHEMA_A, a) + create(setup, SCHEMA_B, drift.tables());
    out.printf(
        Locale.ROOT,
        "  setup     %,.0f ms to create both schemas (one connection, batched, FK checks off)%n",
        setupMillis);
    out.println();

    CompareRuns compare =
        CompareRuns.measure(server, SCHEMA_A, SCHEMA_B, options.warmups(), options.runs());
    out.printf(
        "(a) SchemaComparator.create().compare(jdbc a, jdbc b), in-process,"
            + " %d warm-up + %d measured runs%n",
        options.warmups(), options.runs());
    compare.print(out, drift.expectedChanges());

    Timings floor = measureFloor(setup);
    double ratio = compare.wall().median() / floor.median();
    if (options.tables() == 2000) {
      out.printf(
          Locale.ROOT,
          "    target: compare under 1,500 ms for 2,000 tables: %s (median %,.0f ms)%n",
          compare.wall().median() < 1500 ? "met" : "NOT met",
          compare.wall().median());
    }
    Timings parallelFloor = measureParallelFloor(setup);
    out.printf(
        Locale.ROOT,
        "(c) ratios (a)/(b) %.2fx, (a)/(b2) %.2fx (medians)%n",
        ratio,
        compare.wall().median() / parallelFloor.median());
    out.println("    machine load after the measurements: " + loadAverage());
    MigrationRuns migration =
        MigrationRuns.measure(compare.lastDiff(), options.warmups(), options.runs());
    out.println(
        "(e) diff.migrationSql() on the compared pair (planning and rendering, no server),"
            + " in-process");
    migration.print(out);
    out.println();

    if (options.skeema()) {
      SkeemaTool skeema = new SkeemaTool();
      String name = skeema.describe();
      out.println("peer: " + name + ", `skeema diff` of a dump of a against live b, one run");
      PeerResult result = skeema.diff(server, SCHEMA_A, SCHEMA_B);
      printPeer(result, compare.wall().median(), 1.0);
    }
    if (options.liquibase()) {
      runLiquibase(setup, compare.wall().median());
    }
    out.println();
    MigrationRuns.applyAndCheck(out, server, compare.lastDiff(), SCHEMA_A);
  }

  private void runLiquibase(Connection setup, double compareMedian) throws Exception {
    PeerTool liquibase;
    try {
      liquibase = (PeerTool) Class.forName(LIQUIBASE_TOOL).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      out.println(
          "peer: Liquibase is not on the class path: add the benchmark-peers profile"
              + " (-Pschemadiff-benchmark,benchmark-peers)");
      return;
    }
    int n = options.liquibaseTables();
    String from = SCHEMA_A;
    String to = SCHEMA_B;
    double scale = 1.0;
    if (n < options.tables()) {
      List<TableSpec> small = BenchSchemaGenerator.generate(n, options.seed());
      create(setup, LIQUIBASE_A, small);
      create(setup, LIQUIBASE_B, SchemaDrift.apply(small, options.seed()).tables());
      from = LIQUIBASE_A;
      to = LIQUIBASE_B;
      scale = (double) options.tables() / n;
      CompareRuns smallCompare = CompareRuns.measure(server, from, to, 1, 3);
      out.printf(
          Locale.ROOT,
          "peer: %s on a smaller pair of %,d tables; opskit on that pair: median %,.0f ms%n",
          liquibase.describe(),
          n,
          smallCompare.wall().median());
    } else {
      out.println("peer: " + liquibase.describe() + ", one run");
    }
    PeerResult result = liquibase.diff(server, from, to);
    printPeer(result, compareMedian, scale);
  }

  private void printPeer(PeerResult result, double compareMedian, double scale) {
    if (scale == 1.0) {
      out.printf(
          Locale.ROOT,
          "    wall %,.0f ms = %.1fx opskit's median compare; %s%n",
          result.millis(),
          result.millis() / compareMedian,
          result.outcome());
    } else {
      double extrapolated = result.millis() * scale;
      out.printf(
          Locale.ROOT,
          "    wall %,.0f ms measured; EXTRAPOLATED linearly x%.1f to %,d tables: %,.0f ms"
              + " = %.1fx opskit's median compare; %s%n",
          result.millis(),
          scale,
          options.tables(),
          extrapolated,
          extrapolated / compareMedian,
          result.outcome());
    }
    out.println();
  }

  /**
   * The floor as the comparator now reads: each schema's queries on a connection of its own, both
   * at once, so the server answers the two on its two cores.
   */
  private Timings measureParallelFloor(Connection setup) throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (Connection a = server.connect();
        Connection b = server.connect()) {
      ServerFloor floor = ServerFloor.record(a, SCHEMA_A);
      List<SchemaTables> tablesA = List.of(ServerFloor.tables(setup, SCHEMA_A));
      List<SchemaTables> tablesB = List.of(ServerFloor.tables(setup, SCHEMA_B));
      List<Long> nanos = new ArrayList<>();
      for (int i = 0; i < options.warmups() + options.runs(); i++) {
        long start = System.nanoTime();
        Future<Long> readB = other.submit(() -> floor.run(b, tablesB, new HashMap<>()));
        floor.run(a, tablesA, new HashMap<>());
        readB.get();
        if (i >= options.warmups()) {
          nanos.add(System.nanoTime() - start);
        }
      }
      Timings timings = Timings.ofNanos(nanos);
      out.println(
          "(b2) server floor as (b), each schema on a connection of its own, both at once"
              + " (as compare reads them on 4 or more cores)");
      out.println("    wall min / median / max   " + timings.summary());
      return timings;
    } finally {
      other.shutdownNow();
    }
  }

  private Timings measureFloor(Connection setup) throws SQLException {
    try (Connection connection = server.connect()) {
      ServerFloor floor = ServerFloor.record(connection, SCHEMA_A);
      List<SchemaTables> tables =
          List.of(ServerFloor.tables(setup, SCHEMA_A), ServerFloor.tables(setup, SCHEMA_B));
      int showCreates = tables.stream().mapToInt(t -> t.tables().size()).sum();
      List<Long> nanos = new ArrayList<>();
      Map<String, Long> byQuery = new LinkedHashMap<>();
      long values = 0;
      for (int i = 0; i < options.warmups() + options.runs(); i++) {
        Map<String, Long> runByQuery = i >= options.warmups() ? byQuery : new HashMap<>();
        long start = System.nanoTime();
        values = floor.run(connection, tables, runByQuery);
        if (i >= options.warmups()) {
          nanos.add(System.nanoTime() - start);
        }
      }
      Timings timings = Timings.ofNanos(nanos);
      out.printf(
          "(b) server floor: the reader's %d queries per schema + SHOW CREATE TABLE x %,d,"
              + " one connection, every value read (%,d values)%n",
          floor.queriesPerSchema(), showCreates, values);
      out.println("    wall min / median / max   " + timings.summary());
      out.println("    mean per run, both schemas: " + perQuery(byQuery, options.runs()));
      return timings;
    }
  }

  /** Formats the slowest queries first: {@code COLUMNS 210 ms, TABLES 180 ms, ...}. */
  private static String perQuery(Map<String, Long> nanosByQuery, int runs) {
    return nanosByQuery.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> String.format(Locale.ROOT, "%s %,.0f ms", e.getKey(), e.getValue() / 1e6 / runs))
        .collect(Collectors.joining(", "));
  }

  private double create(Connection setup, String database, List<TableSpec> tables)
      throws SQLException {
    long start = System.nanoTime();
    created.add(database);
    BenchDatabases.recreate(setup, database);
    BenchDatabases.createTables(setup, database, tables);
    return (System.nanoTime() - start) / 1_000_000.0;
  }

  private static String contents(List<TableSpec> tables, Flavor flavor) {
    long columns = tables.stream().mapToLong(t -> t.columns().size()).sum();
    long indexes = tables.stream().mapToLong(t -> t.indexes().size()).sum();
    long foreignKeys = tables.stream().mapToLong(t -> t.foreignKeys().size()).sum();
    long checks = tables.stream().mapToLong(t -> t.checks().size()).sum();
    long partitioned = tables.stream().filter(t -> t.partitioning() != null).count();
    return String.format(
        "per schema a: %,d columns, %,d secondary indexes, %,d foreign keys, %,d CHECKs"
            + "%s, %,d partitioned tables",
        columns,
        indexes,
        foreignKeys,
        checks,
        // MariaDB's JSON is LONGTEXT with a json_valid CHECK; MySQL's is a type of its own
        flavor.isMariaDb() ? " (plus one per JSON column)" : "",
        partitioned);
  }

  /** Returns the 1, 5 and 15 minute load averages, or a note where the system has none. */
  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return "load average " + parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "load average unknown";
    }
  }

  private static String serverVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT VERSION()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String jvm() {
    Runtime runtime = Runtime.getRuntime();
    String collectors =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(", "));
    return String.format(
        "%s %s (%s), max heap %,d MB, %d cores, collectors: %s",
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"),
        runtime.maxMemory() / (1024 * 1024),
        runtime.availableProcessors(),
        collectors);
  }
}
