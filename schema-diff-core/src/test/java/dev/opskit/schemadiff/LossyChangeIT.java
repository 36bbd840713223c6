package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.LossyColumnTypes.ColumnType;
import dev.opskit.schemadiff.LossyColumnTypes.Family;
import dev.opskit.schemadiff.LossyColumnTypes.Pair;
import dev.opskit.schemadiff.migrate.MigrationStatement;
import dev.opskit.schemadiff.migrate.Safety;
import dev.opskit.testing.db.DatabaseEngine;
import dev.opskit.testing.db.DatabaseServers;
import dev.opskit.testing.db.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * The planner calls a change SAFE exactly when the server keeps every value: for random pairs of
 * column types of one family, the column is filled with the boundary values of the source type, the
 * planner's ALTER runs in a non-strict session (where the server truncates and clips instead of
 * failing), and the values read back after a copy of the table decide. ENGINE changes are checked
 * on every pair of the engines the server has, by reading the rows back; MEMORY and CSV keep them
 * here and are UNSAFE by rule, which is asserted on its own.
 *
 * <p>Pairs across families (an INT to a VARCHAR) are left out: the planner calls them all UNSAFE,
 * lossless or not. Every counted try runs an ALTER and asserts; the statistics (SAFE/UNSAFE, and
 * the families) are in the jqwik report.
 */
class LossyChangeIT {
  /** Engines whose rows survive the ALTER but which are UNSAFE by rule, and the rule's words. */
  private static final Map<String, String> UNSAFE_BY_RULE =
      Map.of("MEMORY", "lost when the server restarts", "CSV", "not proven to keep every value");

  private static final Set<String> ENGINES =
      Set.of("InnoDB", "MyISAM", "Aria", "ARCHIVE", "MEMORY", "BLACKHOLE", "CSV", "MRG_MyISAM");

  private TestDatabase db;
  private int checked;

  @BeforeProperty
  void createDatabase() {
    db = TestDatabase.create(DatabaseEngine.MYSQL, "lossy");
    checked = 0;
  }

  @AfterProperty
  void dropDatabase() {
    db.close();
    assertThat(checked).as("tries that ran an ALTER and compared the values").isPositive();
  }

