package dev.opskit.redash.internal.restore;

import static dev.opskit.redash.internal.restore.RedashSchema.literal;

import dev.opskit.redash.RestoreFailedException;
import dev.opskit.redash.internal.pg.PgEndpoint;
import dev.opskit.redash.internal.pg.SqlSession;
import java.util.Optional;

/**
 * Keeps two restores of one target from running at once: a PostgreSQL session-level advisory lock,
 * held on a session of its own for the whole restore. The server releases it when that session
 * ends, however the process ends, so a lock that can be taken proves that no restore of the target
 * is running and that any journal for it belongs to a dead run.
 */
public final class RestoreGuard implements AutoCloseable {
  /** The advisory lock's first key: "osk" for opskit, out of the way of applications' keys. */
  private static final int LOCK_SPACE = 0x6F736B00;

  private final SqlSession session;

  private RestoreGuard(SqlSession session) {
    this.session = session;
  }

  /**
   * Takes the guard of a target, if free.
   *
   * @param endpoint the server
   * @param target the database restored into
   * @return the guard, empty when another restore holds it
   */
  public static Optional<RestoreGuard> tryAcquire(PgEndpoint endpoint, String target) {
    // Always on the same database for one target: advisory locks are per database.
    SqlSession session = SqlSession.open(endpoint, Databases.maintenanceDatabase(target));
    try {
      boolean taken =
          session
              .queryValue(
                  "SELECT pg_try_advisory_lock("
                      + LOCK_SPACE
                      + ", hashtext("
                      + literal(target)
                      + "))")
              .map(v -> v.equals("t") || v.equals("true"))
              .orElse(false);
      if (taken) {
        return Optional.of(new RestoreGuard(session));
      }
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    session.close();
    return Optional.empty();
  }

  /**
   * Takes the guard of a target or fails.
   *
   * @param endpoint the server
   * @param target the database restored into
   * @return the guard
   * @throws RestoreFailedException when another restore of the target is running
   */
  public static RestoreGuard acquire(PgEndpoint endpoint, String target) {
    return tryAcquire(endpoint, target)
        .orElseThrow(
            () ->
                new RestoreFailedException(
                    "another restore into "
                        + target
                        + " is running on "
                        + endpoint.withDatabase(target)
                        + "; nothing was changed. Wait for it to finish.",
                    null,
                    target,
                    null,
                    null,
                    false,
                    null));
  }

  @Override
  public void close() {
    session.close();
  }
}
