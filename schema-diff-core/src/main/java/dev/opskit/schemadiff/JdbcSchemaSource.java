package dev.opskit.schemadiff;

import dev.opskit.schemadiff.internal.source.jdbc.JdbcSchemaReader;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** A live schema read over JDBC, from a URL or a caller's data source. */
final class JdbcSchemaSource implements SchemaSource {
  /** MySQL Connector/J, for {@code jdbc:mysql:} URLs: a dependency of this module. */
  static final String MYSQL_DRIVER = "com.mysql:mysql-connector-j";

  /** MariaDB Connector/J, for {@code jdbc:mariadb:} URLs: an optional dependency of this module. */
  static final String MARIADB_DRIVER = "org.mariadb.jdbc:mariadb-java-client";

  private final @Nullable String url;
  private final @Nullable String user;
  private final @Nullable String password;
  private final @Nullable DataSource dataSource;
  private final String schema;
  private volatile @Nullable Flavor flavor;

  JdbcSchemaSource(String url, String user, String password) {
    this.url = Objects.requireNonNull(url, "url");
    this.user = Objects.requireNonNull(user, "user");
    this.password = Objects.requireNonNull(password, "password");
    this.dataSource = null;
    this.schema = schemaOf(url);
  }

  JdbcSchemaSource(DataSource dataSource, String schema) {
    this.url = null;
    this.user = null;
    this.password = null;
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.schema = Objects.requireNonNull(schema, "schema");
  }

  @Override
  public Schema load(Flavor assumedFlavor) {
    try (Connection connection = connect()) {
      Flavor known = JdbcSchemaReader.flavor(connection);
      flavor = known;
      return JdbcSchemaReader.read(connection, schema, known);
    } catch (SQLException e) {
      throw new SchemaReadException(
          "cannot read schema '" + schema + "' from " + where() + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new SchemaReadException(e.getMessage() + " on " + where(), e);
    }
  }

  @Override
  public Optional<Flavor> flavor() {
    Flavor known = flavor;
    if (known != null) {
      return Optional.of(known);
    }
    try (Connection connection = connect()) {
      known = JdbcSchemaReader.flavor(connection);
      flavor = known;
      return Optional.of(known);
    } catch (SQLException e) {
      throw new SchemaReadException("cannot connect to " + where() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return schema;
  }

  /** The schema this source reads. */
  String schema() {
    return schema;
  }

  /**
   * What tells two sources apart as connections to the same server as the same user: sources with
   * one key are read together. Held in memory only; it holds the password.
   */
  Object serverKey() {
    if (dataSource != null) {
      return dataSource;
    }
    String base = Objects.requireNonNull(url).replaceFirst("^(jdbc:[^/]*//[^/?]*)/[^?;]*", "$1/");
    return List.of(base, Objects.requireNonNull(user), Objects.requireNonNull(password));
  }

  /** Opens a connection to the server. */
  Connection open() throws SQLException {
    return connect();
  }

  /** Where the server is, for messages: the URL without secrets, or the data source. */
  String location() {
    return where();
  }

  @Override
  public String toString() {
    return "SchemaSource.jdbc(" + where() + ")";
  }

  private Connection connect() throws SQLException {
    if (dataSource != null) {
      return dataSource.getConnection();
    }
    requireDriver(url);
    return DriverManager.getConnection(url, user, password);
  }

  /**
   * Fails with a message that names the artifact to add when no registered driver accepts the URL,
   * instead of the driver manager's "No suitable driver".
   */
  private static void requireDriver(String url) {
    try {
      DriverManager.getDriver(url);
    } catch (SQLException e) {
      String artifact = driverArtifact(url);
      String message =
          artifact != null
              ? "no JDBC driver for "
                  + redact(url)
                  + " is on the class path: add the dependency "
                  + artifact
                  + " to read a schema through this URL"
              : "no JDBC driver on the class path accepts "
                  + redact(url)
                  + "; schemas are read from MySQL and MariaDB through jdbc:mysql:// ("
                  + MYSQL_DRIVER
                  + ") or jdbc:mariadb:// ("
                  + MARIADB_DRIVER
                  + ")";
      throw new SchemaReadException(message, e);
    }
  }

  /**
   * Returns the Maven coordinates (groupId:artifactId) of the driver a URL's scheme needs.
   *
   * @param url a JDBC URL
   * @return the coordinates, or null for a scheme other than MySQL's and MariaDB's
   */
  static @Nullable String driverArtifact(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:mariadb:")) {
      return MARIADB_DRIVER;
    }
    if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mysql+srv:")) {
      return MYSQL_DRIVER;
    }
    return null;
  }

  private String where() {
    return url != null ? redact(url) + " as " + user : "data source, schema " + schema;
  }

  /** Removes a password given as a URL parameter or in the authority. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=***")
        .replaceAll("//[^/@]*:[^/@]*@", "//***@");
  }

  private static String schemaOf(String url) {
    if (!url.startsWith("jdbc:")) {
      throw new IllegalArgumentException("not a JDBC URL: " + redact(url));
    }
    String path;
    try {
      path = URI.create(url.substring("jdbc:".length())).getPath();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a JDBC URL: " + redact(url), e);
    }
    String name = path == null ? "" : path.replaceFirst("^/", "");
    if (name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException(
          "the JDBC URL names no schema; add it as the path, as in jdbc:mysql://host:3306/schema: "
              + redact(url));
    }
    return name;
  }
}
