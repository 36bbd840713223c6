package dev.opskit.schemadiff;

import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.schemadiff.compare.IgnoreRules;
import dev.opskit.schemadiff.compare.ObjectKind;
import dev.opskit.schemadiff.internal.compare.Comparison;
import dev.opskit.schemadiff.internal.compare.RuleView;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares two MySQL or MariaDB schemas, each from a live server, a dump file or DDL text.
 *
 * <pre>{@code
 * SchemaDiff diff = SchemaComparator.builder()
 *     .ignoreTableOption(TableOption.ROW_FORMAT)
 *     .ignoreTables("tmp_.*")
 *     .build()
 *     .compare(SchemaSource.jdbc("jdbc:mysql://127.0.0.1:3306/app", "root", ""),
 *              SchemaSource.dumpFile(Path.of("production.sql")));
 * if (!diff.isEmpty()) {
 *   log.warn("schema drift:\n{}", diff.unifiedDiff());
 * }
 * }</pre>
 *
 * <p>A comparator is immutable and thread-safe; reuse it.
 */
public final class SchemaComparator {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaComparator.class);

  private final IgnoreRules rules;
  private final @Nullable Flavor flavor;
  private final CompareListener listener;
  private final boolean strict;
  private final int concurrency;
  private final Duration targetTimeout;

  private SchemaComparator(Builder builder) {
    this.rules = builder.rules.build();
    this.flavor = builder.flavor;
    this.listener = builder.listener;
    this.strict = builder.strict;
    this.concurrency = builder.concurrency;
    this.targetTimeout = builder.targetTimeout;
  }

  /**
   * Starts a comparator with the default rules: AUTO_INCREMENT values and definers ignored.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a comparator with the default rules.
   *
   * @return the comparator
   */
  public static SchemaComparator create() {
    return builder().build();
  }

  /**
   * Returns a builder holding this comparator's settings.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.rules = rules.toBuilder();
    b.flavor = flavor;
    b.listener = listener;
    b.strict = strict;
    b.concurrency = concurrency;
    b.targetTimeout = targetTimeout;
    return b;
  }

  /**
   * Returns the ignore rules.
   *
   * @return the rules
   */
  public IgnoreRules rules() {
    return rules;
  }

  /**
   * Compares two schemas, like {@code git diff from to}. On a machine of 4 or more processors the
   * two are loaded at once: {@code from} on the calling thread, {@code to} on a thread of its own
   * (two live reads use two connections at the same time); on a smaller one, one after the other.
   *
   * @param from the schema the changes start from
   * @param to the schema the changes lead to
   * @return the differences
   * @throws SchemaReadException if a schema cannot be read
   * @throws DdlParseException if DDL text or a dump file cannot be parsed
   */
  public SchemaDiff compare(SchemaSource from, SchemaSource to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Flavor assumed = flavor != null ? flavor : detect(from, to);
    Schema[] both = PairLoad.load(from, to, assumed, listener);
    return compare(from.name(), both[0], to.name(), both[1], assumed);
  }

  /**
   * Compares two schemas already in memory.
   *
   * @param from the schema the changes start from
   * @param to the schema the changes lead to
   * @return the differences
   */
  public SchemaDiff compare(Schema from, Schema to) {
    return compare(from.name(), from, to.name(), to, flavor != null ? flavor : Flavor.MYSQL_8_0);
  }

  /**
   * Compares one table with another whose name may differ, as {@code mysqldiff
   * db_a.users:db_b.users_v2} does. The {@code to} table is compared as if it had the {@code from}
   * table's name (its self-references too), so the migration alters {@code fromTable}; triggers
   * follow their table, and nothing else of either schema is compared. The diff's rules select only
   * {@code fromTable}, so {@link MigrationPlan#applyTo} leaves the database's other objects alone.
   *
   * @param from the schema the changes start from
   * @param fromTable the table in {@code from}, the one a migration changes
   * @param to the schema the changes lead to
   * @param toTable the table in {@code to}
   * @return the differences, named {@code from.fromTable} and {@code to.toTable} in reports
   * @throws SchemaReadException if a schema cannot be read or lacks its table
   * @throws DdlParseException if DDL text or a dump file cannot be parsed
   */
  public SchemaDiff compareTables(
      SchemaSource from, String fromTable, SchemaSource to, String toTable) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(fromTable, "fromTable");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(toTable, "toTable");
    Flavor assumed = flavor != null ? flavor : detect(from, to);
    Schema[] both = PairLoad.load(from, to, assumed, listener);
    Schema a = onlyTable(both[0], from.name(), fromTable, fromTable);
    Schema b = onlyTable(both[1], to.name(), toTable, fromTable);
    SchemaComparator selected =
        of(rules.toBuilder().onlyTables(Pattern.quote(fromTable)).build(), assumed);
    return selected.compare(
        from.name() + "." + fromTable, a, to.name() + "." + toTable, b, assumed);
  }

  /** The schema with one table and its triggers, the table renamed to {@code as}. */
  private static Schema onlyTable(Schema schema, String source, String table, String as) {
    Table t =
        schema
            .table(table)
            .orElseThrow(() -> new SchemaReadException(source + " has no table " + table));
    List<ForeignKey> foreignKeys =
        t.foreignKeys().stream()
            .map(
                fk ->
                    fk.referencedSchema() == null && fk.referencedTable().equals(table)
                        ? new ForeignKey(
                            fk.name(),
                            fk.columns(),
                            null,
                            as,
                            fk.referencedColumns(),
                            fk.onDelete(),
                            fk.onUpdate())
                        : fk)
            .toList();
    Table renamed =
        new Table(
            as, t.columns(), t.indexes(), foreignKeys, t.checks(), t.options(), t.partitioning());
    List<Trigger> triggers =
        schema.triggers().stream()
            .filter(tr -> tr.table().equals(table))
            .map(tr -> new Trigger(tr.name(), as, tr.timing(), tr.event(), tr.body(), tr.definer()))
            .toList();
    Set<String> triggerNames = new HashSet<>();
    triggers.forEach(tr -> triggerNames.add(tr.name()));
    List<UnmodeledAttribute> unmodeled = new ArrayList<>();
    for (UnmodeledAttribute u : schema.unmodeled()) {
      if (u.belongsTo("TABLE", table)) {
        unmodeled.add(
            new UnmodeledAttribute(
                u.owner(), as, u.partKind(), u.partName(), u.attribute(), u.value()));
      } else if (u.owner() == UnmodeledAttribute.Owner.TRIGGER
          && triggerNames.contains(u.objectName())) {
        unmodeled.add(u);
      }
    }
    return new Schema(
        schema.name(),
        schema.defaultCharset(),
        schema.defaultCollation(),
        List.of(renamed),
        List.of(),
        triggers,
        List.of(),
        List.of(),
        unmodeled);
  }

  /** A comparator with given rules, for re-comparing after a migration. */
  static SchemaComparator of(IgnoreRules rules, Flavor flavor) {
    Builder b = new Builder();
    b.rules = rules.toBuilder();
    b.flavor = flavor;
    return b.build();
  }

  SchemaDiff compare(String fromName, Schema a, String toName, Schema b, Flavor assumed) {
    Comparison comparison = Comparison.of(a, b, rules);
    List<Change> changes = comparison.changes();
    RuleView view = comparison.view();
    unmodeled(fromName, view.unmodeled(a), toName, view.unmodeled(b), changes);
    notify(() -> listener.compared(changes.size()));
    LOG.debug("compared {} to {}: {} objects differ", fromName, toName, changes.size());
    return new SchemaDiff(fromName, toName, comparison, assumed);
  }

  /**
   * Refuses (strict) or logs what the comparison could not fully do: a live read whose self-check
   * failed, attributes outside the model that differ, and those of an object the migration would
   * create without them.
   */
  private void unmodeled(
      String fromName,
      List<UnmodeledAttribute> from,
      String toName,
      List<UnmodeledAttribute> to,
      List<Change> changes) {
    List<UnmodeledAttribute> found = new ArrayList<>();
    for (List<UnmodeledAttribute> s : List.of(from, to)) {
      s.stream().filter(UnmodeledAttribute::isReadProblem).forEach(found::add);
    }
    for (Change change : changes) {
      if (change.changeType() == ChangeType.REMOVED) {
        continue;
      }
      Map<String, String> before = new HashMap<>();
      from.stream()
          .filter(u -> u.belongsTo(change.objectKind().name(), change.objectName()))
          .forEach(u -> before.put(u.key(), u.value()));
      to.stream()
          .filter(u -> u.belongsTo(change.objectKind().name(), change.objectName()))
          .filter(u -> !u.isReadProblem() && !u.value().equals(before.remove(u.key())))
          .forEach(found::add);
      from.stream()
          .filter(u -> before.containsKey(u.key()) && !u.isReadProblem())
          .filter(u -> u.belongsTo(change.objectKind().name(), change.objectName()))
          .forEach(found::add);
    }
    if (found.isEmpty()) {
      return;
    }
    if (strict) {
      throw new UnmodeledSchemaException(fromName, toName, found);
    }
    LOG.warn(
        "comparing {} to {}: {} finding(s) outside opskit's model; they are compared as text and"
            + " never migrated: {}",
        fromName,
        toName,
        found.size(),
        found.stream().limit(10).map(UnmodeledAttribute::describe).toList());
  }

  private static Flavor detect(SchemaSource from, SchemaSource to) {
    Optional<Flavor> known = from.flavor();
    if (known.isEmpty()) {
      known = to.flavor();
    }
    return known.orElse(Flavor.MYSQL_8_0);
  }

  /**
   * Compares many targets with one reference, as a fleet: shards, tenants or environments that
   * should all hold the same schema. The reference is read once. Live targets on the same server
   * (the same JDBC URL but for the schema, and the same user) are read together, each {@code
   * information_schema} query running once for a batch of schemas ({@code TABLE_SCHEMA IN (...)});
   * at most {@link Builder#concurrency} connections are open at a time. One target that cannot be
   * read (an unreachable server, a missing schema, a timeout) never stops the others: it is in
   * {@link FleetDiff#failed()}.
   *
   * <pre>{@code
   * FleetDiff fleet = SchemaComparator.builder().concurrency(8).build()
   *     .compareAll(SchemaSource.dumpFile(Path.of("schema.sql")),
   *                 Map.of("shard001", SchemaSource.jdbc(url1, user, password), ...));
   * fleet.groups();   // "412 targets: table `users`: column `x` missing"
   * }</pre>
   *
   * @param reference the schema every target should equal
   * @param targets the targets by name, in the order reports list them
   * @return the drift of each target that differs, grouped, and each failure
   * @throws SchemaReadException if the reference cannot be read
   * @throws DdlParseException if the reference is DDL that cannot be parsed
   */
  public FleetDiff compareAll(SchemaSource reference, Map<String, SchemaSource> targets) {
    Objects.requireNonNull(reference, "reference");
    Map<String, SchemaSource> copy = new LinkedHashMap<>();
    targets.forEach(
        (name, source) ->
            copy.put(
                Objects.requireNonNull(name, "target name"),
                Objects.requireNonNull(source, "source of " + name)));
    return new FleetCompare(this, concurrency, targetTimeout, listener)
        .run(reference, copy, flavor);
  }

  Schema load(SchemaSource source, Flavor assumed) {
    return load(source, assumed, listener);
  }

  /** Loads a source on the calling thread, telling the listener when it starts and ends. */
  static Schema load(SchemaSource source, Flavor assumed, CompareListener listener) {
    notify(() -> listener.loadStarted(source.name()));
    long start = System.nanoTime();
    Schema schema = source.load(assumed);
    long millis = (System.nanoTime() - start) / 1_000_000;
    notify(() -> listener.loadFinished(source.name(), schema.tables().size(), millis));
    return schema;
  }

  static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("compare listener failed; carrying on", e);
    }
  }

  /** Builds a {@link SchemaComparator}. */
  public static final class Builder {
    private IgnoreRules.Builder rules = IgnoreRules.builder();
    private @Nullable Flavor flavor;
    private CompareListener listener = CompareListener.NONE;
    private boolean strict;
    private int concurrency = 8;
    private Duration targetTimeout = Duration.ofMinutes(5);

    private Builder() {}

    /**
     * Sets how many connections a fleet comparison ({@link SchemaComparator#compareAll}) opens at
     * most, overall and so per server.
     *
     * @param connections at least 1 (default 8)
     * @return this builder
     */
    public Builder concurrency(int connections) {
      if (connections < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, not " + connections);
      }
      this.concurrency = connections;
      return this;
    }

    /**
     * Sets how long a fleet comparison waits for a target to be read; a target read together with
     * others shares their time. A target that takes longer fails as {@link
     * FleetTargetException.Kind#TIMED_OUT} and its connection is aborted.
     *
     * @param timeout a positive duration (default 5 minutes)
     * @return this builder
     */
    public Builder targetTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("targetTimeout must be positive, not " + timeout);
      }
      this.targetTimeout = timeout;
      return this;
    }

    /**
     * Refuses a comparison that opskit cannot fully carry out: {@code compare} throws {@link
     * UnmodeledSchemaException} when something the model has no place for ({@link
     * UnmodeledAttribute}: an index's {@code KEY_BLOCK_SIZE}, a column's {@code COLUMN_FORMAT}, a
     * view's column list, trigger order, per-partition storage options, ...) differs or belongs to
     * an object the migration would create, or when a live read does not match the server's {@code
     * SHOW CREATE TABLE}. The same attribute on both sides is compared and passes. Without it,
     * differing attributes are {@link dev.opskit.schemadiff.compare.Aspect#UNMODELED} differences,
     * logged as a warning, and the migration lists them as work by hand ({@link
     * MigrationPlan#byHand()}).
     *
     * @return this builder
     */
    public Builder strict() {
      this.strict = true;
      return this;
    }

    /**
     * Ignores one table option; call it once per option.
     *
     * @param option the option
     * @return this builder
     */
    public Builder ignoreTableOption(TableOption option) {
      rules.ignoreTableOption(Objects.requireNonNull(option, "option").optionName());
      return this;
    }

    /**
     * Compares a table option that is ignored by default: {@link TableOption#AUTO_INCREMENT}.
     *
     * @param option the option
     * @return this builder
     */
    public Builder compareTableOption(TableOption option) {
      rules.compareTableOption(Objects.requireNonNull(option, "option").optionName());
      return this;
    }

    /**
     * Ignores tables (and their triggers) whose whole name matches a regular expression.
     *
     * @param regex the regular expression, such as {@code tmp_.*}
     * @return this builder
     */
    public Builder ignoreTables(String regex) {
      rules.ignoreNames(ObjectKind.TABLE, Objects.requireNonNull(regex, "regex"));
      return this;
    }

    /**
     * Compares only the tables whose whole name matches a regular expression, as {@code mysqldiff
     * db_a.users:db_b.users} does; call it again to select more. Views whose name matches are
     * compared too (they share the tables' names), triggers follow their table, and routines,
     * events and the schema's default charset are not compared. An {@link #ignoreTables} rule wins:
     * a table both select and ignore is not compared.
     *
     * @param regex the regular expression, such as {@code users|orders}
     * @return this builder
     */
    public Builder onlyTables(String regex) {
      rules.onlyTables(Objects.requireNonNull(regex, "regex"));
      return this;
    }

    /**
     * Ignores objects of a kind whose whole name matches a regular expression.
     *
     * @param kind the kind
     * @param regex the regular expression
     * @return this builder
     */
    public Builder ignoreObjects(ObjectKind kind, String regex) {
      rules.ignoreNames(
          Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(regex, "regex"));
      return this;
    }

    /**
     * Ignores every object of a kind, such as {@link ObjectKind#EVENT}; {@link ObjectKind#SCHEMA}
     * ignores the schemas' default charset and collation.
     *
     * @param kind the kind
     * @return this builder
     */
    public Builder ignoreKind(ObjectKind kind) {
      rules.ignoreKind(Objects.requireNonNull(kind, "kind"));
      return this;
    }

    /**
     * Ignores comments on tables, columns, indexes, partitions, routines and events.
     *
     * @return this builder
     */
    public Builder ignoreComments() {
      rules.comments(true);
      return this;
    }

    /**
     * Ignores the order of columns.
     *
     * @return this builder
     */
    public Builder ignoreColumnOrder() {
      rules.columnOrder(true);
      return this;
    }

    /**
     * Ignores the order of indexes.
     *
     * @return this builder
     */
    public Builder ignoreIndexOrder() {
      rules.indexOrder(true);
      return this;
    }

    /**
     * Treats foreign keys that differ only by name as equal.
     *
     * @return this builder
     */
    public Builder ignoreForeignKeyNames() {
      rules.foreignKeyNames(true);
      return this;
    }

    /**
     * Ignores the partition lists of RANGE and LIST partitioned tables (their method and expression
     * are still compared), for tables whose partitions a job adds and drops.
     *
     * @return this builder
     */
    public Builder ignorePartitionListDrift() {
      rules.partitionListDrift(true);
      return this;
    }

    /**
     * Compares the definers of views, triggers, routines and events (ignored by default).
     *
     * @return this builder
     */
    public Builder compareDefiners() {
      rules.definers(false);
      return this;
    }

    /**
     * Edits the ignore rules directly.
     *
     * @param edit what to change
     * @return this builder
     */
    public Builder ignoreRules(Consumer<IgnoreRules.Builder> edit) {
      Objects.requireNonNull(edit, "edit").accept(rules);
      return this;
    }

    /**
     * Sets the server flavor whose defaults apply to DDL text. By default it is taken from a live
     * source or a dump header, else MySQL 8.0.
     *
     * @param flavor the flavor
     * @return this builder
     */
    public Builder flavor(Flavor flavor) {
      this.flavor = Objects.requireNonNull(flavor, "flavor");
      return this;
    }

    /**
     * Sets the listener that hears progress (default {@link CompareListener#NONE}).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(CompareListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the comparator.
     *
     * @return the comparator
     */
    public SchemaComparator build() {
      return new SchemaComparator(this);
    }
  }
}
