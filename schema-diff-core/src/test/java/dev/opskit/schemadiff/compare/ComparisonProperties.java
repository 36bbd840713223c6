package dev.opskit.schemadiff.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.EveryTryAsserts;
import dev.opskit.schemadiff.internal.compare.SchemaDiffer;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.Partitioning;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

@AddLifecycleHook(EveryTryAsserts.class)
class ComparisonProperties {

  /** One kind of drift, and the rule that is meant to hide exactly it. */
  enum Drift {
    TABLE_COMMENT(b -> b.comments(true)),
    COLUMN_COMMENT(b -> b.comments(true)),
    COLUMN_ORDER(b -> b.columnOrder(true)),
    INDEX_ORDER(b -> b.indexOrder(true)),
    FOREIGN_KEY_NAME(b -> b.foreignKeyNames(true)),
    AUTO_INCREMENT_VALUE(b -> b),
    ROW_FORMAT(b -> b.ignoreTableOption("ROW_FORMAT")),
    PARTITION_LIST(b -> b.partitionListDrift(true)),
    TEMPORARY_TABLE(b -> b.ignoreNames(ObjectKind.TABLE, "tmp_.*")),
    COLUMN_TYPE(null);

    final UnaryOperator<IgnoreRules.Builder> rule;

    Drift(UnaryOperator<IgnoreRules.Builder> rule) {
      this.rule = rule;
    }
  }

  @Property(tries = 300)
  void aSchemaEqualsItself(@ForAll("schemas") Schema schema) {
    assertThat(SchemaDiffer.diff(schema, schema, IgnoreRules.defaults())).isEmpty();
    assertThat(
            SchemaDiffer.diff(
                schema,
                schema,
                IgnoreRules.builder().compareTableOption("AUTO_INCREMENT").definers(false).build()))
        .isEmpty();
    EveryTryAsserts.asserted();
  }

  @Property(tries = 500)
  void eachRuleHidesExactlyItsKindOfDrift(
      @ForAll("schemas") Schema schema, @ForAll Drift drift, @ForAll Drift rule) {
    Schema drifted = apply(drift, schema);
    // A schema that offers nothing for this drift to change (no foreign key to rename, fewer than
    // three indexes to swap, no partitions) has nothing to check: rejected, not counted.
    Assume.that(!drifted.equals(schema));
    Statistics.label("drift").collect(drift);
    Statistics.label("drift")
        .coverage(
            checker -> {
              for (Drift d : Drift.values()) {
                checker.check(d).count(n -> n > 0); // every kind of drift was checked
              }
            });
    IgnoreRules strict = IgnoreRules.builder().compareTableOption("AUTO_INCREMENT").build();
    assertThat(SchemaDiffer.diff(schema, drifted, strict)).as("%s is seen", drift).isNotEmpty();
    if (rule.rule != null) {
      IgnoreRules withRule =
          rule == Drift.AUTO_INCREMENT_VALUE
              ? IgnoreRules.defaults()
              : rule.rule.apply(strict.toBuilder()).build();
      boolean hidden = SchemaDiffer.diff(schema, drifted, withRule).isEmpty();
      boolean sameRule =
          rule == drift || (rule.rule == drift.rule) || sharesCommentRule(rule, drift);
      assertThat(hidden).as("rule for %s applied to %s drift", rule, drift).isEqualTo(sameRule);
    }
    EveryTryAsserts.asserted();
  }

  private static boolean sharesCommentRule(Drift a, Drift b) {
    List<Drift> comments = List.of(Drift.TABLE_COMMENT, Drift.COLUMN_COMMENT);
    return comments.contains(a) && comments.contains(b);
  }

  @Provide
  Arbitrary<Schema> schemas() {
    return RandomSchemas.schemas();
  }

  static Schema apply(Drift drift, Schema schema) {
    if (drift == Drift.TEMPORARY_TABLE) {
      List<Table> tables = new ArrayList<>(schema.tables());
      tables.add(rename(schema.tables().get(0), "tmp_copy"));
      return with(schema, tables);
    }
    List<Table> tables = new ArrayList<>();
    for (Table t : schema.tables()) {
      tables.add(tables.isEmpty() ? drift(drift, t) : t);
    }
    return with(schema, tables);
  }

  private static Table drift(Drift drift, Table t) {
    Map<String, String> options = new LinkedHashMap<>(t.options());
    List<Column> columns = new ArrayList<>(t.columns());
    List<Index> indexes = new ArrayList<>(t.indexes());
    List<ForeignKey> fks = new ArrayList<>(t.foreignKeys());
    Partitioning partitioning = t.partitioning();
    switch (drift) {
      case TABLE_COMMENT ->
          options.put("COMMENT", "changed " + options.getOrDefault("COMMENT", ""));
      case COLUMN_COMMENT -> columns.set(1, columns.get(1).toBuilder().comment("other").build());
      case COLUMN_ORDER -> Collections.swap(columns, 1, 2);
      case INDEX_ORDER -> {
        if (indexes.size() >= 3) {
          Collections.swap(indexes, indexes.size() - 1, indexes.size() - 2);
        }
      }
      case FOREIGN_KEY_NAME ->
          fks.replaceAll(
              fk ->
                  new ForeignKey(
                      "renamed_" + fk.name(),
                      fk.columns(),
                      fk.referencedSchema(),
                      fk.referencedTable(),
                      fk.referencedColumns(),
                      fk.onDelete(),
                      fk.onUpdate()));
      case AUTO_INCREMENT_VALUE -> options.put("AUTO_INCREMENT", "555");
      case ROW_FORMAT -> options.put("ROW_FORMAT", "REDUNDANT");
      case PARTITION_LIST -> {
        if (partitioning != null) {
          List<Partition> parts = new ArrayList<>(partitioning.partitions());
          parts.add(2, Partition.of("p2", "LESS THAN (30)"));
          partitioning =
              new Partitioning(
                  partitioning.method(), partitioning.expression(), 0, null, null, 0, parts);
        }
      }
      case COLUMN_TYPE ->
          columns.set(
              1,
              columns.get(1).toBuilder()
                  .type("varchar(99)")
                  .charset("utf8mb4")
                  .collation("utf8mb4_bin")
                  .build());
      default -> throw new IllegalStateException();
    }
    return new Table(t.name(), columns, indexes, fks, t.checks(), options, partitioning);
  }

  private static Table rename(Table t, String name) {
    return new Table(
        name, t.columns(), t.indexes(), t.foreignKeys(), t.checks(), t.options(), t.partitioning());
  }

  private static Schema with(Schema s, List<Table> tables) {
    return new Schema(
        s.name(),
        s.defaultCharset(),
        s.defaultCollation(),
        tables,
        s.views(),
        s.triggers(),
        s.routines(),
        s.events());
  }

  @Property(tries = 50)
  void driftIsReportedAsAChangeOfTheDriftedTable(@ForAll("schemas") Schema schema) {
    Schema drifted = apply(Drift.COLUMN_TYPE, schema);
    List<Change> changes = SchemaDiffer.diff(schema, drifted, IgnoreRules.defaults());
    assertThat(changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.objectKind()).isEqualTo(ObjectKind.TABLE);
              assertThat(c.objectName()).isEqualTo(schema.tables().get(0).name());
              assertThat(c.differences())
                  .extracting(Difference::aspect)
                  .containsExactly(Aspect.COLUMN);
            });
    EveryTryAsserts.asserted();
  }
}
