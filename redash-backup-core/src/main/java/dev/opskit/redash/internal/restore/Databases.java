package dev.opskit.redash.internal.restore;

import static dev.opskit.redash.internal.restore.RedashSchema.identifier;
import static dev.opskit.redash.internal.restore.RedashSchema.literal;

import dev.opskit.redash.RestoreFailedException;
import dev.opskit.redash.internal.pg.SqlSession;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating, renaming and dropping whole databases for restores: the staging copy, the swap that
 * puts it in place, the scratch copy of a verification. Internal to opskit; may change in any
 * release.
 */
public final class Databases {
  private static final Logger LOG = LoggerFactory.getLogger(Databases.class);
  private static final int MAX_IDENTIFIER = 63;

  private Databases() {}

  public static void swapOut(SqlSession admin, String target, String previous, boolean terminate) {
    if (!terminate) {
      // Our own just-closed session on the target may take a moment to leave pg_stat_activity.
      long sessions = otherSessions(admin, target);
      for (int i = 0; i < 10 && sessions > 0; i++) {
        sleep(100);
        sessions = otherSessions(admin, target);
      }
      if (sessions > 0) {
        throw new RestoreFailedException(
            "database "
                + target
                + " is in use by "
                + sessions
                + " session(s) and terminateConnections is off; stop Redash (server, workers,"
                + " scheduler) and retry; database "
                + target
                + " was left untouched");
      }
    }
    // Closed to new sessions first, so Redash cannot reconnect between the terminate and the
    // rename.
    admin.execute("ALTER DATABASE " + identifier(target) + " WITH ALLOW_CONNECTIONS false");
    try {
      for (int attempt = 0; attempt < 50 && otherSessions(admin, target) > 0; attempt++) {
        if (terminate) {
          admin.query(
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                  + literal(target)
                  + " AND pid <> pg_backend_pid()");
        }
        sleep(100);
      }
      admin.execute("ALTER DATABASE " + identifier(target) + " RENAME TO " + identifier(previous));
    } catch (RuntimeException e) {
      admin.execute("ALTER DATABASE " + identifier(target) + " WITH ALLOW_CONNECTIONS true");
      throw e;
    }
    admin.execute("ALTER DATABASE " + identifier(previous) + " WITH ALLOW_CONNECTIONS true");
    LOG.info("kept the replaced database {} as {}", target, previous);
  }

  public static void awaitNoSessions(SqlSession admin, String db) {
    for (int attempt = 0; attempt < 50 && otherSessions(admin, db) > 0; attempt++) {
      sleep(100);
    }
  }

  private static long otherSessions(SqlSession admin, String db) {
    return Long.parseLong(
        admin
            .queryValue(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                    + literal(db)
                    + " AND pid <> pg_backend_pid()")
            .orElse("0"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RestoreFailedException("interrupted while waiting for sessions to end");
    }
  }

  /**
   * Creates an empty database like {@code model}: the same encoding, collation and character
   * classification when it exists (plain dumps carry none of them), UTF8 otherwise.
   */
  public static void createDatabase(SqlSession admin, String name, String model, String owner) {
    List<List<@Nullable String>> like =
        admin.query(
            "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database WHERE datname = "
                + literal(model));
    String properties =
        like.isEmpty()
            ? " ENCODING 'UTF8'"
            : " ENCODING "
                + literal(String.valueOf(like.get(0).get(0)))
                + " LC_COLLATE "
                + literal(String.valueOf(like.get(0).get(1)))
                + " LC_CTYPE "
                + literal(String.valueOf(like.get(0).get(2)));
    admin.execute(
        "CREATE DATABASE "
            + identifier(name)
            + " OWNER "
            + identifier(owner)
            + " TEMPLATE template0"
            + properties);
  }

  public static void dropDatabase(SqlSession admin, String name) {
    try {
      admin.execute("DROP DATABASE IF EXISTS " + identifier(name) + " WITH (FORCE)");
    } catch (RuntimeException e) {
      LOG.warn("could not drop {}: {}", name, e.toString());
    }
  }

  public static boolean databaseExists(SqlSession admin, String name) {
    return admin
        .queryValue("SELECT count(*) FROM pg_database WHERE datname = " + literal(name))
        .map(v -> !v.equals("0"))
        .orElse(false);
  }

  /** A database to connect to while creating, renaming and dropping others. */
  public static String maintenanceDatabase(String target) {
    // Docker installs keep Redash in the database named postgres, which the swap renames.
    return target.equals("postgres") ? "template1" : "postgres";
  }

  public static String derivedName(String base, String suffix) {
    String trimmed =
        base.length() + suffix.length() > MAX_IDENTIFIER
            ? base.substring(0, MAX_IDENTIFIER - suffix.length())
            : base;
    return trimmed + suffix;
  }
}
