package dev.opskit.schemadiff.compare;

import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.Partitioning;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One difference inside an object, typed by what it is about: each kind holds the model parts of
 * both sides ({@code from} null when the part was added, {@code to} null when it was removed) and
 * the canonical SQL text the reports show.
 *
 * <pre>{@code
 * for (Difference d : change.differences()) {
 *   if (d instanceof Difference.OfColumn c && c.changeType() == ChangeType.CHANGED) {
 *     System.out.println(c.from().type() + " -> " + c.to().type());
 *   }
 * }
 * }</pre>
 */
public sealed interface Difference
    permits Difference.OfColumn,
        Difference.OfOrder,
        Difference.OfIndex,
        Difference.OfForeignKey,
        Difference.OfCheck,
        Difference.OfOption,
        Difference.OfPartitioning,
        Difference.OfUnmodeled,
        Difference.OfDefinition,
        Difference.OfSchemaDefault {

  /**
   * Returns what part of the object differs.
   *
   * @return the aspect
   */
  Aspect aspect();

  /**
   * Returns the part's name.
   *
   * @return a column, index, constraint or option name; empty for orders and definitions
   */
  String name();

  /**
   * Returns whether the part was added, removed or changed.
   *
   * @return the change type
   */
  ChangeType changeType();

  /**
   * Returns the part in {@code from} as canonical SQL text.
   *
   * @return the text, or null when the part was added
   */
  @Nullable String fromText();

  /**
   * Returns the part in {@code to} as canonical SQL text.
   *
   * @return the text, or null when the part was removed
   */
  @Nullable String toText();

  /**
   * Describes the difference in one line.
   *
   * @return for example {@code column `email` changed: `email` varchar(100) ... -> `email`
   *     varchar(255) ...}
   */
  default String describe() {
    String what = aspect().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    String label = name().isEmpty() ? what : what + " " + name();
    return switch (changeType()) {
      case ADDED -> label + " added: " + toText();
      case REMOVED -> label + " removed: " + fromText();
      case CHANGED -> label + " changed: " + fromText() + " -> " + toText();
    };
  }

  /** The change type that follows from which sides hold a part. */
  private static ChangeType typeOf(@Nullable Object from, @Nullable Object to) {
    if (from == null && to == null) {
      throw new IllegalArgumentException("a difference needs a part on at least one side");
    }
    return from == null ? ChangeType.ADDED : to == null ? ChangeType.REMOVED : ChangeType.CHANGED;
  }

  /**
   * A column added, removed or changed.
   *
   * @param from the column in {@code from}, or null when added
   * @param to the column in {@code to}, or null when removed
   * @param fromText {@code from} as it appears in CREATE TABLE
   * @param toText {@code to} as it appears in CREATE TABLE
   */
  record OfColumn(
      @Nullable Column from,
      @Nullable Column to,
      @Nullable String fromText,
      @Nullable String toText)
      implements Difference {
    /** Checks that one side holds the column. */
    public OfColumn {
      typeOf(from, to);
    }

    @Override
    public Aspect aspect() {
      return Aspect.COLUMN;
    }

    @Override
    public String name() {
      return to != null ? to.name() : Objects.requireNonNull(from).name();
    }

    @Override
    public ChangeType changeType() {
      return typeOf(from, to);
    }
  }

  /**
   * The parts both sides hold are in another relative order.
   *
   * @param aspect {@link Aspect#COLUMN_ORDER} or {@link Aspect#INDEX_ORDER}
   * @param from the names in {@code from}'s order
   * @param to the same names in {@code to}'s order
   */
  record OfOrder(Aspect aspect, List<String> from, List<String> to) implements Difference {
    /** Checks the aspect and copies the lists. */
    public OfOrder {
      if (aspect != Aspect.COLUMN_ORDER && aspect != Aspect.INDEX_ORDER) {
        throw new IllegalArgumentException("not an order: " + aspect);
      }
      from = List.copyOf(from);
      to = List.copyOf(to);
    }

    @Override
    public String name() {
      return "";
    }

    @Override
    public ChangeType changeType() {
      return ChangeType.CHANGED;
    }

    @Override
    public String fromText() {
      return String.join(", ", from);
    }

    @Override
    public String toText() {
      return String.join(", ", to);
    }
  }

  /**
   * An index added, removed or changed.
   *
   * @param from the index in {@code from}, or null when added
   * @param to the index in {@code to}, or null when removed
   * @param fromText {@code from} as it appears in CREATE TABLE
   * @param toText {@code to} as it appears in CREATE TABLE
   */
  record OfIndex(
      @Nullable Index from, @Nullable Index to, @Nullable String fromText, @Nullable String toText)
      implements Difference {
    /** Checks that one side holds the index. */
    public OfIndex {
      typeOf(from, to);
    }

    @Override
    public Aspect aspect() {
      return Aspect.INDEX;
    }

    @Override
    public String name() {
      return to != null ? to.name() : Objects.requireNonNull(from).name();
    }

    @Override
    public ChangeType changeType() {
      return typeOf(from, to);
    }
  }

  /**
   * A foreign key added, removed or changed. When the comparison ignores foreign key names, the two
   * sides are matched by what they do and each keeps its own name.
   *
   * @param from the foreign key in {@code from}, or null when added
   * @param to the foreign key in {@code to}, or null when removed
   * @param fromText {@code from} as it appears in CREATE TABLE
   * @param toText {@code to} as it appears in CREATE TABLE
   */
  record OfForeignKey(
      @Nullable ForeignKey from,
      @Nullable ForeignKey to,
      @Nullable String fromText,
      @Nullable String toText)
      implements Difference {
    /** Checks that one side holds the foreign key. */
    public OfForeignKey {
      typeOf(from, to);
    }

    @Override
    public Aspect aspect() {
      return Aspect.FOREIGN_KEY;
    }

    @Override
    public String name() {
      return to != null ? to.name() : Objects.requireNonNull(from).name();
    }

    @Override
    public ChangeType changeType() {
      return typeOf(from, to);
    }
  }

  /**
   * A CHECK constraint added, removed or changed.
   *
   * @param from the constraint in {@code from}, or null when added
   * @param to the constraint in {@code to}, or null when removed
   * @param fromText {@code from} as it appears in CREATE TABLE
   * @param toText {@code to} as it appears in CREATE TABLE
   */
  record OfCheck(
      @Nullable CheckConstraint from,
      @Nullable CheckConstraint to,
      @Nullable String fromText,
      @Nullable String toText)
      implements Difference {
    /** Checks that one side holds the constraint. */
    public OfCheck {
      typeOf(from, to);
    }

    @Override
    public Aspect aspect() {
      return Aspect.CHECK;
    }

    @Override
    public String name() {
      return to != null ? to.name() : Objects.requireNonNull(from).name();
    }

    @Override
    public ChangeType changeType() {
      return typeOf(from, to);
    }
  }

  /**
   * A table option set, reset or changed.
   *
   * @param name the option's canonical name, such as {@code ENGINE}
   * @param from its value in {@code from}, or null when not set
   * @param to its value in {@code to}, or null when not set
   */
  record OfOption(String name, @Nullable String from, @Nullable String to) implements Difference {
    /** Checks that one side sets the option. */
    public OfOption {
      Objects.requireNonNull(name, "name");
      typeOf(from, to);
    }

    @Override
    public Aspect aspect() {
      return Aspect.OPTION;
    }

    @Override
    public ChangeType changeType() {
      return typeOf(from, to);
    }

    @Override
    public @Nullable String fromText() {
      return from;
    }

    @Override
    public @Nullable String toText() {
      return to;
    }
  }

  /**
   * The partitioning clause added, removed or changed.
   *
   * @param from the partitioning in {@code from}, or null when the table is not partitioned
   * @param to the partitioning in {@code to}, or null when the table is not partitioned
   * @param fromText {@code from} as it appears in CREATE TABLE
   * @param toText {@code to} as it appears in CREATE TABLE
   */
  record OfPartitioning(
      @Nullable Partitioning from,
      @Nullable Partitioning to,
      @Nullable String fromText,
      @Nullable String toText)
      implements Difference {
    /** Checks that one side is partitioned. */
    public OfPartitioning {
      typeOf(from, to);
    }

    @Override
    public Aspect aspect() {
      return Aspect.PARTITIONING;
    }

    @Override
    public String name() {
      return "";
    }

    @Override
    public ChangeType changeType() {
      return typeOf(from, to);
    }
  }

  /**
   * An attribute outside opskit's model that differs; the migration cannot carry it out.
   *
   * @param name what it is about, such as {@code index `k` KEY_BLOCK_SIZE}
   * @param from the attribute in {@code from}, or null when only {@code to} has it
   * @param to the attribute in {@code to}, or null when only {@code from} has it
   */
  record OfUnmodeled(
      String name, @Nullable UnmodeledAttribute from, @Nullable UnmodeledAttribute to)
      implements Difference {
    /** Checks that one side holds the attribute. */
    public OfUnmodeled {
      Objects.requireNonNull(name, "name");
      typeOf(from, to);
    }

    @Override
    public Aspect aspect() {
      return Aspect.UNMODELED;
    }

    @Override
    public ChangeType changeType() {
      return typeOf(from, to);
    }

    @Override
    public @Nullable String fromText() {
      return from == null ? null : from.value();
    }

    @Override
    public @Nullable String toText() {
      return to == null ? null : to.value();
    }
  }

  /**
   * The whole definition of a view, trigger, routine or event differs; the objects themselves are
   * the {@link Change}'s {@code from} and {@code to}.
   *
   * @param fromText the definition in {@code from}
   * @param toText the definition in {@code to}
   */
  record OfDefinition(String fromText, String toText) implements Difference {
    /** Checks the fields. */
    public OfDefinition {
      Objects.requireNonNull(fromText, "fromText");
      Objects.requireNonNull(toText, "toText");
    }

    @Override
    public Aspect aspect() {
      return Aspect.DEFINITION;
    }

    @Override
    public String name() {
      return "";
    }

    @Override
    public ChangeType changeType() {
      return ChangeType.CHANGED;
    }
  }

  /**
   * The schema's default character set or collation differs.
   *
   * @param aspect {@link Aspect#DEFAULT_CHARSET} or {@link Aspect#DEFAULT_COLLATION}
   * @param fromText the value in {@code from}
   * @param toText the value in {@code to}
   */
  record OfSchemaDefault(Aspect aspect, String fromText, String toText) implements Difference {
    /** Checks the fields. */
    public OfSchemaDefault {
      if (aspect != Aspect.DEFAULT_CHARSET && aspect != Aspect.DEFAULT_COLLATION) {
        throw new IllegalArgumentException("not a schema default: " + aspect);
      }
      Objects.requireNonNull(fromText, "fromText");
      Objects.requireNonNull(toText, "toText");
    }

    @Override
    public String name() {
      return "";
    }

    @Override
    public ChangeType changeType() {
      return ChangeType.CHANGED;
    }
  }
}
