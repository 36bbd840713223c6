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
 * Round trip for every sqldef MySQL case on the server under test: {@code current} and {@code
 * desired} are loaded into two fresh databases, the migration script is applied to the first, and
 * the two must then compare equal.
 *
 * <p>TiDB cases and the one case where sqldef expects an error are left out. Every other case runs
 * on every server, MariaDB- and MySQL-flavored ones alike. The cases a server cannot round-trip are
 * listed per server in {@link SqldefExpectations}, with the stage and the server error code they
 * fail with; the list is checked both ways: a listed case must fail exactly so, an unlisted case
 * must pass, so an entry that is no longer needed fails the build.
 */
class SqldefRoundTripIT {

  private static final Map<String, String> OUTCOMES = new TreeMap<>();
  private static Map<String, SqldefExpectations.ExpectedFailure> expected = Map.of();

  @TestFactory
  Stream<DynamicTest> everySupportedCaseRoundTrips() throws IOException {
    expected = SqldefExpectations.forServer(ServerUnderTest.flavor());
    List<DynamicTest> tests = new ArrayList<>();
    for (SqldefCases.SqldefCase sqldefCase : SqldefCases.all()) {
      String name = sqldefCase.name();
      JsonNode c = sqldefCase.spec();
      String other = otherServer(c);
      if (other != null) {
        OUTCOMES.put(name, "not run: " + other);
        continue;
      }
      tests.add(DynamicTest.dynamicTest(name, () -> replay(name, c)));
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(299);
    return tests.stream();
  }

  @AfterAll
  static void report() {
    assertThat(OUTCOMES.keySet())
        .as("every expected failure names a case")
        .containsAll(expected.keySet());
    long passed = OUTCOMES.values().stream().filter(v -> v.equals("passed")).count();
    long notRun = OUTCOMES.values().stream().filter(v -> v.startsWith("not run")).count();
    long failedAsExpected =
        OUTCOMES.values().stream().filter(v -> v.startsWith("failed as expected")).count();
    org.slf4j.LoggerFactory.getLogger(SqldefRoundTripIT.class)
        .info(
            "sqldef round trip on {}: {} cases, {} passed, {} failed as expected, {} not run, {}"
                + " failed",
            ServerUnderTest.version(),
            OUTCOMES.size(),
            passed,
            failedAsExpected,
            notRun,
            OUTCOMES.size() - passed - notRun - failedAsExpected);
  }

  /** The reason a case is not run on any server, or null. */
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
    SqldefExpectations.ExpectedFailure expectation = expected.get(name);
    Throwable failure = null;
    try {
      roundTrip(c);
    } catch (Throwable t) {
      failure = t;
    }
    if (expectation == null) {
      if (failure != null) {
        OUTCOMES.put(name, "FAILED");
        throw new AssertionError(name + ": " + describe(failure), failure);
      }
      OUTCOMES.put(name, "passed");
      return;
    }
    OUTCOMES.put(name, "FAILED");
    if (failure == null) {
      fail(
          name
              + " is listed to fail on "
              + ServerUnderTest.version()
              + " ("
              + expectation
              + ") but now round-trips: remove it from SqldefExpectations");
    }
    if (!(failure instanceof ServerRejected rejected)
        || rejected.stage() != expectation.stage()
        || rejected.errorCode() != expectation.errorCode()) {
      throw new AssertionError(
          name + " is listed to fail with " + expectation + " but " + describe(failure), failure);
    }
    OUTCOMES.put(name, "failed as expected: " + expectation.reason());
  }

  private static String describe(Throwable failure) {
    return failure instanceof ServerRejected r
        ? "the server rejected it at stage "
            + r.stage()
            + " with error "
            + r.errorCode()
            + ": "
            + r.getMessage()
        : failure.getMessage();
  }

  private static void roundTrip(JsonNode c) throws Exception {
    try (RoundTrip trip = RoundTrip.create("sqldef")) {
      // Some cases qualify names with the database sqldef tests in; the fresh databases differ.
      try {
        trip.load(
            c.path("current").asText("").replaceAll("`?mysqldef_test`?\\.", ""),
            c.path("desired").asText("").replaceAll("`?mysqldef_test`?\\.", ""));
      } catch (java.sql.SQLException e) {
        throw new ServerRejected(SqldefExpectations.Stage.LOAD, e);
      }
      SchemaDiff diff = trip.diff();
      String script = diff.migrationSql();
      try {
        trip.applyScript(script);
      } catch (java.sql.SQLException e) {
        throw new ServerRejected(SqldefExpectations.Stage.MIGRATE, e);
      }
      SchemaDiff after = trip.diff();
      assertThat(after.isEmpty())
          .as("after the migration:%n%s%nscript:%n%s", after.unifiedDiff(), script)
          .isTrue();
    }
  }

  /** The server refused a statement: the case's own DDL, or one of the planned migration. */
  private static final class ServerRejected extends Exception {
    private static final long serialVersionUID = 1L;
    private final SqldefExpectations.Stage stage;
    private final int errorCode;

    ServerRejected(SqldefExpectations.Stage stage, java.sql.SQLException cause) {
      super(cause.getMessage(), cause);
      this.stage = stage;
      this.errorCode = cause.getErrorCode();
    }

    SqldefExpectations.Stage stage() {
      return stage;
    }

    int errorCode() {
      return errorCode;
    }
  }
}
