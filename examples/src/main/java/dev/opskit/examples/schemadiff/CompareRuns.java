package dev.opskit.examples.schemadiff;

import dev.opskit.schemadiff.CompareListener;
import dev.opskit.schemadiff.SchemaComparator;
import dev.opskit.schemadiff.SchemaDiff;
import dev.opskit.schemadiff.SchemaSource;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Repeated end-to-end comparisons of two live schemas, as a user calls them: a new comparator and
 * two new {@code SchemaSource.jdbc(url, user, password)} sources per run, so each run opens its own
 * connections. A listener times loading {@code a} and loading {@code b}, which the comparator runs
 * at once; the rest is connecting to detect the flavor, and diffing.
 *
 * @param wall each measured run's wall time
 * @param loadFrom each measured run's time to load {@code a}
 * @param loadTo each measured run's time to load {@code b}
 * @param cpu each measured run's CPU time of the whole JVM: both load threads (JDBC rows, parsing
 *     every SHOW CREATE TABLE), the diff, and the JIT and garbage collector
 * @param peakHeapBytes the largest peak heap of a measured run
 * @param baselineHeapBytes the heap in use before that run
 * @param collections the garbage collections during the measured runs
 * @param loadsOverlapped whether the comparator loaded {@code a} and {@code b} at once
 * @param lastDiff the last run's result
 */
record CompareRuns(
    Timings wall,
    Timings loadFrom,
    Timings loadTo,
    Timings cpu,
    long peakHeapBytes,
    long baselineHeapBytes,
    long collections,
    boolean loadsOverlapped,
    SchemaDiff lastDiff) {

  static CompareRuns measure(BenchServer server, String from, String to, int warmups, int runs) {
    List<Long> wall = new ArrayList<>();
    List<Double> loadFrom = new ArrayList<>();
    List<Double> loadTo = new ArrayList<>();
    List<Long> cpu = new ArrayList<>();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long peak = 0;
    long baseline = 0;
    long collections = 0;
    boolean[] overlapped = {false};
    SchemaDiff diff = null;
    for (int i = 0; i < warmups + runs; i++) {
      List<Long> loads = new ArrayList<>();
      java.util.concurrent.atomic.AtomicInteger started =
          new java.util.concurrent.atomic.AtomicInteger();
      CompareListener listener =
          new CompareListener() {
            @Override
            public void loadStarted(String source) {
              if (started.getAndIncrement() == 1 && loads.isEmpty()) {
                overlapped[0] = true; // the second load started before the first finished
              }
            }

            @Override
            public void loadFinished(String source, int tables, long millis) {
              loads.add(millis);
            }
          };
      long start;
      long end;
      long cpuStart;
      long cpuEnd;
      try (HeapProbe heap = HeapProbe.start()) {
        cpuStart = os.getProcessCpuTime();
        start = System.nanoTime();
        diff =
            SchemaComparator.builder()
                .listener(listener)
                .build()
                .compare(
                    SchemaSource.jdbc(server.jdbcUrl(from), server.user(), server.password()),
                    SchemaSource.jdbc(server.jdbcUrl(to), server.user(), server.password()));
        end = System.nanoTime();
        cpuEnd = os.getProcessCpuTime();
        if (i >= warmups) {
          if (heap.peak() > peak) {
            peak = heap.peak();
            baseline = heap.baseline();
          }
          collections += heap.collections();
        }
      }
      if (i >= warmups) {
        wall.add(end - start);
        cpu.add(cpuEnd - cpuStart);
        loadFrom.add((double) loads.get(0));
        loadTo.add((double) loads.get(1));
      }
    }
    return new CompareRuns(
        Timings.ofNanos(wall),
        new Timings(loadFrom),
        new Timings(loadTo),
        Timings.ofNanos(cpu),
        peak,
        baseline,
        collections,
        overlapped[0],
        diff);
  }

  void print(PrintStream out, int expectedChanges) {
    out.println("    wall min / median / max   " + wall.summary());
    double rest =
        loadsOverlapped
            ? wall.median() - Math.max(loadFrom.median(), loadTo.median())
            : wall.median() - loadFrom.median() - loadTo.median();
    out.printf(
        Locale.ROOT,
        "    medians: load a %,.0f ms, load b %,.0f ms (%s), rest (flavor check, diff)"
            + " ~%,.0f ms%n",
        loadFrom.median(),
        loadTo.median(),
        loadsOverlapped ? "at once" : "one after the other",
        rest);
    out.printf(
        Locale.ROOT,
        "    client CPU of the whole JVM (both load threads: JDBC rows, model, SHOW CREATE TABLE"
            + " parses; diff; JIT, GC) min / median / max %s%n",
        cpu.summary());
    out.printf(
        Locale.ROOT,
        "    peak heap used %,.0f MB (baseline %,.0f MB before the run, so +%,.0f MB);"
            + " %d GCs in %d measured runs%n",
        peakHeapBytes / 1048576.0,
        baselineHeapBytes / 1048576.0,
        (peakHeapBytes - baselineHeapBytes) / 1048576.0,
        collections,
        wall.millis().size());
    int found = lastDiff.changes().size();
    out.printf(
        "    changes %d (expected %d%s): %s%n",
        found,
        expectedChanges,
        found == expectedChanges ? "" : ", MISMATCH",
        lastDiff.summary().replace('\n', ';'));
  }
}
