package dev.opskit.examples.schemadiff;

import dev.opskit.schemadiff.SchemaComparator;
import dev.opskit.schemadiff.SchemaDiff;
import dev.opskit.schemadiff.SchemaSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Measures the memory target: two 10,000-table {@code mysqldump --no-data} files parse and
 * compare within {@code -Xmx256m}. Run it with that heap:
 *
 * <pre>
 * java -Xmx256m -cp "$(cat examples/target/classpath.txt):examples/target/examples-0.1.0-SNAPSHOT.jar" \
 *     dev.opskit.examples.schemadiff.LargeDumpCompare [tables]
 * </pre>
 *
 * <p>It writes the two dumps (MariaDB dump shape, seeded, every 500th table drifted) to a temporary
 * folder, then compares them and prints the wall time, the peak heap used and the changes found.
 */
public final class LargeDumpCompare {
  private LargeDumpCompare() {}

  /**
   * Runs the measurement.
   *
   * @param args the number of tables per dump (default 10,000)
   * @throws IOException if the dumps cannot be written
   */
  public static void main(String[] args) throws IOException {
    int tables = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path dir = Files.createTempDirectory("opskit-large-dump");
    Path a = dir.resolve("a.sql");
    Path b = dir.resolve("b.sql");
    try {
      write(a, tables, false);
      write(b, tables, true);
      System.out.printf(
          "dumps: %d tables each, %.1f MB and %.1f MB; max heap %d MB%n",
          tables, Files.size(a) / 1e6, Files.size(b) / 1e6, Runtime.getRuntime().maxMemory() >> 20);
      SchemaComparator comparator = SchemaComparator.create();
      for (int run = 1; run <= 3; run++) {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        SchemaDiff diff = comparator.compare(SchemaSource.dumpFile(a), SchemaSource.dumpFile(b));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
            "run %d: compare %d ms, heap pools' peaks add up to %d MB (an upper bound), %d tables differ (%s)%n",
            run, millis, peakHeapMegabytes(), diff.changes().size(), diff.summary());
      }
    } finally {
      Files.deleteIfExists(a);
      Files.deleteIfExists(b);
      Files.deleteIfExists(dir);
    }
  }

  private static long peakHeapMegabytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }

  /** Writes a dump in mariadb-dump's shape; with {@code drift}, every 500th table differs. */
  static void write(Path file, int tables, boolean drift) {
    Random random = new Random(42);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n");
      out.write("-- Server version\t10.11.19-MariaDB-0+deb12u1\n\n");
      out.write("/*!40101 SET NAMES utf8mb4 */;\n/*!40014 SET FOREIGN_KEY_CHECKS=0 */;\n\n");
      for (int t = 0; t < tables; t++) {
        boolean drifted = drift && t % 500 == 499;
        out.write("DROP TABLE IF EXISTS `t" + t + "`;\n");
        out.write("CREATE TABLE `t" + t + "` (\n");
        out.write("  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n");
        int columns = 6 + random.nextInt(8);
        for (int c = 0; c < columns; c++) {
          out.write("  `c" + c + "` " + column(random, c, drifted && c == 0) + ",\n");
        }
        if (t > 0) {
          out.write("  `parent_id` bigint(20) unsigned DEFAULT NULL,\n");
        }
        out.write("  PRIMARY KEY (`id`),\n");
        out.write("  KEY `idx_c0` (`c0`),\n");
        if (!drifted) {
          out.write("  KEY `idx_c1_c2` (`c1`,`c2`),\n");
        }
        if (t > 0) {
          out.write("  KEY `parent_id` (`parent_id`),\n");
          out.write(
              "  CONSTRAINT `t"
                  + t
                  + "_ibfk_1` FOREIGN KEY (`parent_id`) REFERENCES `t"
                  + (t - 1)
                  + "` (`id`) ON DELETE CASCADE,\n");
        }
        out.write("  CONSTRAINT `chk_c0` CHECK (`c0` >= 0)\n");
        out.write(
            ") ENGINE=InnoDB AUTO_INCREMENT="
                + (1 + random.nextInt(100000))
                + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='table "
                + t
                + "';\n\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String column(Random random, int index, boolean drifted) {
    if (index == 0) {
      return (drifted ? "bigint(20)" : "int(11)") + " NOT NULL DEFAULT 0";
    }
    return switch (random.nextInt(7)) {
      case 0 -> "varchar(" + (16 + random.nextInt(240)) + ") DEFAULT NULL";
      case 1 -> "decimal(12,2) NOT NULL DEFAULT 0.00";
      case 2 -> "datetime NOT NULL DEFAULT current_timestamp()";
      case 3 -> "text DEFAULT NULL";
      case 4 -> "enum('new','paid','shipped') NOT NULL DEFAULT 'new'";
      case 5 -> "tinyint(1) NOT NULL DEFAULT 0 COMMENT 'flag'";
      default -> "varchar(32) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT NULL";
    };
  }
}
