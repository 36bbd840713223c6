package dev.opskit.schemadiff;

import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.testing.db.DatabaseEngine;
import dev.opskit.testing.db.DatabaseServer;
import dev.opskit.testing.db.DatabaseServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The MariaDB or MySQL server this integration-test run talks to, as the server itself says: tests
 * whose expectation depends on the server decide by this, never by configuration.
 */
public final class ServerUnderTest {
  private static volatile Flavor flavor;
  private static volatile String version;

  private ServerUnderTest() {}

  /** Returns the flavor (MariaDB or MySQL, major.minor) of the server the tests run against. */
  public static Flavor flavor() {
    if (flavor == null) {
      flavor = Flavor.parse(version());
    }
    return flavor;
  }

  /** Returns {@code SELECT VERSION()} of the server the tests run against. */
  public static String version() {
    if (version == null) {
      DatabaseServer server = DatabaseServers.get(DatabaseEngine.MYSQL);
      try (Connection c = server.connect("");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT VERSION()")) {
        rs.next();
        version = rs.getString(1);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the version of " + server, e);
      }
    }
    return version;
  }

  /** Returns whether the server is MariaDB. */
  public static boolean isMariaDb() {
    return flavor().isMariaDb();
  }

  /** Returns whether the server is Oracle MySQL. */
  public static boolean isMySql() {
    return !flavor().isMariaDb();
  }
}
