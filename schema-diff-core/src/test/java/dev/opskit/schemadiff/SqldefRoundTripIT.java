package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Round trip for every sqldef MySQL case the MariaDB server supports: {@code current} and {@code
 * desired} are loaded into two fresh databases, the migration script is applied to the first, and
 * the two must then compare equal.
 *
 * <p>TiDB cases and the one case where sqldef expects an error are left out. Every MySQL-flavored
 * case runs too: those MariaDB loads must pass. Every case that cannot pass is in {@link #EXCLUDED}
 * with the reason; those cases still run and must fail (those the server rejects, while their DDL
 * is loaded), so an exclusion that is no longer needed fails the build.
 */
class SqldefRoundTripIT {

  /** Prefix of the reasons for cases whose DDL the server rejects while loading it. */
  private static final String REJECTS = "MariaDB 10.11 rejects the case's DDL: ";

  private static final String VECTOR = REJECTS + "the VECTOR type and index need MariaDB 11.7";
  private static final String NGRAM = REJECTS + "no ngram full-text parser";
  private static final String FUNCTIONAL = REJECTS + "no functional (expression) indexes";
  private static final String MULTI_VALUED =
      REJECTS + "no multi-valued indexes (CAST ... AS ... ARRAY)";
  private static final String WINDOW = REJECTS + "lead() needs an ORDER BY in its window";
  private static final String GENERATED_NOT_NULL = REJECTS + "NOT NULL on a generated column";

  /**
   * Cases that cannot round-trip on MariaDB 10.11, and why. Those whose reason starts with {@link
   * #REJECTS} must fail while their DDL is loaded, before any migration runs.
   */
  static final Map<String, String> EXCLUDED =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("tests_mariadb/CreateVectorIndex", VECTOR),
              Map.entry("tests_mariadb/CreateVectorIndexWithOptions", VECTOR),
              Map.entry("tests_mariadb/AddVectorIndex", VECTOR),
              Map.entry("tests_mariadb/DropVectorIndex", VECTOR),
              Map.entry("tests_indices/FulltextIndex", NGRAM),
              Map.entry("tests_indices/FulltextIndexDrop", NGRAM),
              Map.entry("tests_indices/FulltextIndexReAdd", NGRAM),
              Map.entry("tests_tables/CreateTableWithFunctionalIndex", FUNCTIONAL),
              Map.entry("tests_tables/AddFunctionalIndexIf", FUNCTIONAL),
              Map.entry("tests_tables/AddFunctionalIndexCase", FUNCTIONAL),
              Map.entry("tests_tables/CreateTableWithMultiValuedIndex", MULTI_VALUED),
              Map.entry("tests_tables/AddMultiValuedIndex", MULTI_VALUED),
              Map.entry("tests_tables/ChangeIndexFromPlainCastToArrayCast", MULTI_VALUED),
              Map.entry("tests_tables/CreateTableWithMultiValuedIndexCharType", MULTI_VALUED),
              Map.entry("tests_mysql80/MysqlViewUsingWindowFuncOnlyOver", WINDOW),
              Map.entry("tests_mysql80/MysqlViewUsingWindowFuncPartitionBy", WINDOW),
              Map.entry(
                  "tests_mysql80/UUIDToBin",
                  REJECTS + "UUID_TO_BIN() is MySQL's and cannot be a DEFAULT"),
              Map.entry(
                  "tests_constraints/ColumnCheck",
                  REJECTS + "a column's CHECK before its COMMENT is MySQL's order"),
              Map.entry(
                  "tests_generated/ChangeGenerateColumnSubstringFunction", GENERATED_NOT_NULL),
              Map.entry("tests_generated/ChangeGenerateColumnSubstrFunction", GENERATED_NOT_NULL),
              Map.entry(
                  "tests_generated/CreateTableGeneratedAlwaysAsAbbreviation80", GENERATED_NOT_NULL),
              Map.entry(
                  "tests_generated/CreateTableGeneratedAlwaysAsAbbreviationChangeExpr80",
                  GENERATED_NOT_NULL),
              Map.entry("tests_generated/ChangeGenerateColumnAddNotNull", GENERATED_NOT_NULL),
              Map.entry(
                  "tests_generated/ChangeGenerateColumnExpressionComplexity", GENERATED_NOT_NULL),
              Map.entry(
                  "tests_tables/UseStatement",
                  "the DDL switches to database test_db (USE test_db), not the fresh database"
                      + " the round trip loads it into")));

  private static final Map<String, String> OUTCOMES = new TreeMap<>();

  @TestFactory
  Stream<DynamicTest> everySupportedCaseRoundTrips() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (SqldefCases.SqldefCase sqldefCase : SqldefCases.all()) {
      String name = sqldefCase.name();
      JsonNode c = sqldefCase.spec();
      String other = otherServer(c);
      if (other != null) {
        OUTCOMES.put(name, "not for MariaDB: " + other);
        continue;
      }
      tests.add(DynamicTest.dynamicTest(name, () -> replay(name, c)));
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(299);
    return tests.stream();
  }

  @AfterAll
  static void report() {
    assertThat(OUTCOMES.keySet()).as("every exclusion names a case").containsAll(EXCLUDED.keySet());
    long passed = OUTCOMES.values().stream().filter(v -> v.equals("passed")).count();
    long other = OUTCOMES.values().stream().filter(v -> v.startsWith("not for MariaDB")).count();
    org.slf4j.LoggerFactory.getLogger(SqldefRoundTripIT.class)
        .info(
            "sqldef round trip: {} cases, {} passed, {} for another server, {} excluded",
            OUTCOMES.size(),
            passed,
            other,
            OUTCOMES.size() - passed - other);
  }

  /** The server a case is written for when it is not MariaDB, or null. */
  static String otherServer(JsonNode c) {
    String flavor = c.path("flavor").asText("");
    if (flavor.equals("tidb") || c.path("offline").asBoolean(false)) {
      return "TiDB syntax";
    }
    if (c.has("error")) {
      return "expects sqldef to refuse the pair";
    }
    return null;
  }

  private static void replay(String name, JsonNode c) throws Exception {
    String reason = EXCLUDED.get(name);
    Throwable failure = null;
    try {
      roundTrip(c);
    } catch (Throwable t) {
      failure = t;
    }
    if (reason == null) {
      if (failure != null) {
        OUTCOMES.put(name, "FAILED");
        throw new AssertionError(name + ": " + failure.getMessage(), failure);
      }
      OUTCOMES.put(name, "passed");
    } else {
      OUTCOMES.put(name, "excluded: " + reason);
      if (failure == null) {
        fail(name + " is excluded (" + reason + ") but now round-trips: remove the exclusion");
      }
      if (reason.startsWith(REJECTS) && !(failure instanceof LoadRejected)) {
        throw new AssertionError(
            name + " is excluded because the server rejects its DDL, but it failed later", failure);
      }
    }
  }

  private static void roundTrip(JsonNode c) throws Exception {
    try (RoundTrip trip = RoundTrip.create("sqldef")) {
      // Some cases qualify names with the database sqldef tests in; the fresh databases differ.
      try {
        trip.load(
            c.path("current").asText("").replaceAll("`?mysqldef_test`?\\.", ""),
            c.path("desired").asText("").replaceAll("`?mysqldef_test`?\\.", ""));
      } catch (java.sql.SQLException e) {
        throw new LoadRejected(e);
      }
      SchemaDiff diff = trip.diff();
      String script = diff.migrationSql();
      trip.applyScript(script);
      SchemaDiff after = trip.diff();
      assertThat(after.isEmpty())
          .as("after the migration:%n%s%nscript:%n%s", after.unifiedDiff(), script)
          .isTrue();
    }
  }

  /** The server refused the case's own DDL: no migration ran. */
  private static final class LoadRejected extends Exception {
    private static final long serialVersionUID = 1L;

    LoadRejected(java.sql.SQLException cause) {
      super("the server rejects the case's DDL: " + cause.getMessage(), cause);
    }
  }
}
