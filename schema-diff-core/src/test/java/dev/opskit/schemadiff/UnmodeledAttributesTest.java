package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.schemadiff.compare.Aspect;
import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.schemadiff.compare.Difference;
import dev.opskit.schemadiff.internal.source.DdlParser;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the model has no place for never compares equal in silence (issue 14, part 2): each
 * attribute the parser reads and cannot keep is compared as text, reported as an {@link
 * Aspect#UNMODELED} difference, listed by the migration as work by hand, and refused in strict
 * mode.
 */
class UnmodeledAttributesTest {
  private static final SchemaComparator MYSQL =
      SchemaComparator.builder().flavor(Flavor.MYSQL_8_0).build();

  private static SchemaDiff diff(String from, String to) {
    return MYSQL.compare(SchemaSource.ddl(from), SchemaSource.ddl(to));
  }

  static Stream<Arguments> attributes() {
    return Stream.of(
        Arguments.of(
            "index KEY_BLOCK_SIZE",
            "CREATE TABLE t (a int, KEY k (a) KEY_BLOCK_SIZE=8) ENGINE=MyISAM;",
            "CREATE TABLE t (a int, KEY k (a) KEY_BLOCK_SIZE=4) ENGINE=MyISAM;",
            "index `k` KEY_BLOCK_SIZE",
            "8",
            "4"),
        Arguments.of(
            "column COLUMN_FORMAT",
            "CREATE TABLE t (a int COLUMN_FORMAT FIXED);",
            "CREATE TABLE t (a int);",
            "column `a` COLUMN_FORMAT",
            "FIXED",
            null),
        Arguments.of(
            "column STORAGE",
            "CREATE TABLE t (a int);",
            "CREATE TABLE t (a int STORAGE DISK);",
            "column `a` STORAGE",
            null,
            "DISK"),
        Arguments.of(
            "column ENGINE_ATTRIBUTE",
            "CREATE TABLE t (a int ENGINE_ATTRIBUTE='{\"x\": 1}');",
            "CREATE TABLE t (a int ENGINE_ATTRIBUTE='{\"x\": 2}');",
            "column `a` ENGINE_ATTRIBUTE",
            "{\"x\": 1}",
            "{\"x\": 2}"),
        Arguments.of(
            "index SECONDARY_ENGINE_ATTRIBUTE",
            "CREATE TABLE t (a int, KEY k (a) SECONDARY_ENGINE_ATTRIBUTE='{}');",
            "CREATE TABLE t (a int, KEY k (a));",
            "index `k` SECONDARY_ENGINE_ATTRIBUTE",
            "{}",
            null),
        Arguments.of(
            "partition DATA DIRECTORY",
            "CREATE TABLE t (a int) PARTITION BY HASH (a)"
                + " (PARTITION p0 DATA DIRECTORY='/d1', PARTITION p1);",
            "CREATE TABLE t (a int) PARTITION BY HASH (a)"
                + " (PARTITION p0 DATA DIRECTORY='/d2', PARTITION p1);",
            "partition `p0` DATA DIRECTORY",
            "/d1",
            "/d2"),
        Arguments.of(
            "partition MAX_ROWS",
            "CREATE TABLE t (a int) PARTITION BY RANGE (a)"
                + " (PARTITION p0 VALUES LESS THAN (10) MAX_ROWS=100,"
                + " PARTITION p1 VALUES LESS THAN MAXVALUE);",
            "CREATE TABLE t (a int) PARTITION BY RANGE (a)"
                + " (PARTITION p0 VALUES LESS THAN (10),"
                + " PARTITION p1 VALUES LESS THAN MAXVALUE);",
            "partition `p0` MAX_ROWS",
            "100",
            null),
        Arguments.of(
            "subpartition TABLESPACE",
            "CREATE TABLE t (a int, b int) PARTITION BY RANGE (a) SUBPARTITION BY HASH (b)"
                + " (PARTITION p0 VALUES LESS THAN MAXVALUE"
                + " (SUBPARTITION s0 TABLESPACE=ts1, SUBPARTITION s1));",
            "CREATE TABLE t (a int, b int) PARTITION BY RANGE (a) SUBPARTITION BY HASH (b)"
                + " (PARTITION p0 VALUES LESS THAN MAXVALUE"
                + " (SUBPARTITION s0, SUBPARTITION s1));",
            "partition `s0` TABLESPACE",
            "ts1",
            null),
        Arguments.of(
            "partition ENGINE other than the table's",
            "CREATE TABLE t (a int) ENGINE=InnoDB PARTITION BY HASH (a)"
                + " (PARTITION p0 ENGINE=MyISAM, PARTITION p1 ENGINE=InnoDB);",
            "CREATE TABLE t (a int) ENGINE=InnoDB PARTITION BY HASH (a)"
                + " (PARTITION p0 ENGINE=InnoDB, PARTITION p1 ENGINE=InnoDB);",
            "partition `p0` ENGINE",
            "MyISAM",
            null),
        Arguments.of(
            "PARTITION BY KEY ALGORITHM",
            "CREATE TABLE t (a int) PARTITION BY KEY ALGORITHM=1 (a) PARTITIONS 4;",
            "CREATE TABLE t (a int) PARTITION BY KEY (a) PARTITIONS 4;",
            "PARTITION BY KEY ALGORITHM",
            "1",
            null),
        Arguments.of(
            "view column list",
            "CREATE TABLE t (a int, b int); CREATE VIEW v (x, y) AS SELECT a, b FROM t;",
            "CREATE TABLE t (a int, b int); CREATE VIEW v (y, x) AS SELECT a, b FROM t;",
            "COLUMN LIST",
            "(`x`, `y`)",
            "(`y`, `x`)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attributes")
  void aDifferenceOnlyThereIsReportedAndLeftToDoByHand(
      String what, String from, String to, String label, String fromValue, String toValue) {
    SchemaDiff diff = diff(from, to);

    assertThat(diff.isEmpty()).as("two schemas differing in %s compare equal", what).isFalse();
    List<Difference> unmodeled =
        diff.changes().stream()
            .flatMap(c -> c.differences().stream())
            .filter(d -> d.aspect() == Aspect.UNMODELED)
            .toList();
    ChangeType expected =
        fromValue == null
            ? ChangeType.ADDED
            : toValue == null ? ChangeType.REMOVED : ChangeType.CHANGED;
    assertThat(unmodeled)
        .singleElement()
        .isInstanceOf(Difference.OfUnmodeled.class)
        .extracting(
            Difference::aspect,
            Difference::name,
            Difference::changeType,
            Difference::fromText,
            Difference::toText)
        .containsExactly(Aspect.UNMODELED, label, expected, fromValue, toValue);
    assertThat(diff.unifiedDiff()).contains("Outside opskit's model").contains(label);

    MigrationPlan plan = diff.migration(MigrationOptions.builder().allowUnsafe(true).build());
    assertThat(plan.byHand()).hasSize(1).allMatch(line -> line.contains(label));
    assertThat(plan.sql())
        .contains("1 difference is outside opskit's model and not migrated; make them by hand:")
        .doesNotContain("nothing to do");

    assertThatThrownBy(
            () ->
                MYSQL.toBuilder()
                    .strict()
                    .build()
                    .compare(SchemaSource.ddl(from), SchemaSource.ddl(to)))
        .isInstanceOfSatisfying(
            UnmodeledSchemaException.class,
            e -> {
              assertThat(e.attributes()).isNotEmpty();
              assertThat(e.getMessage()).contains("strict()");
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attributes")
  void theSameAttributeOnBothSidesComparesEqualAndIsListed(
      String what, String from, String to, String label, String fromValue, String toValue) {
    String ddl = fromValue != null ? from : to;

    SchemaDiff diff =
        MYSQL.toBuilder().strict().build().compare(SchemaSource.ddl(ddl), SchemaSource.ddl(ddl));

    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff.unmodeled()).hasSize(2); // one on each side
  }

  @Test
  void triggerOrderIsComparedWhereverItComesFrom() {
    String created =
        "CREATE TABLE t (a int);"
            + " CREATE TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;"
            + " CREATE TRIGGER t3 AFTER INSERT ON t FOR EACH ROW SET @x = 1;"
            + " CREATE TRIGGER t2 BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 2;";
    String placed =
        "CREATE TABLE t (a int);"
            + " CREATE TRIGGER t2 BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 2;"
            + " CREATE TRIGGER t3 AFTER INSERT ON t FOR EACH ROW SET @x = 1;"
            + " CREATE TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW PRECEDES t2 SET NEW.a = 1;";
    String swapped =
        "CREATE TABLE t (a int);"
            + " CREATE TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;"
            + " CREATE TRIGGER t2 BEFORE INSERT ON t FOR EACH ROW FOLLOWS t1 SET NEW.a = 2;"
            + " CREATE TRIGGER t3 AFTER INSERT ON t FOR EACH ROW SET @x = 1;"
            + " DROP TRIGGER t1;"
            + " CREATE TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;";

    assertThat(diff(created, placed).isEmpty()).isTrue();
    SchemaDiff diff = diff(created, swapped);

    assertThat(diff.changes())
        .extracting(c -> c.objectName() + ": " + c.differences().get(0).describe())
        .containsExactly(
            "t1: unmodeled ACTION_ORDER changed: 1 -> 2",
            "t2: unmodeled ACTION_ORDER changed: 2 -> 1");
    assertThat(diff.migration(MigrationOptions.builder().build()).byHand()).hasSize(2);
    assertThat(diff.unmodeled())
        .extracting(UnmodeledAttribute::describe)
        .doesNotContain("trigger `t3`: ACTION_ORDER 1"); // alone in its event: no order
  }

  @Test
  void defaultsAreNoAttributes() {
    String ddl =
        "CREATE TABLE t (a int COLUMN_FORMAT DEFAULT STORAGE DEFAULT ENGINE_ATTRIBUTE='',"
            + " KEY k (a) KEY_BLOCK_SIZE=0) ENGINE=InnoDB"
            + " PARTITION BY KEY ALGORITHM=2 (a)"
            + " (PARTITION p0 ENGINE=InnoDB, PARTITION p1 STORAGE ENGINE=innodb);"
            + "CREATE TABLE u (a int) PARTITION BY HASH (a) (PARTITION p0 ENGINE=InnoDB);";

    SchemaDiff diff =
        MYSQL.toBuilder().strict().build().compare(SchemaSource.ddl(ddl), SchemaSource.ddl(ddl));

    assertThat(diff.unmodeled()).isEmpty();
  }

  @Test
  void aCreatedTableListsWhatItsCreateCannotWrite() {
    SchemaDiff diff = diff("", "CREATE TABLE t (a int, KEY k (a) KEY_BLOCK_SIZE=8) ENGINE=MyISAM;");

    MigrationPlan plan = diff.migration(MigrationOptions.builder().build());

    assertThat(plan.byHand())
        .containsExactly("table `t` index `k`: KEY_BLOCK_SIZE 8 (not written by CREATE)");
    assertThatThrownBy(
            () ->
                MYSQL.toBuilder()
                    .strict()
                    .build()
                    .compare(
                        SchemaSource.ddl(""),
                        SchemaSource.ddl(
                            "CREATE TABLE t (a int, KEY k (a) KEY_BLOCK_SIZE=8) ENGINE=MyISAM;")))
        .isInstanceOf(UnmodeledSchemaException.class)
        .hasMessageContaining("table `t` index `k`: KEY_BLOCK_SIZE 8");
  }

  @Test
  void ignoredObjectsTakeTheirAttributesAlong() {
    String from = "CREATE TABLE t (a int, KEY k (a) KEY_BLOCK_SIZE=8); CREATE TABLE u (a int);";
    String to = "CREATE TABLE t (a int, KEY k (a) KEY_BLOCK_SIZE=4); CREATE TABLE u (a int);";

    SchemaDiff diff =
        MYSQL.toBuilder()
            .ignoreTables("t")
            .strict()
            .build()
            .compare(SchemaSource.ddl(from), SchemaSource.ddl(to));

    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff.unmodeled()).isEmpty();
  }

  @Test
  void attributesFollowTheirPartsThroughLaterStatements() {
    String ddl =
        "CREATE TABLE t (a int, b int COLUMN_FORMAT FIXED, KEY k (a) KEY_BLOCK_SIZE=8);"
            + " CREATE TABLE c LIKE t;"
            + " DROP TABLE t;"
            + " CREATE VIEW v (x) AS SELECT a FROM c; CREATE OR REPLACE VIEW v AS SELECT a FROM c;";

    SchemaDiff diff = diff(ddl, ddl);

    assertThat(diff.unmodeled().stream().map(UnmodeledAttribute::describe).distinct())
        .containsExactly(
            "table `c` column `b`: COLUMN_FORMAT FIXED", "table `c` index `k`: KEY_BLOCK_SIZE 8");
  }

  @Test
  void aFailedSelfCheckIsAWarningNotADifferenceAndFailsStrictMode() {
    Schema read = DdlParser.parse("CREATE TABLE t (a int);", Flavor.MYSQL_8_0);
    UnmodeledAttribute doubt =
        UnmodeledAttribute.ofTable(
            "t",
            UnmodeledAttribute.PartKind.OBJECT,
            "",
            UnmodeledAttribute.READ_PROBLEM,
            "differs from information_schema in column `a`");
    Schema doubted =
        new Schema(
            read.name(),
            read.defaultCharset(),
            read.defaultCollation(),
            read.tables(),
            read.views(),
            read.triggers(),
            read.routines(),
            read.events(),
            List.of(doubt));

    SchemaDiff diff = MYSQL.compare(doubted, read);

    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff.unmodeled()).containsExactly(doubt);
    assertThatThrownBy(() -> MYSQL.toBuilder().strict().build().compare(doubted, read))
        .isInstanceOfSatisfying(
            UnmodeledSchemaException.class, e -> assertThat(e.attributes()).containsExactly(doubt));
  }

  @Test
  void aTableComparedUnderAnotherNameKeepsItsAttributes() {
    String from = "CREATE TABLE users (a int, KEY k (a) KEY_BLOCK_SIZE=8); CREATE TABLE x (a int);";
    String same = "CREATE TABLE users_v2 (a int, KEY k (a) KEY_BLOCK_SIZE=8);";
    String other = "CREATE TABLE users_v2 (a int, KEY k (a) KEY_BLOCK_SIZE=4);";

    SchemaDiff equal =
        MYSQL.compareTables(SchemaSource.ddl(from), "users", SchemaSource.ddl(same), "users_v2");
    SchemaDiff differs =
        MYSQL.compareTables(SchemaSource.ddl(from), "users", SchemaSource.ddl(other), "users_v2");

    assertThat(equal.isEmpty()).as(equal.unifiedDiff()).isTrue();
    assertThat(differs.changes())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.differences())
                    .singleElement()
                    .extracting(
                        Difference::aspect,
                        Difference::name,
                        Difference::changeType,
                        Difference::fromText,
                        Difference::toText)
                    .containsExactly(
                        Aspect.UNMODELED,
                        "index `k` KEY_BLOCK_SIZE",
                        ChangeType.CHANGED,
                        "8",
                        "4"));
  }

  @Test
  void describesWhereAnAttributeIs() {
    UnmodeledAttribute a =
        UnmodeledAttribute.ofTable(
            "t", UnmodeledAttribute.PartKind.INDEX, "k", "KEY_BLOCK_SIZE", "8");

    assertThat(a.describe()).isEqualTo("table `t` index `k`: KEY_BLOCK_SIZE 8");
    assertThat(a.key()).isEqualTo("table `t` index `k` KEY_BLOCK_SIZE");
  }
}
