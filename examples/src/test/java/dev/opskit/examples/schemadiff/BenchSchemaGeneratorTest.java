package dev.opskit.examples.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.examples.schemadiff.TableSpec.IndexKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSchemaGeneratorTest {
  private static final List<TableSpec> TABLES = BenchSchemaGenerator.generate(2000, 42);

  @Test
  void generatesTheRequestedNumberOfDistinctCreateTableStatements() {
    assertThat(TABLES).hasSize(2000);
    assertThat(TABLES).extracting(TableSpec::name).doesNotHaveDuplicates();
    assertThat(TABLES)
        .extracting(TableSpec::createStatement)
        .doesNotHaveDuplicates()
        .allSatisfy(
            sql ->
                assertThat(sql)
                    .startsWith("CREATE TABLE `t")
                    .contains("PRIMARY KEY (`id`)")
                    .contains(") ENGINE=InnoDB DEFAULT CHARSET="));
  }

  @Test
  void pointsEveryForeignKeyAtAnEarlierUnpartitionedTable() {
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < TABLES.size(); i++) {
      position.put(TABLES.get(i).name(), i);
    }
    for (int i = 0; i < TABLES.size(); i++) {
      TableSpec table = TABLES.get(i);
      for (String target : table.referencedTables()) {
        assertThat(position.get(target)).as("%s -> %s", table.name(), target).isLessThan(i);
        assertThat(TABLES.get(position.get(target)).partitioning()).isNull();
      }
    }
    assertThat(TABLES.stream().mapToInt(t -> t.foreignKeys().size()).sum()).isGreaterThan(1000);
  }

  @Test
  void namesForeignKeysUniquelyAcrossTheSchema() {
    assertThat(TABLES.stream().flatMap(t -> t.foreignKeys().stream()).map(fk -> fk.name()))
        .doesNotHaveDuplicates();
  }

  @Test
  void variesColumnsIndexesAndPartitioning() {
    String all = String.join("\n", TABLES.stream().map(TableSpec::createStatement).toList());
    assertThat(all)
        .contains("decimal(", "CHARACTER SET ascii", "CHARACTER SET latin1", "mediumtext", " json ")
        .contains("DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP", "enum('new',")
        .contains("GENERATED ALWAYS AS (", " STORED", " VIRTUAL", "UNIQUE KEY", "FULLTEXT KEY")
        .contains("CHECK (", "COMMENT 'column", "ROW_FORMAT=COMPACT")
        .contains("PARTITION BY RANGE (`id`)", "PARTITION BY HASH (`id`)")
        .containsPattern("KEY `ix_\\d` \\(`\\w+`\\(\\d+\\)")
        .containsPattern("KEY `ix_\\d` \\(`\\w+`(\\(\\d+\\))?, `\\w+`");
    long partitioned = TABLES.stream().filter(t -> t.partitioning() != null).count();
    assertThat(partitioned).isBetween(60L, 140L);
    assertThat(TABLES)
        .allSatisfy(t -> assertThat(t.indexes().size()).isBetween(0, 5))
        .filteredOn(t -> t.partitioning() != null)
        .allSatisfy(
            t -> {
              assertThat(t.foreignKeys()).isEmpty();
              assertThat(t.indexes())
                  .noneMatch(i -> i.kind() == IndexKind.UNIQUE || i.kind() == IndexKind.FULLTEXT);
            });
  }

  @Test
  void givesTheSameTablesForTheSameSeedAndOthersForAnother() {
    assertThat(BenchSchemaGenerator.generate(2000, 42)).isEqualTo(TABLES);
    assertThat(BenchSchemaGenerator.generate(300, 42)).isEqualTo(TABLES.subList(0, 300));
    assertThat(BenchSchemaGenerator.generate(300, 43)).isNotEqualTo(TABLES.subList(0, 300));
  }

  @Test
  void rejectsAnEmptySchema() {
    assertThatThrownBy(() -> BenchSchemaGenerator.generate(0, 42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tableCount must be at least 1, was 0");
  }
}
