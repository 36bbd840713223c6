package dev.opskit.redash.internal.backup;

import dev.opskit.redash.RedashBackupException;
import dev.opskit.redash.internal.pg.SqlSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads which PostgreSQL cluster a session is on. */
public final class ServerFingerprint {
  private static final Logger LOG = LoggerFactory.getLogger(ServerFingerprint.class);

  private ServerFingerprint() {}

  /**
   * The cluster's system identifier: different for every cluster made by initdb, shared by its
   * physical standbys and clones, changed by pg_upgrade. Call it outside a transaction: a refused
   * query would abort one.
   *
   * @param sql a session on any database of the server
   * @return the identifier as an unsigned decimal, or null when the server refuses to tell (execute
   *     on {@code pg_control_system()} revoked)
   */
  public static @Nullable String systemIdentifier(SqlSession sql) {
    try {
      return sql.queryValue("SELECT system_identifier::text FROM pg_control_system()")
          .map(ServerFingerprint::unsigned)
          .orElse(null);
    } catch (RedashBackupException e) {
      LOG.warn(
          "{} does not tell its system identifier ({}); backups are told apart by instance and"
              + " database name only",
          sql,
          e.getMessage());
      return null;
    }
  }

  /** pg_control_system() returns a signed bigint; pg_controldata prints it unsigned. */
  private static String unsigned(String signed) {
    return Long.toUnsignedString(Long.parseLong(signed.trim()));
  }
}
