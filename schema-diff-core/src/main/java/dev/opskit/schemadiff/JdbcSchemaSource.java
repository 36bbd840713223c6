package dev.opskit.schemadiff;

import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.source.jdbc.JdbcSchemaReader;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** A live schema read over JDBC, from a URL or a caller's data source. */
final class JdbcSchemaSource implements SchemaSource {
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

  @Override
  public String toString() {
    return "SchemaSource.jdbc(" + where() + ")";
  }

  private Connection connect() throws SQLException {
    if (dataSource != null) {
      return dataSource.getConnection();
    }
    return DriverManager.getConnection(url, user, password);
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
