package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A RANGE-partitioned table rotated on the real server: the oldest partition goes, new ones arrive.
 * {@code migrationSql()} plans it without a strategy; applied with unsafe statements allowed, the
 * table equals the target and keeps the rows of the surviving partitions.
 */
class PartitionRotationIT {
  private static final String HEAD =
      "CREATE TABLE events (id int NOT NULL, day date NOT NULL, PRIMARY KEY (id, day))"
          + " PARTITION BY RANGE (TO_DAYS(day)) (";
  private static final String JAN = "PARTITION p202601 VALUES LESS THAN (TO_DAYS('2026-02-01'))";
  private static final String FEB = "PARTITION p202602 VALUES LESS THAN (TO_DAYS('2026-03-01'))";
  private static final String MAR = "PARTITION p202603 VALUES LESS THAN (TO_DAYS('2026-04-01'))";
  private static final String APR = "PARTITION p202604 VALUES LESS THAN (TO_DAYS('2026-05-01'))";
  private static final String MAY = "PARTITION p202605 VALUES LESS THAN (TO_DAYS('2026-06-01'))";
  private static final String MAX = "PARTITION pmax VALUES LESS THAN MAXVALUE";

  @ParameterizedTest(name = "with a MAXVALUE partition: {0}")
  @ValueSource(booleans = {false, true})
  void dropsTheOldestPartitionAddsTheNewOnesAndKeepsTheOtherRows(boolean maxValue)
      throws Exception {
    String tail = maxValue ? ", " + MAX + ");" : ");";
    String from = HEAD + String.join(", ", JAN, FEB, MAR) + tail;
    String to = HEAD + String.join(", ", FEB, MAR, APR, MAY) + tail;
    try (RoundTrip trip = RoundTrip.create("rotation")) {
      trip.load(from, to);
      execute(
          trip,
          "INSERT INTO events VALUES (1, '2026-01-15'), (2, '2026-02-15'), (3, '2026-03-15')"
              + (maxValue ? ", (4, '2026-07-04')" : ""));
      SchemaDiff diff = trip.diff();
      String script = diff.migrationSql();

      SchemaDiff left =
          diff.migration(MigrationOptions.builder().allowUnsafe(true).build())
              .applyTo(trip.fromDb.dataSource());

      assertThat(script)
          .contains("-- UNSAFE: drops partitions [p202601] and every row in them")
          .contains("PartitionStrategy.KEEP_ROWS");
      assertThat(left.isEmpty()).as("%s%nleft:%n%s", script, left.unifiedDiff()).isTrue();
      assertThat(trip.diff().isEmpty()).isTrue();
      assertThat(rows(trip)).containsExactlyElementsOf(maxValue ? List.of(2, 3, 4) : List.of(2, 3));
    }
  }

  private static void execute(RoundTrip trip, String sql) throws Exception {
    try (Connection c = trip.fromDb.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<Integer> rows(RoundTrip trip) throws Exception {
    List<Integer> ids = new ArrayList<>();
    try (Connection c = trip.fromDb.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM events ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }
}
