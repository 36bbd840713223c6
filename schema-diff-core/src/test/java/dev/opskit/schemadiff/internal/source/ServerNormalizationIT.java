package dev.opskit.schemadiff.internal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.schemadiff.ServerClients;
import dev.opskit.schemadiff.ServerUnderTest;
import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.View;
import dev.opskit.testing.db.MySql;
import dev.opskit.testing.db.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser reads a statement as the server stores it: for each fixture, the model of the DDL
 * equals the model of what {@code SHOW CREATE} prints after the server ran the DDL.
 */
class ServerNormalizationIT {
  /** ER_PARSE_ERROR: the server does not know the syntax. */
  private static final int ER_PARSE_ERROR = 1064;

  @ParameterizedTest
  @MethodSource("dev.opskit.schemadiff.internal.source.ServerFixtures#fixtures")
  void readsDdlAsTheServerStoresIt(String mariaDbDdl, String mySqlDdl, @MySql TestDatabase db)
      throws SQLException {
    try (Connection connection = db.connect()) {
      Flavor flavor = ServerUnderTest.flavor();
      String ddl =
          (flavor.isMariaDb() ? mariaDbDdl : mySqlDdl).replace("${definer}", definer(connection));
      execute(connection, ddl);

      Schema fromDdl = DdlParser.parse(ddl, flavor);
      String shown = showCreate(connection, fromDdl);
      Schema fromServer = DdlParser.parse(shown, flavor);

      assertThat(fromServer).as(shown).isEqualTo(fromDdl);
      assertThat(fromDdl.tables().size() + fromDdl.views().size() + fromDdl.routines().size())
          .isPositive();
    }
  }

  /**
   * What the MariaDB spelling of a fixture has and the MySQL one leaves out: MySQL refuses it with
   * a syntax error; MariaDB stores it as the DDL says.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "CREATE TABLE t (a INT, d INT AS (a) PERSISTENT)",
        "CREATE TABLE t (a INT, KEY k (a) IGNORED)",
        "CREATE TABLE t (x INT) WITH SYSTEM VERSIONING",
        "CREATE TABLE t (a INT) PARTITION BY LIST (a) (PARTITION x VALUES IN (1), PARTITION d DEFAULT)"
      })
  void onlyMariaDbTakesItsOwnSyntax(String ddl, @MySql TestDatabase db) throws SQLException {
    try (Connection connection = db.connect()) {
      if (ServerUnderTest.isMySql()) {
        assertThatThrownBy(() -> execute(connection, ddl))
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(ER_PARSE_ERROR));
        return;
      }
      execute(connection, ddl);
      Flavor flavor = ServerUnderTest.flavor();
      Schema fromDdl = DdlParser.parse(ddl, flavor);
      assertThat(DdlParser.parse(showCreate(connection, fromDdl), flavor)).isEqualTo(fromDdl);
    }
  }

  /**
   * A dump of a schema reads as the DDL that made it: MariaDB's fixture on MariaDB, dumped with
   * mariadb-dump; the MySQL fixture, with what only MySQL 8 has, on MySQL, dumped with mysqldump.
   */
  @Test
  void readsADumpAsTheDdlThatMadeIt(@MySql TestDatabase db)
      throws SQLException, IOException, InterruptedException {
    boolean mariaDb = ServerUnderTest.isMariaDb();
    String ddl;
    try (Connection connection = db.connect()) {
      ddl =
          mariaDb
              ? resource("mariadb-10.11-fixture.sql")
                  .replace("`root`@`127.0.0.1`", ServerClients.definer(connection))
              : resource("mysql-fixture.sql")
                  .replace("`root`@`localhost`", ServerClients.definer(connection));
      execute(connection, ddl);
    }

    String dump = ServerClients.dump(db);
    Flavor flavor = DdlParser.detectFlavor(dump).orElseThrow();

    Schema fromDump = DdlParser.parse(dump, flavor);
    assertThat(flavor).isEqualTo(ServerUnderTest.flavor());
    assertThat(fromDump).isEqualTo(DdlParser.parse(ddl, flavor));
    assertThat(fromDump.tables()).hasSize(mariaDb ? 4 : 5);
    assertThat(fromDump.routines()).hasSize(2);
  }

  /** Runs a script statement by statement, DELIMITER lines included. */
  static void execute(Connection connection, String script) throws SQLException {
    Scripts.execute(connection, script);
  }

  /** Returns SHOW CREATE of every object a schema holds, as one script. */
  private static String showCreate(Connection connection, Schema schema) throws SQLException {
    StringBuilder out = new StringBuilder();
    for (Table table : schema.tables()) {
      out.append(show(connection, "TABLE", table.name(), "Create Table")).append(";\n");
    }
    for (View view : schema.views()) {
      out.append(show(connection, "VIEW", view.name(), "Create View")).append(";\n");
    }
    out.append("DELIMITER ;;\n");
    for (Trigger trigger : schema.triggers()) {
      out.append(show(connection, "TRIGGER", trigger.name(), "SQL Original Statement"))
          .append("\n;;\n");
    }
    for (Routine routine : schema.routines()) {
      String column = routine.type().equals("FUNCTION") ? "Create Function" : "Create Procedure";
      out.append(show(connection, routine.type(), routine.name(), column)).append("\n;;\n");
    }
    for (Event event : schema.events()) {
      out.append(show(connection, "EVENT", event.name(), "Create Event")).append("\n;;\n");
    }
    return out.append("DELIMITER ;\n").toString();
  }

  private static String show(Connection connection, String kind, String name, String column)
      throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SHOW CREATE " + kind + " " + SqlExpressions.quoteName(name))) {
      assertThat(rs.next()).as("SHOW CREATE %s %s", kind, name).isTrue();
      return rs.getString(column);
    }
  }

  /** Returns the account the connection runs as, in DEFINER syntax. */
  private static String definer(Connection connection) throws SQLException {
    return ServerClients.definer(connection);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ServerNormalizationIT.class.getResourceAsStream("/dumps/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
