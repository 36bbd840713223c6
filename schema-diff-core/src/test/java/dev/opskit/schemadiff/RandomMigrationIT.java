package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.migrate.PartitionStrategy;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Random schema pairs round-trip on the real server: the migration script applied to {@code from}
 * makes it equal {@code to}, and running the script a second time either fails or changes nothing.
 * A failure shrinks to the smallest pair of schemas that still fails.
 *
 * <p>The seed is fixed, so every run on a server tries the same 200 pairs and a failure reproduces
 * by running the suite again; jqwik reports the seed and the shrunk sample. On MySQL the pairs also
 * hold MySQL-only DDL ({@link RandomSchemaPairs#schemas(boolean)}).
 */
@AddLifecycleHook(EveryTryAsserts.class)
class RandomMigrationIT {

  @Property(tries = 200, seed = "13130013", shrinking = ShrinkingMode.BOUNDED)
  void migrationScriptTurnsFromIntoTo(
      @ForAll("schemas") RandomSchemaPairs.SchemaSpec from,
      @ForAll("schemas") RandomSchemaPairs.SchemaSpec to,
      @ForAll("strategies") PartitionStrategy strategy)
      throws Exception {
    String fromDdl = from.ddl();
    String toDdl = to.ddl();
    try (RoundTrip trip = RoundTrip.create("jqwik")) {
      trip.load(fromDdl, toDdl);
      SchemaDiff diff = trip.diff();
      // migrationSql() plans every diff; the strategy only changes ambiguous partition changes.
      assertThat(diff.migrationSql()).isNotEmpty();
      String script =
          diff.migration(
                  MigrationOptions.builder().allowUnsafe(true).partitionStrategy(strategy).build())
              .sql();
      trip.applyScript(script);
      SchemaDiff after = trip.diff();
      assertThat(after.isEmpty())
          .as(
              "from:%n%s%nto:%n%s%nscript:%n%s%nleft:%n%s",
              fromDdl, toDdl, script, after.unifiedDiff())
          .isTrue();

      // Idempotence: running the script again fails, or does nothing; either way `to` stays.
      try {
        trip.applyScript(script);
      } catch (java.sql.SQLException expected) {
        // a statement whose object is already gone or already there stops the second run
      }
      SchemaDiff twice = trip.diff();
      assertThat(twice.isEmpty())
          .as("after running the script twice:%n%s%nscript:%n%s", twice.unifiedDiff(), script)
          .isTrue();
      EveryTryAsserts.asserted();
    }
  }

  @Provide
  Arbitrary<RandomSchemaPairs.SchemaSpec> schemas() {
    return RandomSchemaPairs.schemas(ServerUnderTest.isMySql());
  }

  @Provide
  Arbitrary<PartitionStrategy> strategies() {
    return Arbitraries.of(
        PartitionStrategy.KEEP_ROWS, PartitionStrategy.DROP_ROWS, PartitionStrategy.REPARTITION);
  }
}
