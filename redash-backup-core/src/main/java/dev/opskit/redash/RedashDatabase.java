package dev.opskit.redash;

import dev.opskit.redash.internal.pg.PgEndpoint;
import dev.opskit.redash.internal.pg.PgNames;
import java.nio.file.Path;
import java.util.ArrayList;
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
 *
 * <p>Database and role names may hold anything PostgreSQL keeps as given (quotes, {@code $$},
 * {@code =}, spaces, Unicode): they are quoted wherever they go. Names that are empty, longer than
 * 63 bytes of UTF-8 or hold a control character are refused with an {@link
 * IllegalArgumentException}.
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
    PgNames.require("role", user);
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
    Objects.requireNonNull(container, "container");
    if (container.isEmpty() || container.startsWith("-")) {
      throw new IllegalArgumentException(
          "container name "
              + PgNames.visible(container)
              + " is refused: docker would read it as an option; allowed is a container's name or"
              + " id, such as redash-postgres-1");
    }
    return command(List.of("docker", "exec", "-i", container), "postgres", "postgres");
  }

  /**
   * A database whose client programs run behind a command prefix, such as {@code docker exec -i c}
   * or {@code kubectl exec -i pod --}. SQL goes through a psql session there.
   *
   * <p>The prefix must pass the remaining arguments to the program unchanged, as an argument
   * vector, the way {@code docker exec -i c} and {@code kubectl exec -i pod --} do; never through a
   * shell, which would parse database names again (a name holding {@code $(...)} would run). So
   * {@code ssh}, whose remote shell does exactly that, is refused here: use {@link #ssh(String,
   * String, String)}, which quotes every argument for that shell. The prefix also keeps stdin and
   * stdout open ({@code -i}): dumps and SQL travel there. Environment variables set here do not
   * reach the program; it authenticates by the server's local rules (peer or trust, or a {@code
   * .pgpass} there).
   *
   * @param prefix the command prefix: a program and its arguments
   * @param database the database
   * @param user the role to connect as (authenticated by the server's local rules)
   * @return the database
   * @throws IllegalArgumentException if the prefix is empty or runs {@code ssh}, or a name is not
   *     one PostgreSQL can hold
   */
  public static RedashDatabase command(List<String> prefix, String database, String user) {
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("the command prefix is empty; use RedashDatabase.jdbc");
    }
    String program = prefix.get(0);
    if (program.substring(program.lastIndexOf('/') + 1).equals("ssh")) {
      throw new IllegalArgumentException(
          "the command prefix runs ssh, whose remote shell would parse the database name and the"
              + " other arguments again; use RedashDatabase.ssh(destination, database, user), which"
              + " quotes them for that shell");
    }
    return of(List.copyOf(prefix), false, database, user);
  }

  /**
   * A database on a host reached with OpenSSH: the server's client programs run there with {@code
   * ssh -T -o BatchMode=yes -- <destination> ...}, SQL goes through a psql session there.
   *
   * <p>ssh joins the remote command's arguments with spaces and the remote login shell parses the
   * result again, so each argument after the destination is quoted for a POSIX shell ({@code
   * '...'}); the account's login shell must be POSIX (sh, bash, dash, zsh; not csh or fish). {@code
   * BatchMode} makes a missing key fail instead of waiting for a password: authenticate with a key
   * or an agent, and the database by the server's local rules (peer, or a {@code .pgpass} there).
   *
   * @param destination {@code host}, {@code user@host} or a {@code Host} of {@code ~/.ssh/config}
   * @param database the database
   * @param user the role to connect as
   * @return the database
   * @throws IllegalArgumentException if the destination starts with {@code -} or holds whitespace
   *     or control characters, or a name is not one PostgreSQL can hold
   */
  public static RedashDatabase ssh(String destination, String database, String user) {
    return ssh(Path.of("ssh"), destination, database, user);
  }

  /** {@link #ssh(String, String, String)} with another ssh program: tests use a stand-in. */
  static RedashDatabase ssh(Path sshProgram, String destination, String database, String user) {
    Objects.requireNonNull(destination, "destination");
    if (destination.isEmpty()
        || destination.startsWith("-")
        || destination
            .chars()
            .anyMatch(c -> Character.isWhitespace(c) || PgNames.isControl((char) c))) {
      throw new IllegalArgumentException(
          "ssh destination "
              + PgNames.visible(destination)
              + " is refused: allowed is host, user@host or a Host of ~/.ssh/config, not empty, not"
              + " starting with - and without whitespace or control characters");
    }
    List<String> prefix = new ArrayList<>();
    prefix.add(sshProgram.toString());
    prefix.addAll(List.of("-T", "-o", "BatchMode=yes", "--", destination));
    return of(prefix, true, database, user);
  }

  private static RedashDatabase of(
      List<String> prefix, boolean remoteShell, String database, String user) {
    PgNames.require("database name", database);
    PgNames.require("role", user);
    return new RedashDatabase(
        new PgEndpoint("localhost", 5432, database, user, null, prefix, null, "", remoteShell),
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
    return new RedashDatabase(endpoint, PgNames.require("owner role", role), readerRole);
  }

  /**
   * The read-only role Redash's "metadata" data source uses.
   *
   * @param role the role; {@code redash_reader} by default
   * @return a copy with that reader role
   */
  public RedashDatabase withReaderRole(String role) {
    return new RedashDatabase(endpoint, owner, PgNames.require("reader role", role));
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
