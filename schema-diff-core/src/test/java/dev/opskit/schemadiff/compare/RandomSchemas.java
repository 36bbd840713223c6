package dev.opskit.schemadiff.compare;

import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.Partitioning;
import dev.opskit.schemadiff.model.ReferenceAction;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of valid, varied schemas for comparison properties. */
final class RandomSchemas {
  private static final List<String> TYPES =
      List.of(
          "int",
          "bigint unsigned",
          "tinyint(1)",
          "varchar(20)",
          "char(3)",
          "decimal(10,2)",
          "datetime(3)",
          "date",
          "text",
          "enum('a','b')",
          "double",
          "json");

  private RandomSchemas() {}

  static Arbitrary<Schema> schemas() {
    return tables()
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .uniqueElements(Table::name)
        .map(
            tables ->
                new Schema(
                    "app",
                    "utf8mb4",
                    "utf8mb4_0900_ai_ci",
                    tables,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of()));
  }

  static Arbitrary<Table> tables() {
    Arbitrary<String> name =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .ofMinLength(1)
            .ofMaxLength(6)
            .map(s -> "t_" + s);
    Arbitrary<List<Column.Builder>> columns = column().list().ofMinSize(2).ofMaxSize(6);
    Arbitrary<Integer> indexCount = Arbitraries.integers().between(0, 3);
    Arbitrary<String> comment = Arbitraries.of("", "kept for audits", "it's");
    Arbitrary<Boolean> partitioned = Arbitraries.of(false, true);
    Arbitrary<Boolean> withFk = Arbitraries.of(false, true);
    Arbitrary<String> rowFormat = Arbitraries.of("", "DYNAMIC", "COMPRESSED");
    return Combinators.combine(name, columns, indexCount, comment, partitioned, withFk, rowFormat)
        .as(RandomSchemas::table);
  }

  private static Table table(
      String name,
      List<Column.Builder> columns,
      int indexCount,
      String comment,
      boolean partitioned,
      boolean withFk,
      String rowFormat) {
    Table.Builder t = Table.builder(name);
    t.addColumn(Column.builder("id", "int").nullable(false).autoIncrement(true));
    for (int i = 0; i < columns.size(); i++) {
      t.addColumn(columns.get(i).name("c" + i));
    }
    t.addColumn(Column.builder("n", "int").nullable(false).defaultValue("0"));
    t.addIndex(
        Index.of("PRIMARY", IndexKind.PRIMARY, List.of(IndexPart.of("id"), IndexPart.of("n"))));
    for (int i = 0; i < indexCount; i++) {
      t.addIndex(
          new Index(
              "k" + i,
              IndexKind.INDEX,
              List.of(new IndexPart("c" + i, null, null, i % 2 == 1)),
              true,
              i == 1 ? "by c1" : "",
              null,
              null,
              Map.of()));
    }
    if (withFk) {
      t.addForeignKey(
          new ForeignKey(
              name + "_ibfk_1",
              List.of("n"),
              null,
              "parent",
              List.of("id"),
              ReferenceAction.CASCADE,
              ReferenceAction.RESTRICT));
      t.addCheck(new CheckConstraint(name + "_chk_1", "n >= 0", true));
    }
    if (!comment.isEmpty()) {
      t.option("COMMENT", comment);
    }
    if (!rowFormat.isEmpty()) {
      t.option("ROW_FORMAT", rowFormat);
    }
    t.option("AUTO_INCREMENT", "100");
    if (partitioned && !withFk) {
      List<Partition> partitions = new ArrayList<>();
      partitions.add(Partition.of("p0", "LESS THAN (10)"));
      partitions.add(Partition.of("p1", "LESS THAN (20)"));
      partitions.add(Partition.of("pmax", "LESS THAN MAXVALUE"));
      t.partitioning(new Partitioning("RANGE", "n", 0, null, null, 0, partitions));
    }
    return t.build();
  }

  private static Arbitrary<Column.Builder> column() {
    Arbitrary<String> type = Arbitraries.of(TYPES);
    Arbitrary<Boolean> nullable = Arbitraries.of(true, false);
    Arbitrary<String> comment = Arbitraries.of("", "the value", "naïve 'quoted'");
    return Combinators.combine(type, nullable, comment)
        .as((t, n, c) -> Column.builder("c", t).nullable(n).comment(c));
  }
}
