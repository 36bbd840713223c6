package dev.opskit.schemadiff.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.ServerUnderTest;
import dev.opskit.schemadiff.internal.sql.SqlSyntaxException;
import dev.opskit.testing.db.MySql;
import dev.opskit.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser takes a table option exactly when the server knows it: on MariaDB, for every engine
 * bundled with it, an option is read if and only if the server does not answer ERROR 1911 (Unknown
 * option) or a syntax error; on MySQL, every option the server knows is read (issue 14, part 4).
 */
class TableOptionsIT {
  private static final List<String> ENGINES = List.of("InnoDB", "Aria", "MyISAM", "CSV", "MEMORY");
  private static final List<String> OPTIONS =
      List.of(
          "ENGIN=MyISAM",
          "PAGE_COMPRESSED=1",
          "PAGE_COMPRESSION_LEVEL=3",
          "ENCRYPTED=NO",
          "ENCRYPTION_KEY_ID=1",
          "TRANSACTIONAL=1",
          "IETF_QUOTES=YES",
          "SEQUENCE=0",
          "PAGE_CHECKSUM=1",
          "`foo`=1",
          "TABLE_TYPE=CSV",
          "ENCRYPTION='N'",
          "ENGINE_ATTRIBUTE='{}'",
          "SECONDARY_ENGINE_ATTRIBUTE='{}'",
          "COMPRESSION='None'",
          "STATS_AUTO_RECALC=1",
          "STATS_PERSISTENT=1",
          "STATS_SAMPLE_PAGES=5",
          "DELAY_KEY_WRITE=1",
          "INSERT_METHOD=NO",
          "KEY_BLOCK_SIZE=8",
          "CONNECTION='x'",
          "CHECKSUM=1",
          "AUTO_INCREMENT=5",
          "AVG_ROW_LENGTH=5",
          "MAX_ROWS=5",
          "MIN_ROWS=1",
          "PACK_KEYS=1",
          "PASSWORD='x'",
          "ROW_FORMAT=DYNAMIC");
  private static final int UNKNOWN_OPTION = 1911;
  private static final int SYNTAX_ERROR = 1064;

  @Test
  void readsAnOptionExactlyWhenTheServerKnowsIt(@MySql TestDatabase db) throws SQLException {
    List<String> disagreements = new ArrayList<>();
    int checked = 0;
    try (Connection connection = db.connect();
        Statement s = connection.createStatement()) {
      for (String engine : ENGINES) {
        for (String option : OPTIONS) {
          String ddl = "CREATE TABLE t (a INT NOT NULL) ENGINE=" + engine + " " + option;
          boolean serverKnows = serverKnows(s, ddl);
          boolean parserReads = parserReads(ddl);
          boolean agree =
              ServerUnderTest.isMariaDb()
                  ? parserReads == serverKnows
                  : parserReads || !serverKnows;
          if (!agree) {
            disagreements.add(ddl + ": server " + serverKnows + ", parser " + parserReads);
          }
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(ENGINES.size() * OPTIONS.size());
    assertThat(disagreements).isEmpty();
  }

  private static boolean serverKnows(Statement s, String ddl) throws SQLException {
    s.execute("DROP TABLE IF EXISTS t");
    try {
      s.execute(ddl);
      return true;
    } catch (SQLException e) {
      return e.getErrorCode() != UNKNOWN_OPTION && e.getErrorCode() != SYNTAX_ERROR;
    }
  }

  private static boolean parserReads(String ddl) {
    try {
      DdlParser.parse(ddl, ServerUnderTest.flavor());
      return true;
    } catch (SqlSyntaxException e) {
      return false;
    }
  }
}
