package dev.opskit.redash.internal.restore;

import static dev.opskit.redash.internal.restore.RedashSchema.identifier;
import static dev.opskit.redash.internal.restore.RedashSchema.literal;

import dev.opskit.redash.internal.pg.SqlSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole databases for restores: creating, closing, draining, renaming, commenting and dropping
 * them. Every name goes through {@link RedashSchema#identifier} or {@link RedashSchema#literal}.
 * Internal to opskit; may change in any release.
 */
public final class Databases {
  private static final Logger LOG = LoggerFactory.getLogger(Databases.class);

  private Databases() {}

  /**
   * A session on a database other than the caller's.
   *
   * @param pid the backend's pid
   * @param user the role
   * @param application its application_name
   * @param backendType client backend, autovacuum worker, ...
   */
  public record Session(
      long pid, @Nullable String user, @Nullable String application, @Nullable String backendType) {
    @Override
    public String toString() {
      return "pid "
          + pid
          + " ("
          + user
          + (application == null || application.isEmpty() ? "" : ", " + application)
          + (backendType == null ? "" : ", " + backendType)
          + ")";
    }
  }

  /**
   * The sessions on a database, the caller's own excluded.
   *
   * @param admin a session on another database
   * @param db the database
   * @return its sessions
   */
  public static List<Session> sessions(SqlSession admin, String db) {
    List<Session> sessions = new ArrayList<>();
    for (List<@Nullable String> row :
        admin.query(
            "SELECT pid, usename, application_name, backend_type FROM pg_stat_activity WHERE datname = "
                + literal(db)
                + " AND pid <> pg_backend_pid()")) {
      sessions.add(
          new Session(
              Long.parseLong(String.valueOf(row.get(0))), row.get(1), row.get(2), row.get(3)));
    }
    return sessions;
  }

  /**
   * Waits until a database has no other session, terminating them when allowed.
   *
   * @param admin a session on another database
   * @param db the database
   * @param terminate whether to terminate its sessions
   * @param patience how long to wait
   * @return the sessions still there when the wait gave up, empty on success
   */
  public static List<Session> drain(
      SqlSession admin, String db, boolean terminate, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    List<Session> sessions = sessions(admin, db);
    while (!sessions.isEmpty() && System.nanoTime() < deadline) {
      if (terminate) {
        admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                + literal(db)
                + " AND pid <> pg_backend_pid()");
      }
      sleep(100);
      sessions = sessions(admin, db);
    }
    return sessions;
  }

  /**
   * Opens or closes a database to new sessions, superusers included.
   *
   * @param admin a session on another database
   * @param db the database
   * @param allow true to open it
   */
  public static void allowConnections(SqlSession admin, String db, boolean allow) {
    admin.execute(allowConnectionsSql(db, allow));
  }

  /**
   * The statement that opens or closes a database to new sessions.
   *
   * @param db the database
   * @param allow true to open it
   * @return the statement
   */
  public static String allowConnectionsSql(String db, boolean allow) {
    return "ALTER DATABASE " + identifier(db) + " WITH ALLOW_CONNECTIONS " + allow;
  }

  /**
   * The statement that renames a database.
   *
   * @param from its name
   * @param to the new name
   * @return the statement
   */
  public static String renameSql(String from, String to) {
    return "ALTER DATABASE " + identifier(from) + " RENAME TO " + identifier(to);
  }

  /**
   * The statement that sets a database's comment.
   *
   * @param db the database
   * @param comment the comment, null to remove it
   * @return the statement
   */
  public static String commentSql(String db, @Nullable String comment) {
    return "COMMENT ON DATABASE "
        + identifier(db)
        + " IS "
        + (comment == null ? "NULL" : literal(comment));
  }

  /**
   * Whether a database accepts new sessions.
   *
   * @param admin any session on the server
   * @param db the database
   * @return datallowconn
   */
  public static boolean allowsConnections(SqlSession admin, String db) {
    return admin
        .queryValue("SELECT datallowconn FROM pg_database WHERE datname = " + literal(db))
        .map(v -> v.equals("t") || v.equals("true"))
        .orElse(false);
  }

  /**
   * A database's comment.
   *
   * @param admin any session on the server
   * @param db the database
   * @return the comment, null when it has none
   */
  public static @Nullable String comment(SqlSession admin, String db) {
    return admin
        .queryValue(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = "
                + literal(db))
        .orElse(null);
  }

  /**
   * A journal found on the server.
   *
   * @param database the database that carries it
   * @param allowsConnections whether that database accepts sessions
   * @param journal the journal
   */
  public record Journaled(String database, boolean allowsConnections, SwapJournal journal) {}

  /**
   * Every restore journal on the server.
   *
   * @param admin any session on the server
   * @return the journals
   */
  public static List<Journaled> journals(SqlSession admin) {
    List<Journaled> found = new ArrayList<>();
    for (List<@Nullable String> row :
        admin.query(
            "SELECT datname, datallowconn, shobj_description(oid, 'pg_database') FROM pg_database"
                + " WHERE shobj_description(oid, 'pg_database') LIKE "
                + literal(SwapJournal.PREFIX + "%"))) {
      SwapJournal.parse(row.get(2))
          .ifPresent(
              j ->
                  found.add(
                      new Journaled(
                          String.valueOf(row.get(0)),
                          "t".equals(row.get(1)) || "true".equals(row.get(1)),
                          j)));
    }
    return found;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.opskit.redash.RedashBackupException(
          "interrupted while waiting for sessions to end");
    }
  }

  /**
   * Creates an empty database like {@code model}: the same encoding, collation and character
   * classification when it exists (plain dumps carry none of them), UTF8 otherwise.
   *
   * @param admin a session on another database
   * @param name the new database
   * @param model the database to copy the settings of
   * @param owner its owner
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

  /**
   * Drops a database, terminating its sessions; logs instead of throwing.
   *
   * @param admin a session on another database
   * @param name the database
   * @return true when it is gone
   */
  public static boolean dropDatabase(SqlSession admin, String name) {
    try {
      admin.execute("DROP DATABASE IF EXISTS " + identifier(name) + " WITH (FORCE)");
      return true;
    } catch (RuntimeException e) {
      LOG.warn("could not drop {}: {}", name, e.toString());
      return false;
    }
  }

  /**
   * Whether a database exists.
   *
   * @param admin any session on the server
   * @param name the database
   * @return true when it exists
   */
  public static boolean databaseExists(SqlSession admin, String name) {
    return admin
        .queryValue("SELECT count(*) FROM pg_database WHERE datname = " + literal(name))
        .map(v -> !v.equals("0"))
        .orElse(false);
  }

  /**
   * A database to connect to while creating, renaming and dropping others.
   *
   * @param target the database being replaced
   * @return its name
   */
  public static String maintenanceDatabase(String target) {
    // Docker installs keep Redash in the database named postgres, which the swap renames.
    return target.equals("postgres") ? "template1" : "postgres";
  }
}
