package dev.opskit.schemadiff.internal.compare;

import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.IgnoreRules;
import dev.opskit.schemadiff.model.Schema;
import java.util.List;
import java.util.Objects;

/**
 * Two schemas as loaded and what differs between them under some rules: all the migration planner
 * and the guard need.
 *
 * @param from the schema the changes start from, as loaded
 * @param to the schema the changes lead to, as loaded
 * @param view the rules, as the comparison applied them
 * @param changes the changes, whose objects are those of {@code from} and {@code to}
 */
public record Comparison(Schema from, Schema to, RuleView view, List<Change> changes) {
  /** Copies the changes. */
  public Comparison {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(view, "view");
    changes = List.copyOf(changes);
  }

  /**
   * Compares two schemas.
   *
   * @param from the schema the changes start from
   * @param to the schema the changes lead to
   * @param rules what does not count as a difference
   * @return the comparison
   */
  public static Comparison of(Schema from, Schema to, IgnoreRules rules) {
    RuleView view = new RuleView(rules);
    return new Comparison(from, to, view, SchemaDiffer.diff(from, to, view));
  }

  /**
   * Returns the rules.
   *
   * @return the rules
   */
  public IgnoreRules rules() {
    return view.rules();
  }

  /**
   * Returns the comparison the other way round.
   *
   * @return the comparison from {@code to} to {@code from}
   */
  public Comparison reverse() {
    return new Comparison(to, from, view, SchemaDiffer.diff(to, from, view));
  }
}
