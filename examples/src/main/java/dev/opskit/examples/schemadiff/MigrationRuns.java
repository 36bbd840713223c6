package dev.opskit.examples.schemadiff;

import dev.opskit.schemadiff.MigrationOptions;
import dev.opskit.schemadiff.MigrationPlan;
import dev.opskit.schemadiff.SchemaDiff;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times {@code diff.migrationSql()} on an already computed diff, and applies the migration to the
 * {@code from} database once to prove it.
 *
 * @param generation each measured run's wall time to plan and render the script
 * @param statements the number of statements in the plan
 * @param scriptChars the length of the script
 */
record MigrationRuns(Timings generation, int statements, int scriptChars) {

  static MigrationRuns measure(SchemaDiff diff, int warmups, int runs) {
    List<Long> nanos = new ArrayList<>();
    String script = "";
    for (int i = 0; i < warmups + runs; i++) {
      long start = System.nanoTime();
      script = diff.migrationSql();
      long end = System.nanoTime();
      if (i >= warmups) {
        nanos.add(end - start);
      }
    }
    int statements =
        diff.migration(MigrationOptions.builder().allowUnsafe(true).build()).statements().size();
    return new MigrationRuns(Timings.ofNanos(nanos), statements, script.length());
  }

  void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "    wall min / median / max   %s for %d statements (%,d characters)%n",
        generation.summary(),
        statements,
        scriptChars);
    if (generation.median() < 1000) {
      out.println("    target: well under a second for the 2,000-table pair: met");
    } else {
      out.println("    target: well under a second for the 2,000-table pair: NOT met");
    }
  }

  /** Applies the whole migration (unsafe statements included) to {@code from} and re-compares. */
  static void applyAndCheck(PrintStream out, BenchServer server, SchemaDiff diff, String from) {
    MigrationPlan plan = diff.migration(MigrationOptions.builder().allowUnsafe(true).build());
    long start = System.nanoTime();
    SchemaDiff check = plan.applyTo(server.dataSource(from));
    long millis = (System.nanoTime() - start) / 1_000_000;
    out.printf(
        Locale.ROOT,
        "round trip: %d statements applied to %s in %,d ms (with the state check before and the"
            + " re-compare after); %s%n",
        plan.included().size(),
        from,
        millis,
        check.isEmpty() ? "it now equals " + diff.toName() : "LEFT DIFFERENT:\n" + check.summary());
  }
}
