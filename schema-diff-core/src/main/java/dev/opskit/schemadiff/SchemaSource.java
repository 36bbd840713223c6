package dev.opskit.schemadiff;

import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where a schema comes from: a live server, a {@code mysqldump --no-data} file, DDL text, or a
 * model built in code.
 *
 * <pre>{@code
 * SchemaSource a = SchemaSource.jdbc("jdbc:mysql://127.0.0.1:3306/database_a", "root", "");
 * SchemaSource b = SchemaSource.dumpFile(Path.of("database_b.sql"));
 * }</pre>
 */
public interface SchemaSource {

  /**
   * Reads the schema.
   *
   * @param assumedFlavor the flavor to assume when the source cannot tell (DDL text without a dump
   *     header); it decides defaults such as a character set's default collation
   * @return the schema, normalized
   * @throws SchemaReadException if the schema cannot be read
   * @throws DdlParseException if DDL text cannot be parsed
   */
  Schema load(Flavor assumedFlavor);

  /**
   * Returns a short name for reports: the schema name of a live source, the file name of a dump.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the flavor this source knows without being told: a live server's, a dump header's.
   *
   * @return the flavor, or empty for plain DDL text
   */
  default Optional<Flavor> flavor() {
    return Optional.empty();
  }

  /**
   * Reads a live schema through a JDBC URL that names it, such as {@code
   * jdbc:mysql://127.0.0.1:3306/database_a}. A connection is opened for each load and closed after.
   *
   * <p>{@code jdbc:mysql://} URLs use MySQL Connector/J ({@code com.mysql:mysql-connector-j}),
   * which comes with this module; {@code jdbc:mariadb://} URLs need MariaDB Connector/J ({@code
   * org.mariadb.jdbc:mariadb-java-client}, an optional dependency the caller adds). Either driver
   * reads MariaDB and MySQL alike.
   *
   * @param url the JDBC URL, with the schema as its path
   * @param user the user
   * @param password the password; never logged or printed
   * @return the source
   */
  static SchemaSource jdbc(String url, String user, String password) {
    return new JdbcSchemaSource(url, user, password);
  }

  /**
   * Reads a live schema through a data source, which stays the caller's.
   *
   * @param dataSource where connections come from
   * @param schema the schema to read
   * @return the source
   */
  static SchemaSource jdbc(DataSource dataSource, String schema) {
    return new JdbcSchemaSource(dataSource, schema);
  }

  /**
   * Reads a {@code mysqldump --no-data} file (MySQL 5.7, 8.x or MariaDB) or any file of DDL
   * statements, without a server.
   *
   * @param file the file, UTF-8
   * @return the source
   */
  static SchemaSource dumpFile(Path file) {
    return new DumpFileSchemaSource(Objects.requireNonNull(file, "file"));
  }

  /**
   * Reads DDL text.
   *
   * @param ddl CREATE statements, separated by semicolons
   * @return the source
   */
  static SchemaSource ddl(String ddl) {
    return new DdlSchemaSource(Objects.requireNonNull(ddl, "ddl"), "ddl");
  }

  /**
   * Reads DDL text under a name of its own, which reports and parse errors use instead of {@code
   * ddl}: {@code "Comparing release-1.4 to release-1.5"}.
   *
   * @param name the name, such as a release or a file the text came from
   * @param ddl CREATE statements, separated by semicolons
   * @return the source
   */
  static SchemaSource ddl(String name, String ddl) {
    return new DdlSchemaSource(
        Objects.requireNonNull(ddl, "ddl"), Objects.requireNonNull(name, "name"));
  }

  /**
   * Uses a schema already in memory.
   *
   * @param schema the schema
   * @return the source, named after the schema
   */
  static SchemaSource of(Schema schema) {
    Objects.requireNonNull(schema, "schema");
    return new SchemaSource() {
      @Override
      public Schema load(Flavor assumedFlavor) {
        return schema;
      }

      @Override
      public String name() {
        return schema.name();
      }

      @Override
      public String toString() {
        return "SchemaSource.of(" + schema.name() + ")";
      }
    };
  }
}
