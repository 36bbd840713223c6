package dev.opskit.redash;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which database a backup came from. The store keeps each instance's backups in a folder of its
 * own; inside it, backups count as one source only when they also come from the same database on
 * the same PostgreSQL server. Retention, {@link RedashBackup#list()} and restores work per source,
 * so two Redash installs that share a bucket prefix (staging and production, both with a database
 * called {@code postgres}) never see, prune or restore each other's backups.
 *
 * @param instance the name the caller gave the install ({@link RedashBackup.Builder#instance}); the
 *     store folder its backups live in
 * @param database the database's name on its server
 * @param serverId the server's system identifier ({@code pg_control_system()}), which differs
 *     between clusters and changes with {@code pg_upgrade}; null when the server would not say
 *     (execute on {@code pg_control_system} revoked), which then matches any server
 */
public record SourceIdentity(String instance, String database, @Nullable String serverId) {
  private static final Pattern INSTANCE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  /** Checks the components. */
  public SourceIdentity {
    requireValidInstance(instance);
    Objects.requireNonNull(database, "database");
  }

  /**
   * Checks an instance name: 1 to 63 characters of lowercase letters, digits, {@code .}, {@code _}
   * and {@code -}, starting with a letter or digit, so that it is the same folder name on S3 and on
   * every file system.
   *
   * @param instance the name
   * @return the name
   * @throws IllegalArgumentException when it is not a valid instance name
   */
  public static String requireValidInstance(String instance) {
    Objects.requireNonNull(instance, "instance");
    if (!INSTANCE.matcher(instance).matches()) {
      throw new IllegalArgumentException(
          "instance name '"
              + instance.replaceAll("\\p{Cntrl}", "?")
              + "' is not valid: use 1 to 63 lowercase letters, digits, '.', '_' or '-', starting"
              + " with a letter or digit (for example \"prod\" or \"redash-staging\")");
    }
    return instance;
  }

  /**
   * The default instance name for a database: its name in lowercase, with every character an
   * instance name cannot hold replaced by {@code -}.
   *
   * @param database the database's name
   * @return the instance name
   */
  static String defaultInstance(String database) {
    String slug = database.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    slug = slug.replaceAll("^[._-]+", "");
    if (slug.length() > 63) {
      slug = slug.substring(0, 63);
    }
    return slug.isEmpty() ? "redash" : slug;
  }

  /**
   * Whether a backup of {@code other} counts as a backup of this source: same instance, same
   * database and, when both servers are known, the same server.
   *
   * @param other another identity
   * @return true when they are the same source
   */
  public boolean sameSourceAs(SourceIdentity other) {
    return instance.equals(other.instance)
        && database.equals(other.database)
        && (serverId == null || other.serverId == null || serverId.equals(other.serverId));
  }

  @Override
  public String toString() {
    return instance
        + " (database "
        + database
        + " on server "
        + (serverId == null ? "unknown" : serverId)
        + ")";
  }
}
