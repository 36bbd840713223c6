package dev.opskit.examples.schemadiff;

import dev.opskit.schemadiff.SchemaComparator;
import dev.opskit.schemadiff.SchemaDiff;
import dev.opskit.schemadiff.SchemaSource;
import dev.opskit.schemadiff.TableOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces {@code mysqldiff --server1=... --server2=... staging:production} in CI: compares the
 * schema dumps of two environments (shipped with this example as {@code staging.sql} and {@code
 * production.sql}, made with {@code mariadb-dump --no-data --routines --events --triggers}) and
 * prints what production lacks or has extra, ignoring what CI should not fail on.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * java -cp "$(cat examples/target/classpath.txt):examples/target/examples-0.1.0-SNAPSHOT.jar" \
 *     dev.opskit.examples.schemadiff.SchemaDiffExample
 * </pre>
 *
 * <p>With two JDBC URLs as arguments it compares two live databases instead: {@code
 * SchemaDiffExample jdbc:mysql://127.0.0.1:3306/staging jdbc:mysql://127.0.0.1:3306/production}
 * (user from {@code OPSKIT_MYSQL_USER}, default root; password from {@code OPSKIT_MYSQL_PASSWORD}).
 * The exit status is 0 when the schemas match and 1 when they drift, like mysqldiff's.
 */
public final class SchemaDiffExample {
  private SchemaDiffExample() {}

  /**
   * Compares the bundled dumps, or two live databases given as JDBC URLs.
   *
   * @param args nothing, or two JDBC URLs
   */
  public static void main(String[] args) {
    SchemaDiff diff;
    if (args.length == 2) {
      String user = System.getenv().getOrDefault("OPSKIT_MYSQL_USER", "root");
      String password = System.getenv().getOrDefault("OPSKIT_MYSQL_PASSWORD", "");
      diff =
          comparator()
              .compare(
                  SchemaSource.jdbc(args[0], user, password),
                  SchemaSource.jdbc(args[1], user, password));
    } else {
      diff = compareBundledDumps();
    }
    print(diff, System.out);
    System.exit(diff.isEmpty() ? 0 : 1);
  }

  /**
   * The comparator a CI drift check wants: AUTO_INCREMENT values are ignored by default; row format
   * and scratch tables are ignored too, and partitions that a cron job rotates.
   *
   * @return the comparator
   */
  public static SchemaComparator comparator() {
    return SchemaComparator.builder()
        .ignoreTableOption(TableOption.ROW_FORMAT)
        .ignoreTables("tmp_.*")
        .ignorePartitionListDrift()
        .build();
  }

  /**
   * Compares the bundled {@code staging.sql} (from) with {@code production.sql} (to), offline.
   *
   * @return the differences
   */
  public static SchemaDiff compareBundledDumps() {
    Path dir = extractDumps();
    try {
      return comparator()
          .compare(
              SchemaSource.dumpFile(dir.resolve("staging.sql")),
              SchemaSource.dumpFile(dir.resolve("production.sql")));
    } finally {
      // Not deleteOnExit: the Tour and JShell sessions are long-lived JVMs that call this often.
      delete(dir);
    }
  }

  /**
   * Prints a diff's summary and its unified diff.
   *
   * @param diff the diff
   * @param out where to print
   */
  public static void print(SchemaDiff diff, PrintStream out) {
    out.println(diff.summary());
    out.println();
    out.print(diff.unifiedDiff());
  }

  private static Path extractDumps() {
    try {
      Path dir = Files.createTempDirectory("opskit-schemadiff-example");
      for (String name : new String[] {"staging.sql", "production.sql"}) {
        try (InputStream in = SchemaDiffExample.class.getResourceAsStream("/schemadiff/" + name)) {
          if (in == null) {
            throw new IllegalStateException("missing example resource /schemadiff/" + name);
          }
          Path file = dir.resolve(name);
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.delete(file);
      }
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the example's copies in " + dir, e);
    }
  }
}
