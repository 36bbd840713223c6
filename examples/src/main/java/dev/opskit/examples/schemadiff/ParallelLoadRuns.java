package dev.opskit.examples.schemadiff;

import dev.opskit.schemadiff.SchemaComparator;
import dev.opskit.schemadiff.SchemaDiff;
import dev.opskit.schemadiff.SchemaSource;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A what-if, not what the comparator does today: both schemas loaded at the same time, each on its
 * own thread and connection through the public {@link SchemaSource#load} and then compared in
 * memory with {@link SchemaComparator#compare(Schema, Schema)}. It shows how much of the wall time
 * the comparator would save by loading its two sources concurrently.
 */
final class ParallelLoadRuns {
  private ParallelLoadRuns() {}

  /**
   * Measures the parallel variant.
   *
   * @return the measured runs' wall times
   */
  static Timings measure(
      BenchServer server, String from, String to, int warmups, int runs, int expectedChanges) {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      List<Long> wall = new ArrayList<>();
      for (int i = 0; i < warmups + runs; i++) {
        System.gc();
        long start = System.nanoTime();
        SchemaSource a = SchemaSource.jdbc(server.jdbcUrl(from), server.user(), server.password());
        SchemaSource b = SchemaSource.jdbc(server.jdbcUrl(to), server.user(), server.password());
        CompletableFuture<Schema> loadB =
            CompletableFuture.supplyAsync(() -> b.load(Flavor.MARIADB_10_11), executor);
        Schema schemaA = a.load(Flavor.MARIADB_10_11);
        Schema schemaB = loadB.join();
        Flavor flavor = a.flavor().orElse(Flavor.MARIADB_10_11);
        SchemaDiff diff =
            SchemaComparator.builder().flavor(flavor).build().compare(schemaA, schemaB);
        long end = System.nanoTime();
        if (diff.changes().size() != expectedChanges) {
          throw new IllegalStateException(
              "the parallel variant found " + diff.changes().size() + " changes");
        }
        if (i >= warmups) {
          wall.add(end - start);
        }
      }
      return Timings.ofNanos(wall);
    } finally {
      executor.shutdownNow();
    }
  }
}
