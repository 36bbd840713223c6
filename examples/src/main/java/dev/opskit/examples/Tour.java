package dev.opskit.examples;

import dev.opskit.examples.ecs.EcsTour;
import dev.opskit.examples.redash.RedashTour;
import dev.opskit.examples.schemadiff.FleetExample;
import dev.opskit.examples.schemadiff.SchemaDiffExample;
import dev.opskit.schemadiff.SchemaDiff;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * Prints what each opskit module does and which database servers this machine offers the examples,
 * then shows three modules at work on local defaults: two ECS deploys against an in-process fake
 * control plane (a rolling update, and a blue/green deployment whose hook fails and is rolled
 * back), the schema diff and migration between two bundled mysqldump files, and a Redash backup
 * with its restore drill on the local PostgreSQL.
 *
 * <p>Run it with {@code mvn -B -q -Ptour -DskipTests package} from the repository root. Module
 * descriptions come from the manifests of the packaged jars, which take them from the POMs; servers
 * are found with the same {@code OPSKIT_MYSQL_*} and {@code OPSKIT_POSTGRES_*} variables and
 * defaults as the integration tests; {@code OPSKIT_ECS_*} points the ECS deploys at a real service
 * ({@link EcsTour}).
 */
public final class Tour {
  private static final List<String> MODULE_PACKAGES =
      List.of("dev.opskit.ecs", "dev.opskit.schemadiff", "dev.opskit.sigv4", "dev.opskit.redash");

  private Tour() {}

  /**
   * Prints the tour to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    print(System.out, System.getenv());
  }

  /**
   * Prints the tour.
   *
   * @param out where to print
   * @param environment the variables that locate the servers, usually {@link System#getenv()}
   */
  public static void print(PrintStream out, Map<String, String> environment) {
    out.println(
        "opskit: the chores operations teams script in shell, cron and CI YAML, as a library");
    out.println();
    out.println("Modules");
    for (String rootPackage : MODULE_PACKAGES) {
      Attributes manifest = manifestOf(rootPackage);
      out.printf(
          "  %-20s %-22s %s%n",
          manifest.getValue("Opskit-Artifact-Id"),
          rootPackage,
          manifest.getValue("Implementation-Version"));
      out.println("      " + manifest.getValue("Opskit-Module-Description"));
    }
    out.println();
    out.println("Servers");
    for (Server server : Server.values()) {
      out.println("  " + server.probe(environment));
    }
    out.println();
    out.println("ecs-deploy-core: a rolling update, then a blue/green deployment whose hook fails");
    EcsTour.run(out, environment);
    out.println();
    out.println(
        "schema-diff-core: staging.sql -> production.sql (mysqldump files, no server needed)");
    SchemaDiff diff = SchemaDiffExample.compareBundledDumps();
    SchemaDiffExample.print(diff, out);
    out.println();
    out.println("schema-diff-core: the migration that makes staging.sql equal production.sql");
    out.println(diff.migrationSql().strip());
    out.println();
    out.println("schema-diff-core: eight generated shards compared with one reference, as a fleet");
    if (Server.MYSQL.reachable(environment)) {
      try {
        FleetExample.run(
            out,
            environment.getOrDefault("OPSKIT_MYSQL_HOST", "127.0.0.1"),
            environment.getOrDefault("OPSKIT_MYSQL_PORT", "3306"),
            environment.getOrDefault("OPSKIT_MYSQL_USER", "root"),
            environment.getOrDefault("OPSKIT_MYSQL_PASSWORD", ""));
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("the fleet example failed: " + e.getMessage(), e);
      }
    } else {
      out.println("  skipped: no MariaDB/MySQL (see Servers above)");
    }
    out.println();
    out.println(
        "redash-backup-core: back up a small Redash-shaped database, then prove it restores");
    if (Server.POSTGRES.reachable(environment)) {
      RedashTour.run(
          out,
          environment.getOrDefault("OPSKIT_POSTGRES_HOST", "127.0.0.1"),
          environment.getOrDefault("OPSKIT_POSTGRES_PORT", "5432"),
          environment.getOrDefault("OPSKIT_POSTGRES_USER", "postgres"),
          environment.getOrDefault("OPSKIT_POSTGRES_PASSWORD", "").isEmpty()
              ? null
              : environment.get("OPSKIT_POSTGRES_PASSWORD"));
    } else {
      out.println("  skipped: no PostgreSQL (see Servers above)");
    }
  }

  /** Reads the manifest of the jar a module's root package was loaded from. */
  private static Attributes manifestOf(String rootPackage) {
    Path location;
    try {
      Class<?> packageInfo = Class.forName(rootPackage + ".package-info");
      location = Path.of(packageInfo.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new IllegalStateException(rootPackage + " is not on the class path", e);
    }
    if (!Files.isRegularFile(location)) {
      throw new IllegalStateException(
          rootPackage
              + " was loaded from "
              + location
              + ", not from its jar: run the Tour with `mvn -B -q -Ptour -DskipTests package`");
    }
    try (JarFile jar = new JarFile(location.toFile())) {
      return jar.getManifest().getMainAttributes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The servers the examples and integration tests use, located the same way the tests do. */
  private enum Server {
    MYSQL(
        "MariaDB/MySQL",
        "OPSKIT_MYSQL",
        "3306",
        "root",
        "jdbc:mysql://%s:%s/?connectTimeout=3000&allowPublicKeyRetrieval=true",
        "SELECT VERSION()",
        "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd"),
    POSTGRES(
        "PostgreSQL",
        "OPSKIT_POSTGRES",
        "5432",
        "postgres",
        "jdbc:postgresql://%s:%s/postgres?connectTimeout=3",
        "SELECT 'PostgreSQL ' || current_setting('server_version')",
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");

    private final String displayName;
    private final String prefix;
    private final String defaultPort;
    private final String defaultUser;
    private final String urlPattern;
    private final String versionQuery;
    private final String startCommand;

    Server(
        String displayName,
        String prefix,
        String defaultPort,
        String defaultUser,
        String urlPattern,
        String versionQuery,
        String startCommand) {
      this.displayName = displayName;
      this.prefix = prefix;
      this.defaultPort = defaultPort;
      this.defaultUser = defaultUser;
      this.urlPattern = urlPattern;
      this.versionQuery = versionQuery;
      this.startCommand = startCommand;
    }

    boolean reachable(Map<String, String> environment) {
      return probe(environment).contains(": found ");
    }

    String probe(Map<String, String> environment) {
      String host = environment.getOrDefault(prefix + "_HOST", "127.0.0.1");
      String port = environment.getOrDefault(prefix + "_PORT", defaultPort);
      String user = environment.getOrDefault(prefix + "_USER", defaultUser);
      String password = environment.getOrDefault(prefix + "_PASSWORD", "");
      String where = String.format("%-14s %s:%s as %s", displayName, host, port, user);
      try (Connection connection =
              DriverManager.getConnection(String.format(urlPattern, host, port), user, password);
          Statement statement = connection.createStatement();
          ResultSet version = statement.executeQuery(versionQuery)) {
        version.next();
        return where + ": found " + version.getString(1);
      } catch (SQLException e) {
        return where
            + ": not found ("
            + e.getMessage().lines().findFirst().orElse("")
            + "); start it with `"
            + startCommand
            + "` or set "
            + prefix
            + "_HOST/_PORT/_USER/_PASSWORD";
      }
    }
  }
}
