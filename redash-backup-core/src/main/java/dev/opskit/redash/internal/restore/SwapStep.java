package dev.opskit.redash.internal.restore;

import dev.opskit.redash.ProgressEvent.Phase;
import dev.opskit.redash.RestoreFailedException;
import dev.opskit.redash.internal.backup.Progress;
import dev.opskit.redash.internal.pg.SqlSession;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a loaded and checked copy in the target's place so that the target's name never disappears:
 *
 * <ol>
 *   <li>fence: in one transaction, record in the journal what the target was (open or closed, its
 *       comment) and close both databases to new sessions, superusers included;
 *   <li>drain: terminate the sessions on the copy (it is ours: a monitoring agent's) and, when
 *       allowed, on the target; a wait that gives up undoes the fence and says which sessions
 *       stayed;
 *   <li>swap: in one transaction, rename the target away, the copy to the target's name, open it,
 *       and mark the journal swapped; a failure or a crash rolls all of it back;
 *   <li>finish (after the grants): open or drop the replaced database and put the target's comment
 *       back, which also removes the journal.
 * </ol>
 *
 * <p>A run that dies between the steps leaves a journal that {@link #recover} reads: a journal on
 * the copy means undo (reopen the target, drop the copy), one on the target means finish.
 */
public final class SwapStep {
  private static final Logger LOG = LoggerFactory.getLogger(SwapStep.class);

  private final SqlSession admin;
  private final Progress progress;
  private final Duration patience;

  /**
   * Creates the step.
   *
   * @param admin a session on the maintenance database
   * @param progress where progress goes
   * @param patience how long to wait for sessions to end
   */
  public SwapStep(SqlSession admin, Progress progress, Duration patience) {
    this.admin = admin;
    this.progress = progress;
    this.patience = patience;
  }

  /**
   * Fences, drains and swaps.
   *
   * @param loading the journal of the loaded copy (state {@code loading})
   * @param previousName the name the target gets
   * @param terminate whether the target's sessions may be terminated
   * @return the journal, swapped; its {@code previous} is null when there was no target
   * @throws RestoreFailedException when the swap did not happen; the target is in place and open as
   *     before (unless {@link RestoreFailedException#recoverySql()} says otherwise) and the copy is
   *     dropped
   */
  public SwapJournal swap(SwapJournal loading, String previousName, boolean terminate) {
    String target = loading.target();
    String staging = loading.staging();
    boolean targetExists = Databases.databaseExists(admin, target);
    if (targetExists && !terminate) {
      // Our own just-closed sessions may take a moment to leave pg_stat_activity.
      List<Databases.Session> sessions =
          Databases.drain(admin, target, false, Duration.ofSeconds(1));
      if (!sessions.isEmpty()) {
        throw undo(
            loading,
            false,
            "database "
                + target
                + " is in use by "
                + sessions.size()
                + " session(s) ("
                + describe(sessions)
                + ") and terminateConnections is off; stop Redash (server, workers, scheduler)"
                + " and retry",
            null);
      }
    }
    SwapJournal fenced =
        loading.fenced(
            targetExists ? previousName : null,
            !targetExists || Databases.allowsConnections(admin, target),
            targetExists ? Databases.comment(admin, target) : null);
    progress.emit(
        Phase.SWAP,
        0,
        0,
        "closing " + staging + (targetExists ? " and " + target : "") + " to new sessions");
    try {
      transaction(
          Databases.commentSql(staging, fenced.toComment()),
          Databases.allowConnectionsSql(staging, false),
          targetExists ? Databases.allowConnectionsSql(target, false) : null);
    } catch (RuntimeException e) {
      throw undo(loading, false, "closing the databases failed: " + e.getMessage(), e);
    }
    List<Databases.Session> left = Databases.drain(admin, staging, true, patience);
    if (!left.isEmpty()) {
      throw undo(
          fenced,
          true,
          "gave up after "
              + patience.toSeconds()
              + " s waiting for the sessions on the restored copy "
              + staging
              + " to end ("
              + describe(left)
              + "); terminating them needs a superuser or pg_signal_backend",
          null);
    }
    if (targetExists) {
      left = Databases.drain(admin, target, terminate, patience);
      if (!left.isEmpty()) {
        throw undo(
            fenced,
            true,
            "gave up after "
                + patience.toSeconds()
                + " s waiting for the sessions on "
                + target
                + " to end ("
                + describe(left)
                + ")",
            null);
      }
    }
    SwapJournal swapped = fenced.withState("swapped");
    try {
      admin.execute("BEGIN");
      if (targetExists) {
        admin.execute(Databases.renameSql(target, previousName));
        progress.emit(Phase.SWAP, 0, 0, "renamed " + target + " to " + previousName);
      }
      admin.execute(Databases.renameSql(staging, target));
      admin.execute(Databases.allowConnectionsSql(target, true));
      admin.execute(Databases.commentSql(target, swapped.toComment()));
      admin.execute("COMMIT");
    } catch (RuntimeException e) {
      rollbackQuietly();
      throw undo(fenced, true, "the swap failed and was rolled back: " + e.getMessage(), e);
    }
    progress.emit(Phase.SWAP, 0, 0, "swapped " + staging + " in as " + target);
    return swapped;
  }

  /**
   * Ends a swapped restore: opens (or drops) the replaced database and gives the target back its
   * comment, which removes the journal.
   *
   * @param swapped the journal, swapped
   */
  public void finish(SwapJournal swapped) {
    String previous = swapped.previous();
    if (previous != null && Databases.databaseExists(admin, previous)) {
      if (swapped.keepPrevious()) {
        Databases.allowConnections(admin, previous, swapped.targetAllowedConnections());
        LOG.info("kept the replaced database {} as {}", swapped.target(), previous);
      } else {
        Databases.dropDatabase(admin, previous);
      }
    }
    admin.execute(Databases.commentSql(swapped.target(), swapped.targetComment()));
  }

  /**
   * What recovery did with an interrupted restore.
   *
   * @param target the database restored into
   * @param restoredDatabase the copy the backup was loaded into
   * @param previousDatabase where the replaced database is, null when none
   * @param finished true when the swap had happened and was finished, false when it was undone
   */
  public record Recovery(
      String target,
      String restoredDatabase,
      @Nullable String previousDatabase,
      boolean finished) {}

  /**
   * Finishes or undoes an interrupted restore. The caller holds the target's {@link RestoreGuard},
   * so the journal's run is dead.
   *
   * @param admin a session on the target's maintenance database
   * @param found the journal and the database that carries it
   * @param regrant re-applies the reader's grants on the target (a finished swap may have died
   *     before them)
   * @return what was done, or null when the journal's databases are not where it says
   */
  public static @Nullable Recovery recover(
      SqlSession admin, Databases.Journaled found, Consumer<String> regrant) {
    SwapJournal j = found.journal();
    String on = found.database();
    if (j.kind().equals("verify") || (on.equals(j.staging()) && !on.equals(j.target()))) {
      // The swap never committed: the target is under its name; reopen it if we closed it.
      if (j.kind().equals("restore")
          && j.state().equals("fenced")
          && Databases.databaseExists(admin, j.target())
          && !Databases.allowsConnections(admin, j.target())) {
        Databases.allowConnections(admin, j.target(), j.targetAllowedConnections());
      }
      if (j.kind().equals("restore")
          && j.previous() != null
          && !Databases.databaseExists(admin, j.target())
          && Databases.databaseExists(admin, j.previous())) {
        // Only a rename by hand gets here: put the target's name back.
        admin.execute(Databases.renameSql(j.previous(), j.target()));
        Databases.allowConnections(admin, j.target(), j.targetAllowedConnections());
      }
      Databases.dropDatabase(admin, on);
      LOG.warn("undid the interrupted restore {} into {}: dropped {}", j.op(), j.target(), on);
      return new Recovery(j.target(), on, null, false);
    }
    if (on.equals(j.target())) {
      if (!found.allowsConnections()) {
        Databases.allowConnections(admin, on, true);
      }
      regrant.accept(on);
      new SwapStep(admin, (p, a, b, m) -> {}, Duration.ZERO).finish(j);
      LOG.warn("finished the interrupted restore {} into {}", j.op(), j.target());
      return new Recovery(j.target(), j.staging(), j.keepPrevious() ? j.previous() : null, true);
    }
    LOG.warn(
        "the restore journal {} on {} names neither it nor its target: left alone", j.op(), on);
    return null;
  }

  private void transaction(@Nullable String... statements) {
    admin.execute("BEGIN");
    try {
      for (String statement : statements) {
        if (statement != null) {
          admin.execute(statement);
        }
      }
      admin.execute("COMMIT");
    } catch (RuntimeException e) {
      rollbackQuietly();
      throw e;
    }
  }

  private void rollbackQuietly() {
    try {
      admin.execute("ROLLBACK");
    } catch (RuntimeException e) {
      // Already rolled back: the server does that when a statement fails or the session ends.
      LOG.debug("rollback: {}", e.toString());
    }
  }

  /** Puts the target back as it was and drops the copy; the exception says whether that worked. */
  private RestoreFailedException undo(
      SwapJournal journal, boolean fenced, String why, @Nullable Throwable cause) {
    String target = journal.target();
    String recoverySql = null;
    if (fenced && journal.previous() != null) {
      String reopen = Databases.allowConnectionsSql(target, journal.targetAllowedConnections());
      try {
        admin.execute(reopen);
      } catch (RuntimeException e) {
        recoverySql = reopen + ";";
        if (cause != null) {
          cause.addSuppressed(e);
        }
      }
    }
    boolean dropped = Databases.dropDatabase(admin, journal.staging());
    return new RestoreFailedException(
        "restoring into "
            + target
            + " failed: "
            + why
            + (recoverySql == null
                ? "; database " + target + " was left untouched"
                : "; database "
                    + target
                    + " is in place but closed to new sessions: run "
                    + recoverySql
                    + " (RedashBackup.recover() does it)")
            + (dropped ? "" : "; the restored copy " + journal.staging() + " could not be dropped"),
        cause,
        target,
        journal.staging(),
        null,
        recoverySql != null,
        recoverySql);
  }

  private static String describe(List<Databases.Session> sessions) {
    return String.join(", ", sessions.stream().limit(5).map(Object::toString).toList())
        + (sessions.size() > 5 ? ", ..." : "");
  }
}
