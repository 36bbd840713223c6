package dev.opskit.schemadiff;

/**
 * Assertions for a project's own tests: fail, with the unified diff as the message, when two
 * schemas drift apart. Works with any test framework; failures are {@link AssertionError}s.
 *
 * <pre>{@code
 * @Test
 * void productionMatchesTheMigrations() {
 *   SchemaAssertions.assertNoDifferences(
 *       SchemaSource.dumpFile(Path.of("prod.sql")), SchemaSource.jdbc(dataSource, "app"));
 * }
 * }</pre>
 */
public final class SchemaAssertions {
  private SchemaAssertions() {}

  /**
   * Fails if a diff is not empty.
   *
   * @param diff the diff
   * @throws AssertionError with the summary and unified diff
   */
  public static void assertNoDifferences(SchemaDiff diff) {
    if (!diff.isEmpty()) {
      throw new AssertionError(
          "schemas differ: "
              + diff.fromName()
              + " -> "
              + diff.toName()
              + "\n"
              + diff.summary()
              + "\n\n"
              + diff.unifiedDiff());
    }
  }

  /**
   * Fails if any target of a fleet drifts from the reference or could not be read.
   *
   * @param fleet the fleet comparison
   * @throws AssertionError with the grouped report: counts, one line per drift group, each failure
   */
  public static void assertNoDrift(FleetDiff fleet) {
    if (!fleet.isEmpty()) {
      throw new AssertionError(
          "fleet drifts from " + fleet.referenceName() + ":\n" + fleet.summary());
    }
  }

  /**
   * Fails if two schemas differ under the default rules.
   *
   * @param expected the expected schema
   * @param actual the actual schema
   * @throws AssertionError with the summary and unified diff
   */
  public static void assertNoDifferences(SchemaSource expected, SchemaSource actual) {
    assertNoDifferences(SchemaComparator.create().compare(expected, actual));
  }

  /**
   * Fails if two schemas differ under a comparator's rules.
   *
   * @param comparator the comparator whose rules apply
   * @param expected the expected schema
   * @param actual the actual schema
   * @throws AssertionError with the summary and unified diff
   */
  public static void assertNoDifferences(
      SchemaComparator comparator, SchemaSource expected, SchemaSource actual) {
    assertNoDifferences(comparator.compare(expected, actual));
  }
}
