package dev.opskit.schemadiff;

import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.schemadiff.compare.IgnoreRules;
import dev.opskit.schemadiff.compare.ObjectKind;
import dev.opskit.schemadiff.internal.compare.Comparison;
import dev.opskit.schemadiff.internal.compare.RuleView;
import dev.opskit.schemadiff.internal.migrate.AmbiguousChangeException;
import dev.opskit.schemadiff.internal.migrate.MigrationPlanner;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The result of comparing two schemas: the structured changes per object, and reports made from
 * them.
 *
 * <p>Directions follow {@code git diff from to}: an object only in {@code to} is {@link
 * ChangeType#ADDED}, the unified diff shows {@code --- from} and {@code +++ to}. In mysqldiff's
 * terms this is {@code mysqldiff from:to --changes-for=server1}: the changes that turn {@code from}
 * into {@code to}. For {@code --changes-for=server2}, swap the arguments.
 */
public final class SchemaDiff {
  private final String fromName;
  private final String toName;
  private final Comparison comparison;
  private final Flavor flavor;

  SchemaDiff(String fromName, String toName, Comparison comparison, Flavor flavor) {
    this.fromName = fromName;
    this.toName = toName;
    this.comparison = comparison;
    this.flavor = flavor;
  }

  /**
   * Returns whether the schemas are the same under the comparator's ignore rules.
   *
   * @return true when nothing differs
   */
  public boolean isEmpty() {
    return comparison.changes().isEmpty();
  }

  /**
   * Returns the changes, one per object that differs, by kind then name. Each holds the object on
   * both sides as loaded and its typed differences.
   *
   * @return the changes
   */
  public List<Change> changes() {
    return comparison.changes();
  }

  /**
   * Returns the schema the changes start from, as loaded: ignore rules never rewrite it.
   *
   * @return the {@code from} schema
   */
  public Schema from() {
    return comparison.from();
  }

  /**
   * Returns the schema the changes lead to, as loaded.
   *
   * @return the {@code to} schema
   */
  public Schema to() {
    return comparison.to();
  }

  /** Both schemas, the rules and the changes, for the planner and the guard. */
  Comparison comparison() {
    return comparison;
  }

  /**
   * Returns the name of the {@code from} source.
   *
   * @return the name
   */
  public String fromName() {
    return fromName;
  }

  /**
   * Returns the name of the {@code to} source.
   *
   * @return the name
   */
  public String toName() {
    return toName;
  }

  /**
   * Returns the server flavor the comparison assumed.
   *
   * @return the flavor
   */
  public Flavor flavor() {
    return flavor;
  }

  /**
   * Returns the ignore rules the comparison applied.
   *
   * @return the rules
   */
  public IgnoreRules rules() {
    return comparison.rules();
  }

  /**
   * Renders the report in mysqldiff's shape: a {@code # Comparing ... [PASS|FAIL]} line per object,
   * then a unified diff of the normalized CREATE statements of each object that differs.
   *
   * @return the report
   */
  public String unifiedDiff() {
    TreeMap<ObjectKind, Set<String>> compared = new TreeMap<>();
    // The objects the comparison looked at: those the rules ignore are not listed.
    RuleView view = comparison.view();
    for (Schema s : List.of(from(), to())) {
      s.tables().stream()
          .filter(t -> view.comparesTable(t.name()))
          .forEach(t -> add(compared, ObjectKind.TABLE, t.name()));
      s.views().stream()
          .filter(v -> view.comparesView(v.name()))
          .forEach(v -> add(compared, ObjectKind.VIEW, v.name()));
      s.triggers().stream()
          .filter(view::compares)
          .forEach(t -> add(compared, ObjectKind.TRIGGER, t.name()));
      s.routines().stream()
          .filter(view::compares)
          .forEach(r -> add(compared, RuleView.kindOf(r), r.name()));
      s.events().stream()
          .filter(view::compares)
          .forEach(e -> add(compared, ObjectKind.EVENT, e.name()));
    }
    return UnifiedDiffReport.render(fromName, toName, compared, changes());
  }

  /**
   * Renders the JSON report: both names, whether they are equal, a summary, and every change with
   * its differences.
   *
   * @return the JSON text
   */
  public String toJson() {
    return JsonReport.render(fromName, toName, changes());
  }

  /**
   * Returns what either schema, as compared, holds that the model has no place for. Differences in
   * these are among {@link #changes()} as {@link dev.opskit.schemadiff.compare.Aspect#UNMODELED}.
   * It also holds each table whose live read failed its self-check against {@code SHOW CREATE
   * TABLE} ({@link UnmodeledAttribute#isReadProblem()}): a warning, never a difference.
   *
   * @return the attributes of {@code from}, then those of {@code to}
   */
  public List<UnmodeledAttribute> unmodeled() {
    List<UnmodeledAttribute> out = new ArrayList<>(comparison.view().unmodeled(from()));
    out.addAll(comparison.view().unmodeled(to()));
    return List.copyOf(out);
  }

  /**
   * Summarizes the changes in one line per object kind.
   *
   * @return for example {@code tables: 1 added, 2 changed} or {@code no differences}
   */
  public String summary() {
    if (isEmpty()) {
      return "no differences between " + fromName + " and " + toName;
    }
    Map<ObjectKind, Map<ChangeType, Integer>> counts = new EnumMap<>(ObjectKind.class);
    for (Change change : changes()) {
      counts
          .computeIfAbsent(change.objectKind(), k -> new EnumMap<>(ChangeType.class))
          .merge(change.changeType(), 1, Integer::sum);
    }
    StringBuilder out = new StringBuilder();
    counts.forEach(
        (kind, byType) -> {
          out.append(kind.name().toLowerCase(Locale.ROOT)).append(": ");
          StringBuilder parts = new StringBuilder();
          byType.forEach(
              (type, n) -> {
                if (parts.length() > 0) {
                  parts.append(", ");
                }
                parts.append(n).append(' ').append(type.name().toLowerCase(Locale.ROOT));
              });
          out.append(parts).append('\n');
        });
    return out.toString().trim();
  }

  /**
   * Returns the complete migration script: applied to {@code from}, it makes it equal {@code to}.
   * Unsafe statements are included, each after a {@code -- UNSAFE:} comment saying why.
   *
   * <p>It never throws for a diff: RANGE or LIST partitions that disappear while others appear (a
   * rotation) are dropped by an unsafe {@code DROP PARTITION} whose comment names the other
   * choices; plan with {@link #migration(MigrationOptions)} and {@link
   * MigrationOptions.Builder#partitionStrategy} to choose one.
   *
   * @return the script, for the {@code mysql} client
   */
  public String migrationSql() {
    return migration(MigrationOptions.builder().allowUnsafe(true).build()).sql();
  }

  /**
   * Returns the changes whose migration can lose or change data: dropped tables, columns and
   * partitions, narrowing types (capacities in bytes per charset), reordered enums, charset
   * changes, engine changes into an engine that does not keep every row on disk.
   *
   * @return the unsafe changes, in migration order
   */
  public List<Change> unsafeChanges() {
    return migration(MigrationOptions.builder().allowUnsafe(true).build()).unsafeChanges();
  }

  /**
   * Plans the migration from {@code from} to {@code to}. Nothing runs until {@link
   * MigrationPlan#applyTo} is called.
   *
   * @param options whether unsafe statements run, the partition strategy, the dialect
   * @return the plan
   * @throws AmbiguousMigrationException if a partition change is ambiguous and the options ask for
   *     {@link dev.opskit.schemadiff.migrate.PartitionStrategy#FAIL_WHEN_AMBIGUOUS}
   */
  public MigrationPlan migration(MigrationOptions options) {
    Objects.requireNonNull(options, "options");
    Flavor target = options.flavor().orElse(flavor);
    MigrationPlanner planner =
        MigrationPlanner.builder(target)
            .partitionStrategy(options.partitionStrategy())
            .keepColumnOrder(!rules().ignoresColumnOrder())
            .keepIndexOrder(!rules().ignoresIndexOrder())
            .combineUnsafe(options.allowUnsafe())
            .build();
    try {
      return new MigrationPlan(this, options, target, planner.plan(comparison));
    } catch (AmbiguousChangeException e) {
      throw new AmbiguousMigrationException(e.table(), e.getMessage(), e);
    }
  }

  /**
   * Returns the diff the other way round: from {@code to} back to {@code from}.
   *
   * @return the reverse diff, whose migration undoes this one's
   */
  public SchemaDiff reverse() {
    return new SchemaDiff(toName, fromName, comparison.reverse(), flavor);
  }

  @Override
  public String toString() {
    return "SchemaDiff[" + fromName + " -> " + toName + ", " + changes().size() + " changes]";
  }

  private static void add(TreeMap<ObjectKind, Set<String>> map, ObjectKind kind, String name) {
    map.computeIfAbsent(kind, k -> new TreeSet<>()).add(name);
  }
}
