package dev.opskit.examples.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchemaDriftTest {
  private static final List<TableSpec> A = BenchSchemaGenerator.generate(2000, 42);
  private static final SchemaDrift DRIFT = SchemaDrift.apply(A, 42);

  @Test
  void changesTwentyTablesRemovesTwoAndAddsTwo() {
    assertThat(DRIFT.changed()).hasSize(20).doesNotHaveDuplicates();
    assertThat(DRIFT.removed()).hasSize(2).doesNotContainAnyElementsOf(DRIFT.changed());
    assertThat(DRIFT.added()).containsExactly("t02000_extra", "t02001_extra");
    assertThat(DRIFT.expectedChanges()).isEqualTo(24);
    assertThat(DRIFT.tables()).hasSize(2000);
  }

  @Test
  void changesExactlyTheTablesItNames() {
    Map<String, TableSpec> a = byName(A);
    Map<String, TableSpec> b = byName(DRIFT.tables());
    Set<String> differing = new HashSet<>();
    for (TableSpec table : A) {
      TableSpec after = b.get(table.name());
      if (after != null && !after.createStatement().equals(table.createStatement())) {
        differing.add(table.name());
      }
    }
    assertThat(differing).containsExactlyInAnyOrderElementsOf(DRIFT.changed());
    assertThat(a.keySet()).containsAll(DRIFT.removed()).doesNotContainAnyElementsOf(DRIFT.added());
    assertThat(b.keySet()).containsAll(DRIFT.added()).doesNotContainAnyElementsOf(DRIFT.removed());
  }

  @Test
  void removesOnlyTablesNothingInBPointsTo() {
    Set<String> referenced =
        DRIFT.tables().stream()
            .flatMap(t -> t.referencedTables().stream())
            .collect(Collectors.toSet());
    assertThat(referenced).doesNotContainAnyElementsOf(DRIFT.removed());
    assertThat(byName(DRIFT.tables()).keySet()).containsAll(referenced);
  }

  @Test
  void driftsEachKindInTurn() {
    Map<String, TableSpec> a = byName(A);
    Map<String, TableSpec> b = byName(DRIFT.tables());
    List<String> kinds =
        DRIFT.changed().stream().map(name -> kind(a.get(name), b.get(name))).toList();
    assertThat(kinds).contains("column type", "added column", "dropped index", "options");
  }

  @Test
  void isDeterministic() {
    assertThat(SchemaDrift.apply(A, 42)).isEqualTo(DRIFT);
    assertThat(SchemaDrift.apply(A, 7).changed()).isNotEqualTo(DRIFT.changed());
  }

  private static String kind(TableSpec from, TableSpec to) {
    if (to.columns().size() > from.columns().size()) {
      return "added column";
    }
    if (to.indexes().size() < from.indexes().size()) {
      return "dropped index";
    }
    if (!to.columns().equals(from.columns())) {
      return "column type";
    }
    return "options";
  }

  private static Map<String, TableSpec> byName(List<TableSpec> tables) {
    return tables.stream().collect(Collectors.toMap(TableSpec::name, Function.identity()));
  }
}
