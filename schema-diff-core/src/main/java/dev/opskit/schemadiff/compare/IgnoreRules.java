package dev.opskit.schemadiff.compare;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a comparison leaves out. Each rule is independent and decides that exactly its kind of
 * difference does not count: the schemas are never rewritten, the comparison consults the rules
 * part by part, so neither the changes, the unified diff nor the migration show what they ignore.
 *
 * <p>By default the {@code AUTO_INCREMENT} table option (the counter's value, never the column
 * attribute) and definers are ignored; nothing else is.
 */
public final class IgnoreRules {
  private static final IgnoreRules DEFAULTS = builder().build();

  private final Set<String> tableOptions;
  private final boolean comments;
  private final boolean columnOrder;
  private final boolean indexOrder;
  private final boolean foreignKeyNames;
  private final boolean partitionListDrift;
  private final boolean definers;
  private final Map<ObjectKind, List<Pattern>> names;
  private final Set<ObjectKind> kinds;
  private final List<Pattern> onlyTables;

  private IgnoreRules(Builder b) {
    this.tableOptions = Set.copyOf(b.tableOptions);
    this.comments = b.comments;
    this.columnOrder = b.columnOrder;
    this.indexOrder = b.indexOrder;
    this.foreignKeyNames = b.foreignKeyNames;
    this.partitionListDrift = b.partitionListDrift;
    this.definers = b.definers;
    Map<ObjectKind, List<Pattern>> copy = new EnumMap<>(ObjectKind.class);
    b.names.forEach((kind, patterns) -> copy.put(kind, List.copyOf(patterns)));
    this.names = Map.copyOf(copy);
    this.kinds = b.kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(b.kinds));
    this.onlyTables = List.copyOf(b.onlyTables);
  }

  /**
   * Returns the default rules: ignore AUTO_INCREMENT values and definers.
   *
   * @return the defaults
   */
  public static IgnoreRules defaults() {
    return DEFAULTS;
  }

  /**
   * Starts from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these rules.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.tableOptions.clear();
    b.tableOptions.addAll(tableOptions);
    b.comments = comments;
    b.columnOrder = columnOrder;
    b.indexOrder = indexOrder;
    b.foreignKeyNames = foreignKeyNames;
    b.partitionListDrift = partitionListDrift;
    b.definers = definers;
    names.forEach((kind, patterns) -> b.names.put(kind, new ArrayList<>(patterns)));
    b.kinds.addAll(kinds);
    b.onlyTables.addAll(onlyTables);
    return b;
  }

  /**
   * Returns the ignored table options by canonical name.
   *
   * @return the option names, such as {@code AUTO_INCREMENT}
   */
  public Set<String> tableOptions() {
    return tableOptions;
  }

  /**
   * Returns whether an object is ignored by name or kind. Under {@code onlyTables} rules, a table
   * or view is compared only when its whole name matches one of them, and routines, events and the
   * schema defaults are not compared; a trigger follows its table. An ignore rule wins over an
   * include rule.
   *
   * @param kind the object's kind
   * @param name the object's name
   * @return true if a rule ignores it
   */
  public boolean ignores(ObjectKind kind, String name) {
    if (kinds.contains(kind)) {
      return true;
    }
    if (!onlyTables.isEmpty() && !selected(kind, name)) {
      return true;
    }
    return names.getOrDefault(kind, List.of()).stream().anyMatch(p -> p.matcher(name).matches());
  }

  /** Whether the include rules select an object; triggers are selected through their table. */
  private boolean selected(ObjectKind kind, String name) {
    return switch (kind) {
      case TABLE, VIEW -> onlyTables.stream().anyMatch(p -> p.matcher(name).matches());
      case TRIGGER -> true;
      case SCHEMA, PROCEDURE, FUNCTION, EVENT -> false;
    };
  }

  /**
   * Returns the include rules: when there are any, only the tables and views whose whole name
   * matches one are compared.
   *
   * @return the regular expressions, empty when every table is compared
   */
  public List<String> onlyTables() {
    return onlyTables.stream().map(Pattern::pattern).toList();
  }

  /**
   * Returns whether the order of columns is ignored.
   *
   * @return true when it is
   */
  public boolean ignoresColumnOrder() {
    return columnOrder;
  }

  /**
   * Returns whether the order of indexes is ignored.
   *
   * @return true when it is
   */
  public boolean ignoresIndexOrder() {
    return indexOrder;
  }

  /**
   * Returns whether foreign keys that differ only by name compare equal.
   *
   * @return true when their names are ignored
   */
  public boolean ignoresForeignKeyNames() {
    return foreignKeyNames;
  }

  /**
   * Returns whether the schemas' default charset and collation are compared.
   *
   * @return false when {@link ObjectKind#SCHEMA} is ignored
   */
  public boolean comparesSchemaDefaults() {
    return !ignores(ObjectKind.SCHEMA, "");
  }

  /**
   * Returns whether comments on tables, columns, indexes, partitions, routines and events are
   * ignored.
   *
   * @return true when they are
   */
  public boolean ignoresComments() {
    return comments;
  }

  /**
   * Returns whether the partition lists of RANGE and LIST partitioned tables are ignored.
   *
   * @return true when they are
   */
  public boolean ignoresPartitionListDrift() {
    return partitionListDrift;
  }

  /**
   * Returns whether definers of views, triggers, routines and events are ignored.
   *
   * @return true when they are
   */
  public boolean ignoresDefiners() {
    return definers;
  }

  /**
   * Returns whether a table option is ignored; with comments ignored, so is {@code COMMENT}.
   *
   * @param canonicalName the option's canonical name
   * @return true when a difference in it does not count
   */
  public boolean ignoresTableOption(String canonicalName) {
    return tableOptions.contains(canonicalName) || (comments && canonicalName.equals("COMMENT"));
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (!tableOptions.isEmpty()) {
      parts.add("table options " + new TreeSet<>(tableOptions));
    }
    if (comments) {
      parts.add("comments");
    }
    if (columnOrder) {
      parts.add("column order");
    }
    if (indexOrder) {
      parts.add("index order");
    }
    if (foreignKeyNames) {
      parts.add("foreign key names");
    }
    if (partitionListDrift) {
      parts.add("partition list drift");
    }
    if (definers) {
      parts.add("definers");
    }
    names.forEach(
        (kind, patterns) ->
            parts.add(
                kind.name().toLowerCase(Locale.ROOT)
                    + " names "
                    + patterns.stream().map(Pattern::pattern).collect(Collectors.joining("|"))));
    if (!kinds.isEmpty()) {
      parts.add("kinds " + new TreeSet<>(kinds));
    }
    if (!onlyTables.isEmpty()) {
      parts.add("only tables " + String.join("|", onlyTables()));
    }
    return "IgnoreRules" + parts;
  }

  /** Builds {@link IgnoreRules}. */
  public static final class Builder {
    private final Set<String> tableOptions = new TreeSet<>(Set.of("AUTO_INCREMENT"));
    private boolean comments;
    private boolean columnOrder;
    private boolean indexOrder;
    private boolean foreignKeyNames;
    private boolean partitionListDrift;
    private boolean definers = true;
    private final Map<ObjectKind, List<Pattern>> names = new EnumMap<>(ObjectKind.class);
    private final Set<ObjectKind> kinds = EnumSet.noneOf(ObjectKind.class);
    private final List<Pattern> onlyTables = new ArrayList<>();

    private Builder() {}

    /**
     * Ignores one table option.
     *
     * @param canonicalName the option's canonical name, such as {@code ROW_FORMAT}
     * @return this builder
     */
    public Builder ignoreTableOption(String canonicalName) {
      tableOptions.add(Objects.requireNonNull(canonicalName, "canonicalName"));
      return this;
    }

    /**
     * Compares a table option that is ignored by default ({@code AUTO_INCREMENT}).
     *
     * @param canonicalName the option's canonical name
     * @return this builder
     */
    public Builder compareTableOption(String canonicalName) {
      tableOptions.remove(Objects.requireNonNull(canonicalName, "canonicalName"));
      return this;
    }

    /**
     * Sets whether comments on tables, columns, indexes, partitions, routines and events are
     * ignored.
     *
     * @param ignore whether to ignore them (default false)
     * @return this builder
     */
    public Builder comments(boolean ignore) {
      this.comments = ignore;
      return this;
    }

    /**
     * Sets whether column order is ignored.
     *
     * @param ignore whether to ignore it (default false)
     * @return this builder
     */
    public Builder columnOrder(boolean ignore) {
      this.columnOrder = ignore;
      return this;
    }

    /**
     * Sets whether index order is ignored.
     *
     * @param ignore whether to ignore it (default false)
     * @return this builder
     */
    public Builder indexOrder(boolean ignore) {
      this.indexOrder = ignore;
      return this;
    }

    /**
     * Sets whether foreign keys that differ only by name compare equal.
     *
     * @param ignore whether to ignore names (default false)
     * @return this builder
     */
    public Builder foreignKeyNames(boolean ignore) {
      this.foreignKeyNames = ignore;
      return this;
    }

    /**
     * Sets whether the partition lists of RANGE and LIST partitioned tables are ignored (the method
     * and expression are still compared), for tables whose partitions a job rotates.
     *
     * @param ignore whether to ignore them (default false)
     * @return this builder
     */
    public Builder partitionListDrift(boolean ignore) {
      this.partitionListDrift = ignore;
      return this;
    }

    /**
     * Sets whether definers of views, triggers, routines and events are ignored.
     *
     * @param ignore whether to ignore them (default true)
     * @return this builder
     */
    public Builder definers(boolean ignore) {
      this.definers = ignore;
      return this;
    }

    /**
     * Ignores objects of a kind whose whole name matches a regular expression.
     *
     * @param kind the kind
     * @param regex the regular expression, matched against the whole name
     * @return this builder
     */
    public Builder ignoreNames(ObjectKind kind, String regex) {
      names.computeIfAbsent(kind, k -> new ArrayList<>()).add(Pattern.compile(regex));
      return this;
    }

    /**
     * Compares only the tables and views whose whole name matches a regular expression (or another
     * {@code onlyTables} rule), and their triggers; routines, events and the schema defaults are
     * then not compared. Ignore rules still apply to what is selected, and win.
     *
     * @param regex the regular expression, matched against the whole name
     * @return this builder
     */
    public Builder onlyTables(String regex) {
      onlyTables.add(Pattern.compile(Objects.requireNonNull(regex, "regex")));
      return this;
    }

    /**
     * Ignores every object of a kind; {@link ObjectKind#SCHEMA} ignores the schema defaults.
     *
     * @param kind the kind
     * @return this builder
     */
    public Builder ignoreKind(ObjectKind kind) {
      kinds.add(Objects.requireNonNull(kind, "kind"));
      return this;
    }

    /**
     * Builds the rules.
     *
     * @return the rules
     */
    public IgnoreRules build() {
      return new IgnoreRules(this);
    }
  }
}
