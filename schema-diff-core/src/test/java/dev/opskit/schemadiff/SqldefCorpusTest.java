package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opskit.schemadiff.model.Flavor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays sqldef's MySQL test cases as a corpus: every {@code current}/{@code desired} pair parses,
 * {@code desired} equals itself, a pair that sqldef migrates ({@code up} has statements) is
 * reported as different, and a pair whose {@code up} is empty as equal. TiDB-only cases and the one
 * case that expects an error are left out.
 */
class SqldefCorpusTest {

  /**
   * Pairs sqldef calls equal that the server does not: MySQL names an unnamed column-level CHECK
   * {@code <table>_chk_<n>}, so moving a named table-level check there renames the constraint, and
   * SHOW CREATE TABLE shows it. For these the comparator must report exactly that rename.
   */
  private static final Map<String, String> RENAMED_CHECKS =
      Map.of(
          "tests_constraints/CheckTableLevelToColumnLevel", "orders_status_chk -> orders_chk_1",
          "tests_constraints/CheckTableLevelToUnnamedColumnLevel",
              "payments_method_chk -> payments_chk_1");

  @TestFactory
  Stream<DynamicTest> everyCaseParsesAndComparesAsSqldefExpects() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (SqldefCases.SqldefCase sqldefCase : SqldefCases.all()) {
      JsonNode c = sqldefCase.spec();
      String flavor = sqldefCase.flavor();
      // offline cases are TiDB syntax (AUTO_RANDOM, SHARD_ROW_ID_BITS) that MySQL rejects.
      if (flavor.equals("tidb") || c.has("error") || c.path("offline").asBoolean(false)) {
        continue;
      }
      String name = sqldefCase.name();
      tests.add(DynamicTest.dynamicTest(name, () -> replay(name, c, flavor)));
    }
    assertThat(tests).hasSizeGreaterThan(280);
    return tests.stream();
  }

  private static void replay(String name, JsonNode c, String flavor) {
    try {
      if (RENAMED_CHECKS.containsKey(name)) {
        assertRenamedCheck(c, RENAMED_CHECKS.get(name));
        return;
      }
      replayCase(c, flavor);
    } catch (RuntimeException e) {
      throw new AssertionError(name + ": " + e.getMessage(), e);
    }
  }

  private static void assertRenamedCheck(JsonNode c, String rename) {
    SchemaDiff diff =
        SchemaComparator.create()
            .compare(
                SchemaSource.ddl(c.path("current").asText()),
                SchemaSource.ddl(c.path("desired").asText()));
    String[] names = rename.split(" -> ");
    assertThat(diff.changes())
        .singleElement()
        .satisfies(
            change ->
                assertThat(change.differences())
                    .extracting(d -> d.aspect() + " " + d.name() + " " + d.changeType())
                    .containsExactlyInAnyOrder(
                        "CHECK " + names[0] + " REMOVED", "CHECK " + names[1] + " ADDED"));
  }

  private static void replayCase(JsonNode c, String flavor) {
    Flavor assumed = flavor.equals("mariadb") ? Flavor.MARIADB_10_11 : Flavor.MYSQL_8_0;
    SchemaComparator comparator = SchemaComparator.builder().flavor(assumed).build();
    SchemaSource desired = SchemaSource.ddl(c.path("desired").asText(""));

    assertThat(comparator.compare(desired, desired).isEmpty())
        .as("desired compared with itself")
        .isTrue();
    // Without `current` the case starts from an empty schema; without `up` sqldef states no
    // expectation about the pair beyond applying it.
    SchemaSource current = SchemaSource.ddl(c.path("current").asText(""));
    SchemaDiff diff = comparator.compare(current, desired);
    if (!c.has("up")) {
      return;
    }
    if (c.path("up").asText("").isBlank()) {
      assertThat(diff.isEmpty()).as("sqldef sees no change:%n%s", diff.unifiedDiff()).isTrue();
    } else {
      assertThat(diff.isEmpty())
          .as("sqldef migrates this pair with:%n%s", c.path("up").asText())
          .isFalse();
    }
  }
}
