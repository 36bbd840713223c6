package dev.opskit.testing.leaks;

import dev.opskit.testing.db.DatabaseNames;
import dev.opskit.testing.db.DatabaseServer;
import dev.opskit.testing.db.DatabaseServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/**
 * The databases of this JVM (named with {@link DatabaseNames#thisJvmPrefix()}) on every server its
 * tests have used so far; other builds sharing a server never show up.
 */
final class TestDatabases {
  private TestDatabases() {}

  /** Returns {@code name on server} for each database of this JVM, or a failure to list them. */
  static Set<String> list() {
    Set<String> names = new TreeSet<>();
    for (DatabaseServer server : DatabaseServers.resolved()) {
      String sql =
          switch (server.engine()) {
            case MYSQL -> "SELECT schema_name FROM information_schema.schemata";
            case POSTGRES -> "SELECT datname FROM pg_database";
          };
      try (Connection c = server.connect("");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          String name = rs.getString(1);
          if (name.startsWith(DatabaseNames.thisJvmPrefix())) {
            names.add(name + " on " + server);
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot list the databases on " + server + ": " + e.getMessage(), e);
      }
    }
    return names;
  }
}
