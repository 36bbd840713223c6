package dev.opskit.schemadiff;

import static dev.opskit.schemadiff.SchemaComparatorIT.execute;
import static dev.opskit.schemadiff.SchemaComparatorIT.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.schemadiff.compare.Aspect;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import dev.opskit.testing.db.MySql;
import dev.opskit.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Live reads report what the model has no place for, as the server keeps it (issue 14, part 2):
 * {@code information_schema} shows none of these attributes, so they come from each table's {@code
 * SHOW CREATE TABLE}, which is also checked against the {@code information_schema} read. Runs on
 * MariaDB 10.11, MySQL 8.0 and 9.7; what each server keeps was found on them (MyISAM stores an
 * index block size in bytes, at least 1024; MySQL's InnoDB drops an index's KEY_BLOCK_SIZE; MariaDB
 * has no COLUMN_FORMAT or STORAGE).
 */
class UnmodeledAttributesIT {

  private static final String TABLES =
      "CREATE TABLE my (a int, KEY k (a) KEY_BLOCK_SIZE=8) ENGINE=MyISAM;"
          + "CREATE TABLE inno (a int, KEY k (a) KEY_BLOCK_SIZE=8) ENGINE=InnoDB;"
          + "CREATE TABLE keyed (a int) PARTITION BY KEY ALGORITHM=1 (a) PARTITIONS 2;"
          + "CREATE TABLE ranged (a int) PARTITION BY RANGE (a) (PARTITION p0 VALUES LESS THAN"
          + " (10) MAX_ROWS=100 MIN_ROWS=2, PARTITION p1 VALUES LESS THAN MAXVALUE);";

  private static final String MYSQL_COLUMNS =
      "CREATE TABLE cols (a int COLUMN_FORMAT FIXED, b int STORAGE DISK, c int STORAGE MEMORY,"
          + " d int COLUMN_FORMAT DEFAULT)";

  private static List<String> expected() {
    List<String> out = new ArrayList<>();
    if (ServerUnderTest.isMySql()) {
      out.add("table `cols` column `a`: COLUMN_FORMAT FIXED");
      out.add("table `cols` column `b`: STORAGE DISK");
      out.add("table `cols` column `c`: STORAGE MEMORY");
    } else {
      out.add("table `inno` index `k`: KEY_BLOCK_SIZE 8");
    }
    out.add("table `keyed`: PARTITION BY KEY ALGORITHM 1");
    out.add("table `my` index `k`: KEY_BLOCK_SIZE 1024");
    out.add("table `ranged` partition `p0`: MAX_ROWS 100");
    out.add("table `ranged` partition `p0`: MIN_ROWS 2");
    return out;
  }

  private static void create(TestDatabase db) throws SQLException {
    execute(db, TABLES.split(";"));
    if (ServerUnderTest.isMySql()) {
      execute(db, MYSQL_COLUMNS);
    }
  }

  @Test
  void aLiveReadReportsWhatTheServerKeepsAndTheDumpOfItReportsTheSame(@MySql TestDatabase db)
      throws Exception {
    create(db);

    SchemaDiff diff =
        SchemaComparator.create().compare(source(db), SchemaSource.ddl(showCreateTables(db)));

    assertThat(diff.isEmpty()).as(diff.unifiedDiff()).isTrue();
    assertThat(diff.from().unmodeled())
        .extracting(UnmodeledAttribute::describe)
        .containsExactlyInAnyOrderElementsOf(expected());
    assertThat(diff.to().unmodeled()).isEqualTo(diff.from().unmodeled());
  }

  @Test
  void twoLiveSchemasThatDifferOnlyThereAreNotEqual(@MySql TestDatabase a, @MySql TestDatabase b)
      throws Exception {
    execute(a, "CREATE TABLE keyed (a int) PARTITION BY KEY ALGORITHM=1 (a) PARTITIONS 2");
    execute(b, "CREATE TABLE keyed (a int) PARTITION BY KEY (a) PARTITIONS 2");

    SchemaDiff diff = SchemaComparator.create().compare(source(a), source(b));

    assertThat(diff.isEmpty()).isFalse();
    assertThat(diff.changes().get(0).differences())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.aspect()).isEqualTo(Aspect.UNMODELED);
              assertThat(d.describe()).isEqualTo("unmodeled PARTITION BY KEY ALGORITHM removed: 1");
            });
    assertThat(diff.migration(MigrationOptions.builder().build()).byHand())
        .containsExactly("table `keyed`: unmodeled PARTITION BY KEY ALGORITHM removed: 1");
    assertThatThrownBy(
            () -> SchemaComparator.builder().strict().build().compare(source(a), source(b)))
        .isInstanceOfSatisfying(
            UnmodeledSchemaException.class,
            e -> assertThat(e.fromName()).isEqualTo(source(a).name()));
  }

  private static String showCreateTables(TestDatabase db) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SHOW TABLES")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String name : names) {
        try (ResultSet rs = s.executeQuery("SHOW CREATE TABLE `" + name + "`")) {
          rs.next();
          out.append(rs.getString(2)).append(";\n");
        }
      }
    }
    return out.toString();
  }
}