  @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
  void columnChangeIsSafeExactlyWhenNoValueChanges(@ForAll("columnPairs") Pair pair)
      throws SQLException {
    String fromDdl = table("c " + pair.from().definition(), "InnoDB");
    String toDdl = table("c " + pair.to().definition(), "InnoDB");
    MigrationStatement alter = onlyStatement(fromDdl, toDdl);

    try (Connection c = nonStrict()) {
      execute(c, "DROP TABLE IF EXISTS t");
      execute(c, fromDdl);
      insert(c, pair.from());
      List<String> before = read(c, pair.from());
      execute(c, alter.sql());
      // MySQL 8.0 and 9.7 leave values longer than the type when a charset change shortens a
      // VARCHAR (utf8mb3 VARCHAR(23) to utf8mb4 VARCHAR(22)); the table's next copy cuts them.
      // Reading after a copy reads what the new type keeps.
      execute(c, "ALTER TABLE t FORCE, ALGORITHM=COPY");
      List<String> after = read(c, pair.from());

      Statistics.label("safety").collect(alter.safety());
      Statistics.label("family").collect(pair.from().family());
      checked++;
      assertThat(alter.safety() == Safety.SAFE)
          .as(
              "%s: planner says %s (%s), values %s%nbefore: %s%nafter:  %s",
              pair,
              alter.safety(),
              alter.reason(),
              before.equals(after) ? "unchanged" : "changed",
              abbreviate(before),
              abbreviate(after))
          .isEqualTo(before.equals(after));
    }
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void engineChangeIsSafeExactlyWhenEveryRowStays(@ForAll("enginePairs") List<String> engines)
      throws SQLException {
    // NOT NULL and no index: what CSV and ARCHIVE take.
    String columns = "v varchar(20) NOT NULL, b varbinary(8) NOT NULL, d double NOT NULL";
    MigrationStatement alter =
        onlyStatement(table(columns, engines.get(0)), table(columns, engines.get(1)));

    try (Connection c = nonStrict()) {
      execute(c, "DROP TABLE IF EXISTS t");
      execute(c, table(columns, engines.get(0)));
      execute(
          c,
          "INSERT INTO t VALUES (1, 'a  ', X'0001', 0.1), (2, '😀€', X'', 1.7976931348623157e308),"
              + " (3, '', X'FF00', -2.2250738585072014e-308)");
      String read = "SELECT id, v, HEX(b), d + 0e0 FROM t ORDER BY id";
      List<String> before = rows(c, read);
      execute(c, alter.sql());
      List<String> after = rows(c, read);

      Statistics.label("safety").collect(alter.safety());
      checked++;
      // A BLACKHOLE table has no rows to lose; into any other engine the rule decides.
      String rule = engines.get(0).equals("BLACKHOLE") ? null : UNSAFE_BY_RULE.get(engines.get(1));
      if (rule != null) {
        assertThat(alter.safety()).isEqualTo(Safety.UNSAFE);
        assertThat(alter.reason()).contains(engines.get(1)).contains(rule);
        assertThat(after).as("rows kept by %s", engines).isEqualTo(before);
      } else {
        assertThat(alter.safety() == Safety.SAFE)
            .as(
                "%s: planner says %s (%s), rows %s -> %s",
                engines, alter.safety(), alter.reason(), before, after)
            .isEqualTo(before.equals(after));
      }
    }
  }

  @Provide
  Arbitrary<Pair> columnPairs() {
    return LossyColumnTypes.pairs();
  }

  @Provide
  Arbitrary<List<String>> enginePairs() throws SQLException {
    // Only the engines this server has: an engine it lacks would be replaced by its default.
    List<String> available = new ArrayList<>();
    try (Connection c = DatabaseServers.get(DatabaseEngine.MYSQL).connect("")) {
      for (String row :
          rows(
              c,
              "SELECT engine FROM information_schema.engines WHERE support IN ('YES', 'DEFAULT')")) {
        ENGINES.stream().filter(e -> e.equalsIgnoreCase(row)).forEach(available::add);
      }
    }
    // A MERGE table without UNION holds nothing to start from; it is only a target.
    List<String> sources = available.stream().filter(e -> !e.equals("MRG_MyISAM")).toList();
    return Combinators.combine(Arbitraries.of(sources), Arbitraries.of(available))
        .as(List::of)
        .filter(p -> !p.get(0).equals(p.get(1)));
  }

  private static String table(String columns, String engine) {
    return "CREATE TABLE t (id int NOT NULL, "
        + columns
        + ") ENGINE="
        + engine
        + " DEFAULT CHARSET=utf8mb4";
  }

  /** The planner's one statement, through the public API, with unsafe statements included. */
  private static MigrationStatement onlyStatement(String fromDdl, String toDdl) {
    SchemaDiff diff =
        SchemaComparator.builder()
            .flavor(ServerUnderTest.flavor())
            .build()
            .compare(SchemaSource.ddl(fromDdl), SchemaSource.ddl(toDdl));
    List<MigrationStatement> statements =
        diff.migration(MigrationOptions.builder().allowUnsafe(true).build()).statements();
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).sql()).startsWith("ALTER TABLE `t`");
    return statements.get(0);
  }

  private Connection nonStrict() throws SQLException {
    Connection c = db.connect();
    execute(c, "SET SESSION sql_mode = ''");
    execute(c, "SET SESSION time_zone = '+00:00'");
    return c;
  }

  private static void insert(Connection c, ColumnType type) throws SQLException {
    String sql = "INSERT INTO t (id, c) VALUES (?, " + type.parameter() + ")";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int id = 0;
      for (Object value : type.values()) {
        s.setInt(1, ++id);
        s.setObject(2, value);
        s.executeUpdate();
      }
    }
  }

  /** The column's values in row order, each as text that differs exactly when the value does. */
  private static List<String> read(Connection c, ColumnType type) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + type.reader() + " FROM t ORDER BY id")) {
      while (rs.next()) {
        String value = rs.getString(1);
        if (value != null && type.family() == Family.EXACT) {
          value = new BigDecimal(value).stripTrailingZeros().toPlainString(); // 1.50 is 1.5
        } else if (value != null && type.family() == Family.TEMPORAL) {
          value = value.replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", ""); // :00.000
        }
        out.add(value);
      }
    }
    return out;
  }

  private static List<String> rows(Connection c, String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder(rs.getString(1));
        for (int i = 2; i <= columns; i++) {
          row.append('|').append(rs.getString(i));
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> abbreviate(List<String> values) {
    return values.stream()
        .map(v -> v == null || v.length() <= 40 ? v : v.substring(0, 20) + "…(" + v.length() + ")")
        .toList();
  }
}
