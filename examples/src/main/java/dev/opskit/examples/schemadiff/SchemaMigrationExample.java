package dev.opskit.examples.schemadiff;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.opskit.examples.ScratchNames;
import dev.opskit.schemadiff.MigrationOptions;
import dev.opskit.schemadiff.MigrationPlan;
import dev.opskit.schemadiff.SchemaComparator;
import dev.opskit.schemadiff.SchemaDiff;
import dev.opskit.schemadiff.SchemaSource;
import dev.opskit.schemadiff.compare.Change;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Generates, reviews and applies a migration between two local databases, the job {@code mysqldiff
 * --difftype=sql} does without the guarantees: the script is complete, ordered so the server
 * accepts it, marks every statement that can lose data, and is proven by re-comparing after it ran.
 *
 * <p>It creates two scratch databases on the local server ({@code opskit_example_from_<token>} and
 * {@code opskit_example_to_<token>}, unique per run so runs sharing a server never drop each
 * other's) from the bundled {@code staging.sql} and {@code production.sql} dumps (by migrating an
 * empty database to each dump's schema), prints the migration from the first to the second for
 * review, applies it (unsafe statements only with {@code --allow-unsafe}), prints what is left, and
 * drops both databases. The server comes from {@code OPSKIT_MYSQL_HOST}, {@code _PORT}, {@code
 * _USER} and {@code _PASSWORD} (default {@code root@127.0.0.1:3306}).
 *
 * <pre>
 * java -cp "$CP" dev.opskit.examples.schemadiff.SchemaMigrationExample [--allow-unsafe]
 * </pre>
 */
public final class SchemaMigrationExample {
  static final String FROM = ScratchNames.unique("opskit_example_from");
  static final String TO = ScratchNames.unique("opskit_example_to");

  private SchemaMigrationExample() {}

  /**
   * Runs the example.
   *
   * @param args {@code --allow-unsafe} to run the unsafe statements too
   * @throws SQLException if the server cannot be reached
   */
  public static void main(String[] args) throws SQLException {
    boolean allowUnsafe = args.length > 0 && args[0].equals("--allow-unsafe");
    BenchServer server = BenchServer.fromEnvironment(System.getenv());
    try (Connection admin = server.connect();
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + FROM);
      s.execute("DROP DATABASE IF EXISTS " + TO);
      s.execute("CREATE DATABASE " + FROM);
      s.execute("CREATE DATABASE " + TO);
      try {
        run(server, allowUnsafe, System.out);
      } finally {
        s.execute("DROP DATABASE IF EXISTS " + FROM);
        s.execute("DROP DATABASE IF EXISTS " + TO);
      }
    }
  }

  static void run(BenchServer server, boolean allowUnsafe, PrintStream out) {
    DataSource from = server.dataSource(FROM);
    DataSource to = server.dataSource(TO);
    SchemaDiff staging = SchemaDiffExample.compareBundledDumps();
    createFrom(from, FROM, SchemaSource.of(staging.from()));
    createFrom(to, TO, SchemaSource.of(staging.to()));

    SchemaDiff diff =
        SchemaComparator.create().compare(SchemaSource.jdbc(from, FROM), SchemaSource.jdbc(to, TO));
    MigrationPlan plan = review(diff, allowUnsafe, out);
    SchemaDiff left = plan.applyTo(from);
    out.println(
        left.isEmpty()
            ? FROM + " now equals " + TO
            : "left for a decision ("
                + plan.leftOut().size()
                + " unsafe statements not run):\n"
                + left.summary());
  }

  /**
   * Prints a migration for review: the unsafe changes, then the script.
   *
   * @param diff the comparison
   * @param allowUnsafe whether the plan runs unsafe statements
   * @param out where to print
   * @return the plan
   */
  public static MigrationPlan review(SchemaDiff diff, boolean allowUnsafe, PrintStream out) {
    MigrationPlan plan =
        diff.migration(MigrationOptions.builder().allowUnsafe(allowUnsafe).build());
    out.println(diff.summary());
    for (Change change : plan.unsafeChanges()) {
      out.println(
          "unsafe: "
              + change.objectKind().name().toLowerCase(java.util.Locale.ROOT)
              + " "
              + change.objectName());
    }
    out.println();
    out.println(plan.sql());
    return plan;
  }

  /**
   * Creates a schema in an empty database by migrating the database to it.
   *
   * @param empty a data source of the empty database
   * @param database its name
   * @param schema the schema to create
   * @return what is left between the database and the schema: empty
   */
  public static SchemaDiff createFrom(DataSource empty, String database, SchemaSource schema) {
    SchemaDiff diff = SchemaComparator.create().compare(SchemaSource.jdbc(empty, database), schema);
    return diff.migration(MigrationOptions.builder().allowUnsafe(true).build()).applyTo(empty);
  }

  /**
   * Returns a data source of a database on the local server, as the example's environment names it.
   *
   * @param environment the environment, such as {@code System.getenv()}
   * @param database the database
   * @return the data source
   */
  public static DataSource localDataSource(Map<String, String> environment, String database) {
    BenchServer server = BenchServer.fromEnvironment(environment);
    MysqlDataSource dataSource = new MysqlDataSource();
    dataSource.setURL(server.jdbcUrl(database));
    dataSource.setUser(server.user());
    dataSource.setPassword(server.password());
    return dataSource;
  }

  /**
   * Drops a database on the local server, if it exists.
   *
   * @param environment the environment, such as {@code System.getenv()}
   * @param database the database
   * @throws SQLException if the server refuses
   */
  public static void dropDatabase(Map<String, String> environment, String database)
      throws SQLException {
    BenchServer server = BenchServer.fromEnvironment(environment);
    try (Connection c =
            DriverManager.getConnection(server.jdbcUrl(""), server.user(), server.password());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS `" + database + "`");
    }
  }

  /**
   * Creates (or empties) a database on the local server.
   *
   * @param environment the environment, such as {@code System.getenv()}
   * @param database the database
   * @throws SQLException if the server refuses
   */
  public static void recreateDatabase(Map<String, String> environment, String database)
      throws SQLException {
    BenchServer server = BenchServer.fromEnvironment(environment);
    try (Connection c =
            DriverManager.getConnection(server.jdbcUrl(""), server.user(), server.password());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS `" + database + "`");
      s.execute("CREATE DATABASE `" + database + "`");
    }
  }
}
