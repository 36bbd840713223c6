package dev.opskit.schemadiff.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.View;
import dev.opskit.schemadiff.sql.SqlExpressions;
import dev.opskit.testing.db.MySql;
import dev.opskit.testing.db.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser reads a statement as the server stores it: for each fixture, the model of the DDL
 * equals the model of what {@code SHOW CREATE} prints after the server ran the DDL.
 */
class ServerNormalizationIT {

  @ParameterizedTest
  @MethodSource("dev.opskit.schemadiff.source.ServerFixtures#fixtures")
  void readsDdlAsTheServerStoresIt(String mariaDbDdl, String mySqlDdl, @MySql TestDatabase db)
      throws SQLException {
    try (Connection connection = db.connect()) {
      Flavor flavor = Flavor.parse(single(connection, "SELECT VERSION()"));
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

  @Test
  void readsAMariaDbDumpAsTheDdlThatMadeIt(@MySql TestDatabase db)
      throws SQLException, IOException, InterruptedException {
    String ddl;
    try (Connection connection = db.connect()) {
      ddl =
          resource("mariadb-10.11-fixture.sql").replace("`root`@`127.0.0.1`", definer(connection));
      execute(connection, ddl);
    }

    String dump = dump(db);
    Flavor flavor = DdlParser.detectFlavor(dump).orElseThrow();

    Schema fromDump = DdlParser.parse(dump, flavor);
    assertThat(fromDump).isEqualTo(DdlParser.parse(ddl, flavor));
    assertThat(fromDump.tables()).hasSize(4);
    assertThat(fromDump.routines()).hasSize(2);
  }

  /** Runs a script statement by statement, DELIMITER lines included. */
  static void execute(Connection connection, String script) throws SQLException {
    StatementSplitter splitter = new StatementSplitter(script);
    try (Statement statement = connection.createStatement()) {
      for (var span = splitter.next(); span != null; span = splitter.next()) {
        String sql = splitter.statement(span).text();
        try {
          statement.execute(sql);
        } catch (SQLException e) {
          throw new SQLException(e.getMessage() + " in: " + sql, e);
        }
      }
    }
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
    String user = single(connection, "SELECT CURRENT_USER()");
    int at = user.lastIndexOf('@');
    return SqlExpressions.quoteName(user.substring(0, at))
        + "@"
        + SqlExpressions.quoteName(user.substring(at + 1));
  }

  private static String single(Connection connection, String query) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String dump(TestDatabase db) throws IOException, InterruptedException {
    String url = db.jdbcUrl();
    String hostPort = url.substring(url.indexOf("//") + 2, url.indexOf('/', url.indexOf("//") + 2));
    int colon = hostPort.lastIndexOf(':');
    List<String> command = new ArrayList<>();
    command.add("mariadb-dump");
    command.add("--host=" + (colon < 0 ? hostPort : hostPort.substring(0, colon)));
    if (colon >= 0) {
      command.add("--port=" + hostPort.substring(colon + 1));
    }
    command.add("--user=" + db.user());
    command.addAll(List.of("--no-data", "--routines", "--events", "--triggers", db.name()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    if (!db.password().isEmpty()) {
      builder.environment().put("MYSQL_PWD", db.password());
    }
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("mariadb-dump finishes").isTrue();
    assertThat(process.exitValue())
        .as("mariadb-dump: %s", new String(err, StandardCharsets.UTF_8))
        .isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ServerNormalizationIT.class.getResourceAsStream("/dumps/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
