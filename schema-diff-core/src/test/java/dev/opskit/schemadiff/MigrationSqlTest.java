package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.schemadiff.compare.ObjectKind;
import dev.opskit.schemadiff.migrate.MigrationStatement;
import dev.opskit.schemadiff.migrate.PartitionStrategy;
import dev.opskit.schemadiff.migrate.Safety;
import dev.opskit.schemadiff.model.Flavor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements a migration plans, checked as text (the round trip ITs run them). */
class MigrationSqlTest {
  private static final SchemaComparator MARIADB =
      SchemaComparator.builder().flavor(Flavor.MARIADB_10_11).build();
  private static final SchemaComparator MYSQL =
      SchemaComparator.builder().flavor(Flavor.MYSQL_8_0).build();

  private static SchemaDiff diff(SchemaComparator comparator, String from, String to) {
    return comparator.compare(SchemaSource.ddl(from), SchemaSource.ddl(to));
  }

  private static List<String> sql(SchemaDiff diff) {
    return diff
        .migration(MigrationOptions.builder().allowUnsafe(true).build())
        .statements()
        .stream()
        .map(MigrationStatement::sql)
        .toList();
  }

  @Test
  void movesOnlyTheColumnsOutsideTheLongestKeptRun() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (a int, b int, c int, d int, e int);",
            "CREATE TABLE t (b int, c int, d int, a int, e int);");

    assertThat(sql(diff))
        .containsExactly("ALTER TABLE `t` MODIFY COLUMN `a` int NULL DEFAULT NULL AFTER `d`");
  }

  @Test
  void addsColumnsAtTheirPlace() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (a int, c int);",
            "CREATE TABLE t (x int, a int, b int, c int);");

    assertThat(sql(diff))
        .containsExactly(
            "ALTER TABLE `t` ADD COLUMN `x` int NULL DEFAULT NULL FIRST,\n"
                + "  ADD COLUMN `b` int NULL DEFAULT NULL AFTER `a`");
  }

  @Test
  void renamesAnIndexWhenOnlyItsNameDiffers() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (a int, KEY old_name (a));",
            "CREATE TABLE t (a int, KEY new_name (a));");

    assertThat(sql(diff)).containsExactly("ALTER TABLE `t` RENAME INDEX `old_name` TO `new_name`");
  }

  @Test
  void changesOnlyAnIndexVisibilityInTheDialectOfTheTargetServer() {
    String from = "CREATE TABLE t (a int, KEY k (a));";
    String to = "CREATE TABLE t (a int, KEY k (a) INVISIBLE);";

    assertThat(sql(diff(MARIADB, from, to)))
        .containsExactly("ALTER TABLE `t` ALTER INDEX `k` IGNORED");
    assertThat(sql(diff(MYSQL, from, to)))
        .containsExactly("ALTER TABLE `t` ALTER INDEX `k` INVISIBLE");
    assertThat(sql(diff(MARIADB, to, from)))
        .containsExactly("ALTER TABLE `t` ALTER INDEX `k` NOT IGNORED");
  }

  @Test
  void writesMySqlOnlyKeysAndNotNullGeneratedColumnsForMySql() {
    SchemaDiff diff =
        diff(
            MYSQL,
            "CREATE TABLE t (a int, j json);",
            "CREATE TABLE t (a int, j json, g int AS (a * 2) STORED NOT NULL, KEY f ((a + 1)),"
                + " KEY m ((cast(j->'$.x' as unsigned array))), KEY k (a) INVISIBLE,"
                + " FULLTEXT KEY ft (c) WITH PARSER ngram, c text);");

    // MySQL keeps NOT NULL on a generated column and sorts keys over expressions after the other
    // keys of their group; both servers accepted this statement and list the keys in this order.
    assertThat(sql(diff))
        .containsExactly(
            "ALTER TABLE `t` ADD COLUMN `g` int GENERATED ALWAYS AS (`a` * 2) STORED NOT NULL"
                + " AFTER `j`,\n"
                + "  ADD COLUMN `c` text CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NULL"
                + " DEFAULT NULL AFTER `g`,\n"
                + "  ADD KEY `k` (`a`) INVISIBLE,\n"
                + "  ADD KEY `f` ((`a` + 1)),\n"
                + "  ADD KEY `m` ((cast(json_extract(`j`,'$.x') as unsigned array))),\n"
                + "  ADD FULLTEXT KEY `ft` (`c`) WITH PARSER `ngram`");
  }

  @Test
  void addsAKeyBeforeAFunctionalKeyWithoutRebuildingItOnMySql() {
    // MySQL lists keys over expressions and virtual columns after the other keys of their group,
    // so a new plain key lands before them anyway.
    assertThat(
            sql(
                diff(
                    MYSQL,
                    "CREATE TABLE t (a int, b int, v int AS (a) VIRTUAL, KEY f ((a + 1)), KEY kv"
                        + " (v));",
                    "CREATE TABLE t (a int, b int, v int AS (a) VIRTUAL, KEY kb (b), KEY f ((a +"
                        + " 1)), KEY kv (v));")))
        .containsExactly("ALTER TABLE `t` ADD KEY `kb` (`b`)");
  }

  @Test
  void togglesVisibilityOfAFunctionalKeyOnMySql() {
    assertThat(
            sql(
                diff(
                    MYSQL,
                    "CREATE TABLE t (a int, KEY f ((a + 1)));",
                    "CREATE TABLE t (a int, KEY f ((a + 1)) INVISIBLE);")))
        .containsExactly("ALTER TABLE `t` ALTER INDEX `f` INVISIBLE");
  }

  @Test
  void addsEachFulltextIndexAfterTheFirstInItsOwnAlter() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (a text, b text);",
            "CREATE TABLE t (a text, b text, FULLTEXT KEY fa (a), FULLTEXT KEY fb (b));");

    assertThat(sql(diff))
        .containsExactly(
            "ALTER TABLE `t` ADD FULLTEXT KEY `fa` (`a`)",
            "ALTER TABLE `t` ADD FULLTEXT KEY `fb` (`b`)");
  }

  @Test
  void dropsChecksInTheDialectOfTheTargetServer() {
    String from = "CREATE TABLE t (a int, CONSTRAINT c1 CHECK (a > 0));";
    String to = "CREATE TABLE t (a int);";

    assertThat(sql(diff(MARIADB, from, to)))
        .containsExactly("ALTER TABLE `t` DROP CONSTRAINT `c1`");
    assertThat(sql(diff(MYSQL, from, to))).containsExactly("ALTER TABLE `t` DROP CHECK `c1`");
  }

  @Test
  void resetsRemovedTableOptionsToTheirDefaults() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (a int) COMMENT='x' ROW_FORMAT=COMPACT STATS_PERSISTENT=1;",
            "CREATE TABLE t (a int);");

    assertThat(sql(diff))
        .containsExactly(
            "ALTER TABLE `t` COMMENT=''," + "\n  ROW_FORMAT=DEFAULT,\n  STATS_PERSISTENT=DEFAULT");
  }

  @Test
  void convertsTextColumnsWhenTheTableCharsetChanges() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (id int, a varchar(10), b text) DEFAULT CHARSET=latin1;",
            "CREATE TABLE t (id int, a varchar(10), b text) DEFAULT CHARSET=utf8mb4;");

    assertThat(sql(diff))
        .containsExactly(
            "ALTER TABLE `t` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
            "ALTER TABLE `t` MODIFY COLUMN `b` text CHARACTER SET utf8mb4 COLLATE"
                + " utf8mb4_general_ci NULL DEFAULT NULL");
  }

  @Test
  void dropsAndAddsAColumnWhoseGenerationChanges() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (a int, g int AS (a * 2) VIRTUAL);",
            "CREATE TABLE t (a int, g int AS (a * 2) STORED);");

    assertThat(sql(diff))
        .containsExactly(
            "ALTER TABLE `t` DROP COLUMN `g`,\n"
                + "  ADD COLUMN `g` int GENERATED ALWAYS AS (`a` * 2) STORED AFTER `a`");
  }

  @Test
  void dropsForeignKeysBeforeTheColumnsTheyNeedAndAddsThemAfter() {
    String parent = "CREATE TABLE p (id int PRIMARY KEY);";
    SchemaDiff diff =
        diff(
            MARIADB,
            parent
                + "CREATE TABLE c (id int PRIMARY KEY, pid int, CONSTRAINT fk FOREIGN KEY (pid)"
                + " REFERENCES p (id));",
            parent + "CREATE TABLE c (id int PRIMARY KEY, pid bigint);");

    assertThat(sql(diff))
        .containsExactly(
            "ALTER TABLE `c` DROP FOREIGN KEY `fk`",
            "ALTER TABLE `c` DROP INDEX `fk`,\n  MODIFY COLUMN `pid` bigint NULL DEFAULT NULL");
  }

  @Test
  void createsTablesThatReferenceEachOtherThenAddsTheClosingForeignKey() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "",
            "CREATE TABLE a (id int PRIMARY KEY, bid int, CONSTRAINT fa FOREIGN KEY (bid) REFERENCES"
                + " b (id));"
                + "CREATE TABLE b (id int PRIMARY KEY, aid int, CONSTRAINT fb FOREIGN KEY (aid)"
                + " REFERENCES a (id));");

    List<String> sql = sql(diff);
    assertThat(sql).hasSize(3);
    assertThat(sql.get(0)).startsWith("CREATE TABLE `b`").doesNotContain("FOREIGN KEY");
    assertThat(sql.get(1)).startsWith("CREATE TABLE `a`").contains("CONSTRAINT `fa` FOREIGN KEY");
    assertThat(sql.get(2))
        .isEqualTo("ALTER TABLE `b` ADD CONSTRAINT `fb` FOREIGN KEY (`aid`) REFERENCES `a` (`id`)");
  }

  @Test
  void createsViewsAfterTheViewsTheyRead() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (id int);",
            "CREATE TABLE t (id int); CREATE VIEW a AS SELECT id FROM b; CREATE VIEW b AS SELECT id"
                + " FROM t;");

    List<String> sql = sql(diff);
    assertThat(sql).hasSize(2);
    assertThat(sql.get(0)).contains("VIEW `b`");
    assertThat(sql.get(1)).contains("VIEW `a`");
  }

  @Test
  void classifiesDropsAndNarrowingAsUnsafeAndWideningAsSafe() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (a int, b varchar(10), c enum('x','y'), d int, e int);"
                + "CREATE TABLE gone (id int);",
            "CREATE TABLE t (a bigint, b varchar(5), c enum('y','x'), d int);");

    List<MigrationStatement> statements =
        diff.migration(MigrationOptions.builder().allowUnsafe(true).build()).statements();
    assertThat(statements).extracting(MigrationStatement::safety).containsOnly(Safety.UNSAFE);
    assertThat(String.join("\n", statements.stream().map(MigrationStatement::reason).toList()))
        .contains("drops table gone")
        .contains("drops column e")
        .contains("varchar(10) to varchar(5)")
        .contains("enum('x','y') to enum('y','x')")
        .doesNotContain("int to bigint");
    assertThat(diff.unsafeChanges())
        .extracting(c -> c.objectKind() + " " + c.objectName())
        .containsExactlyInAnyOrder("TABLE gone", "TABLE t");
  }

  @Test
  void judgesTheTextColumnModifiedBackAfterConvertToFromItsUnconvertedCharset() {
    // CONVERT TO widens TEXT to MEDIUMTEXT; the MODIFY back to TEXT cuts what latin1 TEXT held
    // in more than 65,535 bytes of utf8mb4, whether or not the CONVERT ran.
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (a text, b varchar(10)) DEFAULT CHARSET=latin1;",
            "CREATE TABLE t (a text, b varchar(10)) DEFAULT CHARSET=utf8mb4;");

    List<MigrationStatement> statements =
        diff.migration(MigrationOptions.builder().allowUnsafe(true).build()).statements();

    assertThat(statements).hasSize(2);
    assertThat(statements).extracting(MigrationStatement::safety).containsOnly(Safety.UNSAFE);
    assertThat(statements.get(1).sql()).startsWith("ALTER TABLE `t` MODIFY COLUMN `a` text");
    assertThat(statements.get(1).reason()).contains("text in latin1 to text in utf8mb4");
  }

  @Test
  void leavesUnsafeStatementsOutAsCommentsUnlessAllowed() {
    SchemaDiff diff =
        diff(MARIADB, "CREATE TABLE t (a int, b int);", "CREATE TABLE t (a int, c int);");

    MigrationPlan safeOnly = diff.migration(MigrationOptions.defaults());

    assertThat(safeOnly.included())
        .extracting(MigrationStatement::sql)
        .containsExactly("ALTER TABLE `t` ADD COLUMN `c` int NULL DEFAULT NULL AFTER `a`");
    assertThat(safeOnly.leftOut())
        .extracting(MigrationStatement::sql)
        .containsExactly("ALTER TABLE `t` DROP COLUMN `b`");
    assertThat(safeOnly.sql())
        .contains("1 unsafe statement is left out as comments")
        .contains(
            "-- UNSAFE, left out: drops column b and its values\n-- ALTER TABLE `t` DROP COLUMN `b`;");
    assertThat(diff.migrationSql())
        .contains("-- UNSAFE: drops column b and its values\nALTER TABLE `t` DROP COLUMN `b`,\n");
  }

  @Test
  void changesHashPartitionCountsWithCoalesceAndAdd() {
    String table = "CREATE TABLE t (id int PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS ";

    assertThat(sql(diff(MARIADB, table + "4;", table + "2;")))
        .containsExactly("ALTER TABLE `t` COALESCE PARTITION 2");
    assertThat(sql(diff(MARIADB, table + "2;", table + "3;")))
        .containsExactly("ALTER TABLE `t` ADD PARTITION PARTITIONS 1");
  }

  @Test
  void addsDropsAndReorganizesRangePartitions() {
    String head = "CREATE TABLE t (id int PRIMARY KEY) PARTITION BY RANGE (id) (";
    String p0 = "PARTITION p0 VALUES LESS THAN (10)";
    String p1 = "PARTITION p1 VALUES LESS THAN (20)";
    String max = "PARTITION pmax VALUES LESS THAN MAXVALUE";

    assertThat(sql(diff(MARIADB, head + p0 + ");", head + p0 + "," + p1 + ");")))
        .containsExactly("ALTER TABLE `t` ADD PARTITION (PARTITION `p1` VALUES LESS THAN (20))");
    assertThat(sql(diff(MARIADB, head + p0 + "," + p1 + ");", head + p0 + ");")))
        .containsExactly("ALTER TABLE `t` DROP PARTITION `p1`");
    assertThat(
            sql(
                diff(
                    MARIADB,
                    head + p0 + "," + max + ");",
                    head + p0 + "," + p1 + "," + max + ");")))
        .containsExactly(
            "ALTER TABLE `t` REORGANIZE PARTITION `pmax` INTO (PARTITION `p1` VALUES LESS THAN"
                + " (20), PARTITION `pmax` VALUES LESS THAN MAXVALUE)");
  }

  @Test
  void rotatesRangePartitionsByDroppingTheOldestAsUnsafeAndAddingTheNewOnes() {
    String head = "CREATE TABLE events (id int PRIMARY KEY) PARTITION BY RANGE (id) (";
    String p0 = "PARTITION p0 VALUES LESS THAN (10), ";
    String p1 = "PARTITION p1 VALUES LESS THAN (20), ";
    String p2 = "PARTITION p2 VALUES LESS THAN (30)";
    String p3 = ", PARTITION p3 VALUES LESS THAN (40)";
    String max = ", PARTITION pmax VALUES LESS THAN MAXVALUE";

    SchemaDiff plain = diff(MARIADB, head + p0 + p1 + p2 + ");", head + p1 + p2 + p3 + ");");
    SchemaDiff withMax =
        diff(MARIADB, head + p0 + p1 + p2 + max + ");", head + p1 + p2 + p3 + max + ");");

    assertThat(plain.migrationSql())
        .contains(
            "-- UNSAFE: drops partitions [p0] and every row in them; the other choices:"
                + " PartitionStrategy.KEEP_ROWS moves their rows into the new partitions"
                + " (REORGANIZE PARTITION), PartitionStrategy.REPARTITION rebuilds the table with"
                + " PARTITION BY, PartitionStrategy.FAIL_WHEN_AMBIGUOUS refuses to plan\n"
                + "ALTER TABLE `events` DROP PARTITION `p0`;\n")
        .contains("ALTER TABLE `events` ADD PARTITION (PARTITION `p3` VALUES LESS THAN (40));");
    assertThat(sql(withMax))
        .containsExactly(
            "ALTER TABLE `events` DROP PARTITION `p0`",
            "ALTER TABLE `events` REORGANIZE PARTITION `pmax` INTO (PARTITION `p3` VALUES LESS"
                + " THAN (40), PARTITION `pmax` VALUES LESS THAN MAXVALUE)");
    assertThat(plain.migration(MigrationOptions.defaults()).leftOut())
        .extracting(MigrationStatement::sql)
        .containsExactly("ALTER TABLE `events` DROP PARTITION `p0`");
    assertThat(plain.unsafeChanges()).extracting(c -> c.objectName()).containsExactly("events");
  }

  @Test
  void refusesAmbiguousPartitionChangesOnlyWhenAskedToBeStrict() {
    String head = "CREATE TABLE events (id int PRIMARY KEY) PARTITION BY RANGE (id) (";
    SchemaDiff diff =
        diff(
            MARIADB,
            head + "PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN (20));",
            head + "PARTITION p0 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (30));");
    MigrationOptions strict =
        MigrationOptions.builder()
            .allowUnsafe(true)
            .partitionStrategy(PartitionStrategy.FAIL_WHEN_AMBIGUOUS)
            .build();

    assertThatThrownBy(() -> diff.migration(strict))
        .isInstanceOfSatisfying(
            AmbiguousMigrationException.class, e -> assertThat(e.table()).isEqualTo("events"))
        .hasMessageContaining("table events: partitions [p1] disappear while [p2] change or appear")
        .hasMessageContaining("PartitionStrategy.KEEP_ROWS")
        .hasMessageContaining("PartitionStrategy.DROP_ROWS");
    assertThat(MigrationOptions.defaults().partitionStrategy())
        .isEqualTo(PartitionStrategy.DROP_ROWS);
    assertThat(sql(diff))
        .containsExactly(
            "ALTER TABLE `events` DROP PARTITION `p1`",
            "ALTER TABLE `events` ADD PARTITION (PARTITION `p2` VALUES LESS THAN (30))");
    assertThat(
            diff.migration(strict.copy(b -> b.partitionStrategy(PartitionStrategy.KEEP_ROWS)))
                .statements())
        .extracting(MigrationStatement::sql)
        .containsExactly(
            "ALTER TABLE `events` REORGANIZE PARTITION `p1` INTO (PARTITION `p2` VALUES LESS"
                + " THAN (30))");
  }

  @Test
  void reverseUndoesTheMigration() {
    SchemaDiff diff = diff(MARIADB, "CREATE TABLE t (a int);", "CREATE TABLE t (a int, b int);");

    assertThat(sql(diff.reverse())).containsExactly("ALTER TABLE `t` DROP COLUMN `b`");
    assertThat(diff.migration(MigrationOptions.defaults()).reverse().leftOut()).hasSize(1);
  }

  @Test
  void recreatesChangedCodeObjectsAndSchemaDefaults() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (a int); CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a ="
                + " 1;",
            "CREATE TABLE t (a int); CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a ="
                + " 2;");

    assertThat(sql(diff)).hasSize(2);
    assertThat(sql(diff).get(0)).isEqualTo("DROP TRIGGER `tr`");
    assertThat(diff.migrationSql()).contains("DELIMITER ;;\nCREATE TRIGGER `tr`");
    assertThat(diff.changes()).extracting(c -> c.objectKind()).containsExactly(ObjectKind.TRIGGER);
  }

  @Test
  void scriptStartsWithAGuardThatStopsASecondRun() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (a int) PARTITION BY HASH (a) PARTITIONS 2;",
            "CREATE TABLE t (a int, b int) PARTITION BY HASH (a) PARTITIONS 3;");

    assertThat(diff.migrationSql())
        .contains(
            "-- Stops a second run before it changes anything: fails if column t.b already exists\n"
                + "SET @opskit_migration_guard = IF(EXISTS (SELECT 1 FROM"
                + " information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME ="
                + " 't' AND COLUMN_NAME = 'b'), 'SELECT `already migrated: column t.b already"
                + " exists; this run changed nothing. If an earlier run stopped part-way, compare"
                + " again for what is left`', 'DO 0');\n"
                + "PREPARE opskit_migration_guard FROM @opskit_migration_guard;\n"
                + "EXECUTE opskit_migration_guard;\n"
                + "DEALLOCATE PREPARE opskit_migration_guard;\n");
  }

  @Test
  void usesTheServersForeignKeyNamesWhenTheComparisonIgnoresThem() {
    SchemaComparator comparator =
        SchemaComparator.builder().flavor(Flavor.MARIADB_10_11).ignoreForeignKeyNames().build();
    String parent = "CREATE TABLE p (id bigint PRIMARY KEY);";
    SchemaDiff diff =
        diff(
            comparator,
            parent
                + "CREATE TABLE c (pid int, CONSTRAINT fk_old FOREIGN KEY (pid) REFERENCES p (id));",
            parent
                + "CREATE TABLE c (pid bigint, CONSTRAINT fk_new FOREIGN KEY (pid) REFERENCES p"
                + " (id));");

    List<String> sql = sql(diff);
    assertThat(sql.get(0)).isEqualTo("ALTER TABLE `c` DROP FOREIGN KEY `fk_old`");
    assertThat(sql.get(sql.size() - 1)).contains("ADD CONSTRAINT `fk_new` FOREIGN KEY (`pid`)");
  }

  @Test
  void guardsWithWhatOnlyTheSourceHasWhenTheTargetAddsNothing() {
    SchemaDiff diff =
        diff(MARIADB, "CREATE TABLE t (a int, old int);", "CREATE TABLE t (a bigint);");

    assertThat(diff.migrationSql())
        .contains(
            "-- Stops a second run before it changes anything: fails if column t.old is already"
                + " gone\nSET @opskit_migration_guard = IF(NOT EXISTS (SELECT 1 FROM"
                + " information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME ="
                + " 't' AND COLUMN_NAME = 'old'), 'SELECT `already migrated: column t.old is"
                + " already gone; this run changed nothing. If an earlier run stopped part-way,"
                + " compare again for what is left`', 'DO 0');\n");
  }

  @Test
  void guardsWithTheServersConstraintNameWhenTheComparisonIgnoresForeignKeyNames() {
    SchemaComparator comparator =
        SchemaComparator.builder().flavor(Flavor.MARIADB_10_11).ignoreForeignKeyNames().build();
    String parent = "CREATE TABLE p (id int PRIMARY KEY);";
    SchemaDiff diff =
        diff(
            comparator,
            parent
                + "CREATE TABLE c (pid int, KEY k (pid), CONSTRAINT fk_old FOREIGN KEY (pid)"
                + " REFERENCES p (id));",
            parent + "CREATE TABLE c (pid int, KEY k (pid));");

    assertThat(diff.migrationSql())
        .contains("fails if constraint fk_old on c is already gone\n")
        .contains("LOWER(CONSTRAINT_NAME) = 'fk_old'")
        .doesNotContain("fk(pid)");
  }

  @Test
  void emptyDiffPlansNothing() {
    SchemaDiff diff = diff(MARIADB, "CREATE TABLE t (a int);", "CREATE TABLE t (a int);");

    assertThat(diff.migration(MigrationOptions.defaults()).isEmpty()).isTrue();
    assertThat(diff.migrationSql()).contains("-- nothing to do");
  }
}
