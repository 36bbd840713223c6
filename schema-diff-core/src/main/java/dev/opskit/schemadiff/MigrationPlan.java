package dev.opskit.schemadiff;

import dev.opskit.schemadiff.compare.Aspect;
import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.schemadiff.compare.Difference;
import dev.opskit.schemadiff.internal.migrate.MigrationGuard;
import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.migrate.MigrationStatement;
import dev.opskit.schemadiff.migrate.Safety;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statements that turn a diff's {@code from} schema into its {@code to} schema, ordered so the
 * server accepts them, each marked safe or unsafe. Nothing runs until {@link #applyTo} is called.
 *
 * <pre>{@code
 * MigrationPlan plan = diff.migration(MigrationOptions.builder().allowUnsafe(false).build());
 * log.info("review:\n{}", plan.sql());
 * SchemaDiff check = plan.applyTo(dataSourceOfFrom); // empty when the database now equals `to`
 * }</pre>
 */
public final class MigrationPlan {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationPlan.class);

  private final SchemaDiff diff;
  private final MigrationOptions options;
  private final Flavor flavor;
  private final List<MigrationStatement> statements;

  MigrationPlan(
      SchemaDiff diff,
      MigrationOptions options,
      Flavor flavor,
      List<MigrationStatement> statements) {
    this.diff = diff;
    this.options = options;
    this.flavor = flavor;
    this.statements = List.copyOf(statements);
  }

  /**
   * Returns every planned statement, including unsafe ones the options leave out.
   *
   * @return the statements in order
   */
  public List<MigrationStatement> statements() {
    return statements;
  }

  /**
   * Returns the statements {@link #applyTo} runs: all of them, or only the safe ones when unsafe
   * statements are not allowed.
   *
   * @return the statements to run, in order
   */
  public List<MigrationStatement> included() {
    return statements.stream().filter(this::included).toList();
  }

  /**
   * Returns the unsafe statements the options leave out.
   *
   * @return the statements left out, empty when unsafe statements are allowed
   */
  public List<MigrationStatement> leftOut() {
    return statements.stream().filter(s -> !included(s)).toList();
  }

  /**
   * Returns the changes that have an unsafe statement.
   *
   * @return the changes, in plan order
   */
  public List<Change> unsafeChanges() {
    LinkedHashSet<Change> out = new LinkedHashSet<>();
    statements.stream().filter(s -> s.safety() == Safety.UNSAFE).forEach(s -> out.add(s.change()));
    return List.copyOf(out);
  }

  /**
   * Returns what the plan cannot do because opskit's model has no place for it ({@link
   * dev.opskit.schemadiff.model.UnmodeledAttribute}): attributes that differ on an object both
   * schemas have, and those of an object the plan creates (its {@code CREATE} is written without
   * them). A database migrated by this plan still differs from {@code to} in these until they are
   * made by hand.
   *
   * @return one line per attribute, such as {@code table `t` index `k`: KEY_BLOCK_SIZE changed: 8
   *     -> 4}
   */
  public List<String> byHand() {
    List<String> out = new ArrayList<>();
    for (Change change : diff.changes()) {
      String object =
          change.objectKind().name().toLowerCase(Locale.ROOT) + " `" + change.objectName() + "`";
      if (change.changeType() == ChangeType.ADDED) {
        for (UnmodeledAttribute u : diff.comparison().view().unmodeled(diff.to())) {
          if (u.objectName().equals(change.objectName())
              && u.owner().name().equals(change.objectKind().name())) {
            out.add(u.describe() + " (not written by CREATE)");
          }
        }
      }
      for (Difference d : change.differences()) {
        if (d.aspect() == Aspect.UNMODELED) {
          out.add(object + ": " + d.describe());
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * Returns the options the plan was made with.
   *
   * @return the options
   */
  public MigrationOptions options() {
    return options;
  }

  /**
   * Returns the diff the plan carries out.
   *
   * @return the diff
   */
  public SchemaDiff diff() {
    return diff;
  }

  /**
   * Returns whether the plan has nothing to do.
   *
   * @return true when there are no statements
   */
  public boolean isEmpty() {
    return statements.isEmpty();
  }

  /**
   * Renders the plan as a script for the {@code mysql} client: a header, guard statements that stop
   * a second run of the script before it changes anything, with an error that starts "already
   * migrated:", then each statement after a comment saying what it does; unsafe statements are
   * marked {@code -- UNSAFE:}, and those left out are commented out line by line. Triggers,
   * routines and events are wrapped in {@code DELIMITER ;;} lines.
   *
   * @return the script
   */
  public String sql() {
    StringBuilder out = new StringBuilder();
    long unsafe = statements.stream().filter(s -> s.safety() == Safety.UNSAFE).count();
    out.append("-- Migration from ")
        .append(SqlExpressions.commentText(diff.fromName()))
        .append(" to ")
        .append(SqlExpressions.commentText(diff.toName()))
        .append(" for ")
        .append(flavor)
        .append(": ")
        .append(statements.size())
        .append(statements.size() == 1 ? " statement, " : " statements, ")
        .append(unsafe)
        .append(" unsafe\n");
    List<MigrationStatement> left = leftOut();
    if (!left.isEmpty()) {
      out.append("-- ")
          .append(left.size())
          .append(" unsafe statement")
          .append(left.size() == 1 ? " is" : "s are")
          .append(" left out as comments; plan with allowUnsafe(true) to run them\n");
    }
    List<String> byHand = byHand();
    if (!byHand.isEmpty()) {
      out.append("-- ")
          .append(byHand.size())
          .append(byHand.size() == 1 ? " difference is" : " differences are")
          .append(" outside opskit's model and not migrated; make them by hand:\n");
      byHand.forEach(line -> out.append("--   ").append(oneLine(line)).append('\n'));
    }
    if (statements.isEmpty() && byHand.isEmpty()) {
      out.append("-- nothing to do: the schemas are the same\n");
    } else {
      MigrationGuard.of(diff.from(), diff.to(), diff.comparison().view())
          .ifPresent(guard -> out.append('\n').append(guard).append(";\n"));
    }
    for (MigrationStatement s : statements) {
      out.append('\n');
      boolean run = included(s);
      if (s.safety() == Safety.UNSAFE) {
        out.append(run ? "-- UNSAFE: " : "-- UNSAFE, left out: ").append(oneLine(s.reason()));
      } else {
        out.append("-- ").append(oneLine(s.reason()));
      }
      out.append('\n');
      if (!run) {
        // Every line break the client knows starts a new commented line.
        for (String line : (s.sql() + ";").split("\r\n|\r|\n", -1)) {
          out.append("-- ").append(line).append('\n');
        }
      } else if (s.needsDelimiter()) {
        out.append("DELIMITER ;;\n").append(s.sql()).append(" ;;\nDELIMITER ;\n");
      } else {
        out.append(s.sql()).append(";\n");
      }
    }
    return out.toString();
  }

  /**
   * Runs the plan's statements on the database of a data source, then compares that database with
   * the {@code to} schema again. If the database already equals {@code to}, nothing runs (so
   * applying twice is a no-op). If it is part-way, as an earlier run that stopped leaves it (it
   * differs from {@code to} only in objects this plan changes), only what is not yet in effect
   * runs: the statements planned from the database as it is to {@code to}, with the same options.
   * If it is in neither state, nothing runs and a {@link MigrationException} says so. The first
   * statement the server rejects stops the run; fix the cause and call this again to resume.
   *
   * @param dataSource a data source whose connections open the database to migrate; it stays the
   *     caller's
   * @return the differences left between the database and {@code to}: empty when the migration is
   *     complete, the left-out unsafe changes otherwise
   * @throws MigrationException if the database is not in the {@code from} state or a statement
   *     fails; it lists what had been applied
   * @throws SchemaReadException if the database cannot be read
   */
  public SchemaDiff applyTo(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    String database = database(dataSource);
    SchemaComparator comparator = SchemaComparator.of(diff.rules(), flavor);
    SchemaSource live = SchemaSource.jdbc(dataSource, database);
    Schema before = live.load(flavor);
    SchemaDiff done = comparator.compare(database, before, diff.toName(), diff.to(), flavor);
    if (done.isEmpty()) {
      LOG.info("{} already equals {}: nothing to apply", database, diff.toName());
      return done;
    }
    SchemaDiff start = comparator.compare(database, before, diff.fromName(), diff.from(), flavor);
    List<MigrationStatement> run = included();
    if (!start.isEmpty() && partWay(done)) {
      // Planned from the database as it is: statements already in effect are not planned again.
      run = done.migration(options.copy(b -> b.flavor(flavor))).included();
      LOG.info(
          "{} is part-way to {}: resuming with the {} statements not yet in effect",
          database,
          diff.toName(),
          run.size());
    } else if (!start.isEmpty()) {
      throw new MigrationException(
          "database "
              + database
              + " is in neither the from state ("
              + diff.fromName()
              + ") nor the to state ("
              + diff.toName()
              + "); nothing was applied. It differs from "
              + diff.fromName()
              + " in: "
              + start.summary().replace('\n', ';'),
          null,
          "",
          List.of(),
          List.of(),
          null);
    }
    List<MigrationStatement> applied = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (MigrationStatement s : run) {
        try {
          statement.execute(s.sql());
        } catch (SQLException e) {
          String error = "(" + e.getErrorCode() + ") " + e.getMessage();
          throw new MigrationException(
              "migration of "
                  + database
                  + " stopped at statement "
                  + (applied.size() + 1)
                  + " of "
                  + run.size()
                  + ": "
                  + oneLine(s.sql())
                  + ": server error "
                  + error
                  + "; "
                  + applied.size()
                  + " statements had been applied; fix the cause, then call applyTo again: it runs"
                  + " only what is not yet in effect",
              s,
              error,
              applied,
              run.subList(applied.size(), run.size()),
              e);
        }
        applied.add(s);
        LOG.debug("applied {}", oneLine(s.sql()));
      }
    } catch (SQLException e) {
      throw new MigrationException(
          "cannot connect to migrate " + database + ": " + e.getMessage(),
          null,
          "(" + e.getErrorCode() + ") " + e.getMessage(),
          applied,
          run.subList(applied.size(), run.size()),
          e);
    }
    LOG.info("applied {} statements to {}", applied.size(), database);
    Schema after = live.load(flavor);
    return comparator.compare(database, after, diff.toName(), diff.to(), flavor);
  }

  /**
   * Plans the way back: the migration from {@code to} to {@code from}, with the same options.
   *
   * @return the reverse plan
   * @throws AmbiguousMigrationException if the way back is ambiguous and the options ask for strict
   *     partition planning
   */
  public MigrationPlan reverse() {
    return diff.reverse().migration(options);
  }

  @Override
  public String toString() {
    return "MigrationPlan["
        + diff.fromName()
        + " -> "
        + diff.toName()
        + ", "
        + statements.size()
        + " statements]";
  }

  /**
   * Whether a database that differs from {@code to} by {@code left} is part-way through this plan:
   * every object that still differs is one the plan changes.
   */
  private boolean partWay(SchemaDiff left) {
    Set<String> planned = new HashSet<>();
    diff.changes().forEach(c -> planned.add(c.objectKind() + " " + c.objectName()));
    return left.changes().stream()
        .allMatch(c -> planned.contains(c.objectKind() + " " + c.objectName()));
  }

  private boolean included(MigrationStatement s) {
    return options.allowUnsafe() || s.safety() == Safety.SAFE;
  }

  private static String database(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      String catalog = connection.getCatalog();
      if (catalog == null || catalog.isEmpty()) {
        throw new IllegalArgumentException("the data source's connections open no database");
      }
      return catalog;
    } catch (SQLException e) {
      throw new SchemaReadException("cannot connect to the data source: " + e.getMessage(), e);
    }
  }

  private static String oneLine(String text) {
    return SqlExpressions.commentText(text.replaceAll("\\s*\n\\s*", " "));
  }
}
