package dev.opskit.schemadiff.internal.migrate;

import static dev.opskit.schemadiff.internal.sql.SqlExpressions.quoteName;

import dev.opskit.schemadiff.internal.render.DdlRenderer;
import dev.opskit.schemadiff.migrate.PartitionStrategy;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.Partitioning;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The statements that change a table's partitioning. Each is a whole ALTER TABLE: MySQL allows no
 * other clause beside a partition operation. {@link #before} runs before the table's other changes
 * (removing partitioning, so a new unique key need not include the partition columns) and {@link
 * #after} after them.
 */
final class PartitionChanges {
  final List<Clause> before = new ArrayList<>();
  final List<Clause> after = new ArrayList<>();

  private final String table;
  private final String prefix;
  private final PartitionStrategy strategy;
  private @Nullable Partitioning fullTo;

  private PartitionChanges(String table, PartitionStrategy strategy) {
    this.table = table;
    this.prefix = "ALTER TABLE " + quoteName(table) + " ";
    this.strategy = strategy;
  }

  static PartitionChanges plan(
      String table,
      @Nullable Partitioning from,
      @Nullable Partitioning to,
      @Nullable Partitioning originalTo,
      PartitionStrategy strategy) {
    PartitionChanges changes = new PartitionChanges(table, strategy);
    changes.fullTo = originalTo != null ? originalTo : to;
    if (!Objects.equals(from, to)) {
      changes.build(from, to, originalTo != null ? originalTo : to);
    }
    return changes;
  }

  private void build(
      @Nullable Partitioning a, @Nullable Partitioning b, @Nullable Partitioning full) {
    if (b == null) {
      before.add(Clause.safe(prefix + "REMOVE PARTITIONING", "removes the partitioning"));
      return;
    }
    if (a == null) {
      after.add(repartition(full, "partitions the table"));
      return;
    }
    boolean sameScheme =
        a.method().equals(b.method())
            && a.expression().equals(b.expression())
            && Objects.equals(a.subMethod(), b.subMethod())
            && Objects.equals(a.subExpression(), b.subExpression())
            && a.subCount() == b.subCount();
    boolean subpartitioned = a.subMethod() != null || b.subMethod() != null;
    if (!sameScheme || strategy == PartitionStrategy.REPARTITION || subpartitioned) {
      after.add(repartition(full, "re-partitions the table"));
      return;
    }
    if (a.isValueBased()) {
      if (a.partitions().isEmpty() || b.partitions().isEmpty()) {
        return; // the partition lists are not compared
      }
      valueBased(new ArrayList<>(a.partitions()), b.partitions(), a.method().startsWith("RANGE"));
    } else {
      hashed(a, b, full);
    }
  }

  private Clause repartition(@Nullable Partitioning p, String reason) {
    return Clause.safe(prefix + DdlRenderer.partitioning(Objects.requireNonNull(p)), reason);
  }

  private void hashed(Partitioning a, Partitioning b, @Nullable Partitioning full) {
    List<String> namesA = names(a.partitions());
    List<String> namesB = names(b.partitions());
    boolean unnamed = a.partitions().isEmpty() && b.partitions().isEmpty();
    if (unnamed && b.count() > a.count()) {
      after.add(
          Clause.safe(
              prefix + "ADD PARTITION PARTITIONS " + (b.count() - a.count()),
              "adds " + (b.count() - a.count()) + " hash partitions"));
    } else if (unnamed && b.count() < a.count()) {
      after.add(
          Clause.safe(
              prefix + "COALESCE PARTITION " + (a.count() - b.count()),
              "merges " + (a.count() - b.count()) + " hash partitions into the others"));
    } else if (!namesA.isEmpty()
        && namesB.size() > namesA.size()
        && b.partitions().subList(0, namesA.size()).equals(a.partitions())) {
      List<Partition> added = b.partitions().subList(namesA.size(), namesB.size());
      after.add(
          Clause.safe(
              prefix + "ADD PARTITION (" + definitions(added) + ")",
              "adds partitions " + names(added)));
    } else if (!namesB.isEmpty()
        && namesA.size() > namesB.size()
        && a.partitions().subList(0, namesB.size()).equals(b.partitions())) {
      after.add(
          Clause.safe(
              prefix + "COALESCE PARTITION " + (namesA.size() - namesB.size()),
              "merges partitions "
                  + namesA.subList(namesB.size(), namesA.size())
                  + " into the others"));
    } else {
      after.add(repartition(full, "re-partitions the table: partition names or options changed"));
    }
  }

  private void valueBased(List<Partition> a, List<Partition> b, boolean range) {
    Set<String> kept = new HashSet<>(names(b));
    int start = 0;
    while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
      start++;
    }
    int endA = a.size();
    int endB = b.size();
    while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
      endA--;
      endB--;
    }
    List<Partition> oldMiddle = a.subList(start, endA);
    List<Partition> newMiddle = b.subList(start, endB);
    List<String> removed =
        names(oldMiddle).stream().filter(n -> !kept.contains(n)).collect(Collectors.toList());
    if (newMiddle.isEmpty()) {
      after.add(
          Clause.unsafe(
              prefix + "DROP PARTITION " + String.join(",", quoted(removed)),
              "drops partitions " + removed + " and every row in them"));
      return;
    }
    if (!removed.isEmpty() && !oldMiddle.isEmpty() && removed.size() < a.size()) {
      if (strategy == PartitionStrategy.FAIL_WHEN_AMBIGUOUS) {
        throw new AmbiguousChangeException(
            table,
            "table "
                + table
                + ": partitions "
                + removed
                + " disappear while "
                + names(newMiddle)
                + " change or appear; choose PartitionStrategy.KEEP_ROWS to move their rows into"
                + " the new partitions (REORGANIZE PARTITION), PartitionStrategy.DROP_ROWS to"
                + " delete them (DROP PARTITION) or PartitionStrategy.REPARTITION to rebuild the"
                + " table with PARTITION BY");
      }
      if (strategy == PartitionStrategy.DROP_ROWS) {
        after.add(
            Clause.unsafe(
                prefix + "DROP PARTITION " + String.join(",", quoted(removed)),
                "drops partitions "
                    + removed
                    + " and every row in them; the other choices: PartitionStrategy.KEEP_ROWS"
                    + " moves their rows into the new partitions (REORGANIZE PARTITION),"
                    + " PartitionStrategy.REPARTITION rebuilds the table with PARTITION BY,"
                    + " PartitionStrategy.FAIL_WHEN_AMBIGUOUS refuses to plan"));
        List<Partition> rest = new ArrayList<>(a);
        rest.removeIf(p -> removed.contains(p.name()));
        valueBased(rest, b, range);
        return;
      }
    }
    if (oldMiddle.isEmpty() && endA == a.size()) {
      after.add(
          Clause.safe(
              prefix + "ADD PARTITION (" + definitions(newMiddle) + ")",
              "adds partitions " + names(newMiddle)));
      return;
    }
    // REORGANIZE must cover the same range: widen the window until both sides end alike.
    while (endA < a.size()
        && (oldMiddle.isEmpty() || (range && !lastValue(oldMiddle).equals(lastValue(newMiddle))))) {
      endA++;
      endB++;
      oldMiddle = a.subList(start, endA);
      newMiddle = b.subList(start, endB);
    }
    if (range && endA == a.size() && shrinks(lastValue(oldMiddle), lastValue(newMiddle))) {
      // REORGANIZE may only extend the last range; a shorter one means re-partitioning, which
      // fails rather than lose a row that no longer fits.
      after.add(repartition(fullTo, "re-partitions the table: the last range gets shorter"));
      return;
    }
    after.add(
        Clause.safe(
            prefix
                + "REORGANIZE PARTITION "
                + String.join(",", quoted(names(oldMiddle)))
                + " INTO ("
                + definitions(newMiddle)
                + ")",
            "reorganizes partitions " + names(oldMiddle) + " into " + names(newMiddle)));
  }

  /** Whether the range ending at {@code to} ends below the one ending at {@code from}. */
  private static boolean shrinks(String from, String to) {
    if (from.equals(to) || to.contains("MAXVALUE")) {
      return false;
    }
    if (from.contains("MAXVALUE")) {
      return true;
    }
    try {
      return new java.math.BigDecimal(bound(to)).compareTo(new java.math.BigDecimal(bound(from)))
          < 0;
    } catch (NumberFormatException e) {
      return true; // not a plain number: re-partitioning is always correct
    }
  }

  private static String bound(String values) {
    return values.replace("LESS THAN", "").replace("(", "").replace(")", "").trim();
  }

  private static String lastValue(List<Partition> partitions) {
    return String.valueOf(partitions.get(partitions.size() - 1).values());
  }

  private static String definitions(List<Partition> partitions) {
    return partitions.stream().map(DdlRenderer::partition).collect(Collectors.joining(", "));
  }

  private static List<String> names(List<Partition> partitions) {
    return partitions.stream().map(Partition::name).toList();
  }

  private static List<String> names(Partitioning p) {
    return names(p.partitions());
  }

  private static List<String> quoted(List<String> names) {
    return names.stream().map(n -> quoteName(n)).toList();
  }
}
