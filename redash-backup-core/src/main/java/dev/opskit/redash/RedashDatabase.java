package dev.opskit.redash;

import dev.opskit.redash.internal.pg.PgEndpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Redash metadata database and how to reach it. Immutable; the {@code with...} methods return
 * changed copies. {@link #toString()} never shows the password.
 *
 * <p>Two presets match how Redash is installed: the legacy bootstrap (database and owner {@code
 * redash}, reachable over TCP: {@link #jdbc}) and today's Docker Compose install (database and user
 * {@code postgres} in the {@code postgres} container, no published port: {@link #docker}).
 */
public final class RedashDatabase {
  private final PgEndpoint endpoint;
  private final String owner;
  private final String readerRole;

  private RedashDatabase(PgEndpoint endpoint, String owner, String readerRole) {
    this.endpoint = endpoint;
    this.owner = owner;
    this.readerRole = readerRole;
  }

  /**
   * A database reached over TCP: SQL over JDBC, pg_dump/pg_restore/psql run on this machine.
   *
   * @param url {@code jdbc:postgresql://host[:port]/database}
   * @param user the role to connect as; it also owns restored databases unless {@link #withOwner}
   * @param password the role's password, or null for trust or {@code .pgpass}
   * @return the database
   */
  public static RedashDatabase jdbc(String url, String user, @Nullable String password) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    return new RedashDatabase(PgEndpoint.fromJdbcUrl(url, user, password), user, "redash_reader");
  }

  /**
   * The database of a Docker Compose install: the server's own client programs run with {@code
   * docker exec -i <container>}, so no port needs publishing and pg_dump always matches the server.
   *
   * @param container the postgres container, such as {@code redash-postgres-1}
   * @return the database {@code postgres}, user {@code postgres}
   */
  public static RedashDatabase docker(String container) {
    return command(List.of("docker", "exec", "-i", container), "postgres", "postgres");
  }

  /**
   * A database whose client programs run behind a command prefix, such as {@code docker exec -i c},
   * {@code kubectl exec -i pod --} or {@code ssh host}. SQL goes through a psql session there.
   *
   * @param prefix the command prefix
   * @param database the database
   * @param user the role to connect as (authenticated by the server's local rules)
   * @return the database
   */
  public static RedashDatabase command(List<String> prefix, String database, String user) {
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("the command prefix is empty; use RedashDatabase.jdbc");
    }
    return new RedashDatabase(
        new PgEndpoint("localhost", 5432, database, user, null, prefix, null, ""),
        user,
        "redash_reader");
  }

  /**
   * The role that owns the database and its objects (Redash connects as it).
   *
   * @param role the owner; by default the connecting user
   * @return a copy with that owner
   */
  public RedashDatabase withOwner(String role) {
    return new RedashDatabase(endpoint, Objects.requireNonNull(role, "role"), readerRole);
  }

  /**
   * The read-only role Redash's "metadata" data source uses.
   *
   * @param role the role; {@code redash_reader} by default
   * @return a copy with that reader role
   */
  public RedashDatabase withReaderRole(String role) {
    return new RedashDatabase(endpoint, owner, Objects.requireNonNull(role, "role"));
  }

  /**
   * Where pg_dump, pg_restore and psql live, such as {@code /usr/lib/postgresql/17/bin}, when the
   * ones on the PATH are older than the server.
   *
   * @param directory the directory
   * @return a copy using those programs
   */
  public RedashDatabase withToolsDirectory(Path directory) {
    return new RedashDatabase(endpoint.withToolsDirectory(directory), owner, readerRole);
  }

  /**
   * The database's name.
   *
   * @return the name
   */
  public String name() {
    return endpoint.database();
  }

  /**
   * The owner role.
   *
   * @return the role
   */
  public String owner() {
    return owner;
  }

  /**
   * The reader role.
   *
   * @return the role
   */
  public String readerRole() {
    return readerRole;
  }

  PgEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public String toString() {
    return "RedashDatabase[" + endpoint + ", owner=" + owner + ", reader=" + readerRole + "]";
  }
}
