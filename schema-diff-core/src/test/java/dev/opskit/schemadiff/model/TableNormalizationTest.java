package dev.opskit.schemadiff.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableNormalizationTest {

  @Test
  void ordersIndexesAsTheServerDoes() {
    Table t =
        Table.builder("t")
            .addColumn(Column.builder("a", "int"))
            .addColumn(Column.builder("b", "int").nullable(false))
            .addColumn(Column.builder("c", "text"))
            .addIndex(Index.of("ft", IndexKind.FULLTEXT, List.of(IndexPart.of("c"))))
            .addIndex(Index.of("k_a", IndexKind.INDEX, List.of(IndexPart.of("a"))))
            .addIndex(Index.of("u_a", IndexKind.UNIQUE, List.of(IndexPart.of("a"))))
            .addIndex(Index.of("u_b", IndexKind.UNIQUE, List.of(IndexPart.of("b"))))
            .addIndex(Index.of("PRIMARY", IndexKind.PRIMARY, List.of(IndexPart.of("b"))))
            .build();

    assertThat(t.indexes())
        .extracting(Index::name)
        .containsExactly("PRIMARY", "u_b", "u_a", "k_a", "ft");
  }

  @Test
  void mySqlStoresKeysOverVirtualColumnsLastInTheirGroup() {
    Table.Builder builder =
        Table.builder("t")
            .addColumn(Column.builder("a", "int"))
            .addColumn(Column.builder("v", "int").generated(new GeneratedColumn("a + 1", false)))
            .addColumn(Column.builder("s", "int").generated(new GeneratedColumn("a + 2", true)))
            .addIndex(Index.of("k_v", IndexKind.INDEX, List.of(IndexPart.of("v"))))
            .addIndex(
                Index.of(
                    "k_fn", IndexKind.INDEX, List.of(new IndexPart(null, "a * 2", null, false))))
            .addIndex(Index.of("u_v", IndexKind.UNIQUE, List.of(IndexPart.of("v"))))
            .addIndex(Index.of("k_s", IndexKind.INDEX, List.of(IndexPart.of("s"))))
            .addIndex(Index.of("u_a", IndexKind.UNIQUE, List.of(IndexPart.of("a"))))
            .addIndex(Index.of("k_a", IndexKind.INDEX, List.of(IndexPart.of("a"))));

    // As SHOW CREATE TABLE prints them on MySQL 8.0.31 and 9.7.4.
    assertThat(builder.flavor(Flavor.MYSQL_8_0).build().indexes())
        .extracting(Index::name)
        .containsExactly("u_a", "u_v", "k_s", "k_a", "k_v", "k_fn");
    assertThat(builder.flavor(Flavor.MARIADB_10_11).build().indexes())
        .extracting(Index::name)
        .containsExactly("u_v", "u_a", "k_v", "k_fn", "k_s", "k_a");
  }

  @Test
  void primaryKeyColumnsAreNotNull() {
    Table t =
        Table.builder("t")
            .addColumn(Column.builder("id", "int"))
            .addIndex(Index.of("PRIMARY", IndexKind.PRIMARY, List.of(IndexPart.of("id"))))
            .build();

    assertThat(t.columns().get(0).nullable()).isFalse();
    assertThat(t.columns().get(0).defaultValue()).isNull();
  }

  @Test
  void aForeignKeyWithoutCoveringIndexGetsOne() {
    ForeignKey fk =
        new ForeignKey(
            "fk_p",
            List.of("pid"),
            null,
            "p",
            List.of("id"),
            ReferenceAction.RESTRICT,
            ReferenceAction.RESTRICT);
    Table uncovered =
        Table.builder("t").addColumn(Column.builder("pid", "int")).addForeignKey(fk).build();
    Table covered =
        Table.builder("t")
            .addColumn(Column.builder("pid", "int"))
            .addIndex(Index.of("by_pid", IndexKind.INDEX, List.of(IndexPart.of("pid"))))
            .addForeignKey(fk)
            .build();

    assertThat(uncovered.indexes()).extracting(Index::name).containsExactly("fk_p");
    assertThat(covered.indexes()).extracting(Index::name).containsExactly("by_pid");
  }

  @Test
  void mariaDbJsonReadsAsJson() {
    Table mariaDb =
        Table.builder("t")
            .addColumn(
                Column.builder("doc", "longtext").charset("utf8mb4").collation("utf8mb4_bin"))
            .addCheck(new CheckConstraint("doc", "json_valid(`doc`)", true))
            .build();
    Table mysql = Table.builder("t").addColumn(Column.builder("doc", "json")).build();

    assertThat(mariaDb).isEqualTo(mysql);
  }

  @Test
  void columnsInheritTheTableCharsetAndTheFlavorsCollation() {
    Table t =
        Table.builder("t")
            .flavor(Flavor.MARIADB_10_11)
            .option("CHARSET", "utf8mb4")
            .addColumn(Column.builder("a", "varchar(3)"))
            .addColumn(Column.builder("b", "varchar(3)").charset("latin1"))
            .build();

    assertThat(t.options())
        .containsEntry("DEFAULT CHARSET", "utf8mb4")
        .containsEntry("COLLATE", "utf8mb4_general_ci")
        .containsEntry("ENGINE", "InnoDB");
    assertThat(t.columns().get(0).collation()).isEqualTo("utf8mb4_general_ci");
    assertThat(t.columns().get(1).collation()).isEqualTo("latin1_swedish_ci");
    assertThat(
            Table.builder("t").addColumn(Column.builder("a", "char(1)")).build().defaultCollation())
        .as("MySQL 8 by default")
        .isEqualTo("utf8mb4_0900_ai_ci");
  }

  @Test
  void aDeclaredCharsetTakesItsDefaultCollationNotTheTables() {
    Table t =
        Table.builder("t")
            .flavor(Flavor.MARIADB_10_11)
            .option("CHARSET", "latin1")
            .option("COLLATE", "latin1_bin")
            .addColumn(Column.builder("a", "varchar(3)").charset("latin1"))
            .addColumn(Column.builder("b", "varchar(3)"))
            .build();

    assertThat(t.columns().get(0).collation()).isEqualTo("latin1_swedish_ci");
    assertThat(t.columns().get(1).collation()).isEqualTo("latin1_bin");
  }

  @Test
  void autoIncrementOneIsNoOption() {
    assertThat(Table.builder("t").option("AUTO_INCREMENT", "1").build().options())
        .doesNotContainKey("AUTO_INCREMENT");
    assertThat(Table.builder("t").option("auto_increment", "7").build().options())
        .containsEntry("AUTO_INCREMENT", "7");
  }
}
