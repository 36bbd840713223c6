package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.compare.Aspect;
import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.schemadiff.compare.Difference;
import dev.opskit.schemadiff.compare.ObjectKind;
import dev.opskit.schemadiff.migrate.MigrationStatement;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.SchemaDefaults;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.View;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A diff holds the model: each change references the objects of both schemas as loaded, each
 * difference is typed and holds the parts on each side, and ignore rules decide what counts without
 * rewriting either schema, so nothing the rules touched (invented names, stripped comments) reaches
 * a report or a statement.
 */
class DiffModelTest {
  private static final SchemaComparator MARIADB =
      SchemaComparator.builder().flavor(Flavor.MARIADB_10_11).build();

  private static SchemaDiff diff(SchemaComparator comparator, String from, String to) {
    return comparator.compare(SchemaSource.ddl("a", from), SchemaSource.ddl("b", to));
  }

  @Test
  void aChangeHoldsTheTablesOfBothSchemasAsLoaded() {
    SchemaComparator comparator = MARIADB.toBuilder().ignoreComments().build();
    SchemaDiff diff =
        diff(
            comparator,
            "CREATE TABLE t (a int COMMENT 'old', b int) COMMENT='t1';",
            "CREATE TABLE t (a bigint COMMENT 'new', c int) COMMENT='t2';");

    Change change = diff.changes().get(0);
    assertThat(change.from()).isSameAs(diff.from().table("t").orElseThrow());
    assertThat(change.to()).isSameAs(diff.to().table("t").orElseThrow());
    // The rules decided what counts; the objects keep what they ignore.
    assertThat(change.to(Table.class).column("a").orElseThrow().comment()).isEqualTo("new");
    assertThat(change.to(Table.class).options()).containsEntry("COMMENT", "t2");
    assertThat(change.differences())
        .extracting(Difference::aspect, Difference::name, Difference::changeType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Aspect.COLUMN, "a", ChangeType.CHANGED),
            org.assertj.core.groups.Tuple.tuple(Aspect.COLUMN, "b", ChangeType.REMOVED),
            org.assertj.core.groups.Tuple.tuple(Aspect.COLUMN, "c", ChangeType.ADDED));
  }

  @Test
  void eachDifferenceHoldsTheModelPartsOfBothSides() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (id int PRIMARY KEY, a varchar(10), KEY k (a)) ENGINE=InnoDB;",
            "CREATE TABLE t (id int PRIMARY KEY, a varchar(20), KEY k (a, id)) ENGINE=Aria;");

    List<Difference> differences = diff.changes().get(0).differences();
    assertThat(differences)
        .filteredOn(Difference.OfColumn.class::isInstance)
        .singleElement()
        .satisfies(
            d -> {
              Difference.OfColumn c = (Difference.OfColumn) d;
              assertThat(c.from().type()).isEqualTo("varchar(10)");
              assertThat(c.to().type()).isEqualTo("varchar(20)");
              assertThat(c.fromText()).contains("varchar(10)");
            });
    assertThat(differences)
        .filteredOn(Difference.OfIndex.class::isInstance)
        .singleElement()
        .satisfies(
            d -> {
              Difference.OfIndex i = (Difference.OfIndex) d;
              assertThat(i.from().parts()).hasSize(1);
              assertThat(i.to().parts()).hasSize(2);
            });
    assertThat(differences)
        .filteredOn(Difference.OfOption.class::isInstance)
        .singleElement()
        .isEqualTo(new Difference.OfOption("ENGINE", "InnoDB", "Aria"));
  }

  @Test
  void codeObjectsAndSchemaDefaultsAreHeldToo() {
    SchemaDiff diff =
        diff(
            MARIADB,
            "CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t;",
            "CREATE TABLE t (a int); CREATE VIEW v AS SELECT a + 1 AS a FROM t;");

    Change view = diff.changes().get(0);
    assertThat(view.objectKind()).isEqualTo(ObjectKind.VIEW);
    assertThat(view.from(View.class).definition()).doesNotContain("+");
    assertThat(view.to(View.class).definition()).contains("+");
    assertThat(view.differences()).singleElement().isInstanceOf(Difference.OfDefinition.class);

    SchemaDiff defaults =
        MARIADB.compare(
            new dev.opskit.schemadiff.model.Schema(
                "a",
                "latin1",
                "latin1_swedish_ci",
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of()),
            new dev.opskit.schemadiff.model.Schema(
                "b",
                "utf8mb4",
                "utf8mb4_general_ci",
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of()));
    Change schema = defaults.changes().get(0);
    assertThat(schema.to()).isEqualTo(new SchemaDefaults("utf8mb4", "utf8mb4_general_ci"));
    assertThat(schema.differences())
        .extracting(Difference::aspect)
        .containsExactly(Aspect.DEFAULT_CHARSET, Aspect.DEFAULT_COLLATION);
  }

  /** Before, the rules renamed foreign keys to {@code fk(pid)->p(id)} and reports showed that. */
  @Test
  void foreignKeysWhoseNamesAreIgnoredKeepTheirOwnNamesEverywhere() {
    SchemaComparator comparator = MARIADB.toBuilder().ignoreForeignKeyNames().build();
    String parent = "CREATE TABLE p (id int PRIMARY KEY);";
    SchemaDiff diff =
        diff(
            comparator,
            parent
                + "CREATE TABLE c (pid int, KEY k (pid), CONSTRAINT fk_old FOREIGN KEY (pid) REFERENCES"
                + " p (id));",
            parent
                + "CREATE TABLE c (pid int, KEY k (pid), CONSTRAINT fk_new FOREIGN KEY (pid) REFERENCES"
                + " p (id) ON DELETE CASCADE);");

    Difference.OfForeignKey fk =
        (Difference.OfForeignKey) diff.changes().get(0).differences().get(0);
    assertThat(fk.changeType()).isEqualTo(ChangeType.CHANGED);
    assertThat(fk.from().name()).isEqualTo("fk_old");
    assertThat(fk.to().name()).isEqualTo("fk_new");
    assertThat(diff.unifiedDiff()).doesNotContain("fk(").contains("ON DELETE CASCADE");
    assertThat(diff.toJson()).doesNotContain("fk(");
    List<String> sql =
        diff.migration(MigrationOptions.builder().allowUnsafe(true).build()).statements().stream()
            .map(MigrationStatement::sql)
            .toList();
    assertThat(sql).hasSize(2).first().isEqualTo("ALTER TABLE `c` DROP FOREIGN KEY `fk_old`");
    assertThat(sql.get(1))
        .endsWith(
            "ADD CONSTRAINT `fk_new` FOREIGN KEY (`pid`) REFERENCES `p` (`id`) ON DELETE CASCADE");

    SchemaDiff renamedOnly =
        diff(
            comparator,
            parent
                + "CREATE TABLE c (pid int, KEY k (pid), CONSTRAINT a1 FOREIGN KEY (pid) REFERENCES"
                + " p (id));",
            parent
                + "CREATE TABLE c (pid int, KEY k (pid), CONSTRAINT b2 FOREIGN KEY (pid) REFERENCES"
                + " p (id));");
    assertThat(renamedOnly.isEmpty()).as(renamedOnly.unifiedDiff()).isTrue();
  }

  @Test
  void ignoredPartsNeverReachTheStatements() {
    SchemaComparator comparator = MARIADB.toBuilder().ignoreComments().build();
    SchemaDiff diff =
        diff(
            comparator,
            "CREATE TABLE t (a int COMMENT 'x', b int COMMENT 'y') AUTO_INCREMENT=5 COMMENT='t1';",
            "CREATE TABLE t (a bigint COMMENT 'x2', b int COMMENT 'y2') AUTO_INCREMENT=9"
                + " COMMENT='t2';");

    List<String> sql =
        diff.migration(MigrationOptions.defaults()).statements().stream()
            .map(MigrationStatement::sql)
            .toList();
    // Column a changes type and is written as the target has it, comment included; b differs only
    // in its comment and the table only in its comment and counter: neither is touched.
    assertThat(sql)
        .containsExactly("ALTER TABLE `t` MODIFY COLUMN `a` bigint NULL DEFAULT NULL COMMENT 'x2'");
  }
}
