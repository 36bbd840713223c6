package dev.opskit.schemadiff.internal.source;

import static dev.opskit.schemadiff.internal.source.Models.MARIADB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.opskit.schemadiff.internal.sql.SqlSyntaxException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table options are checked for MariaDB against what a live MariaDB 10.11 takes: its own options
 * for any engine, and each bundled engine's own (issue 14, part 4: {@code ENGIN=MyISAM} was read,
 * and the migration failed on the server with ERROR 1911 Unknown option).
 */
class MariaDbTableOptionsTest {

  @ParameterizedTest
  @MethodSource
  void readsOptionsMariaDbTakes(String options, Map<String, String> expected) {
    var table = DdlParser.parse("CREATE TABLE t (a INT) " + options, MARIADB).tables().get(0);
    assertThat(table.options()).containsAllEntriesOf(expected);
  }

  static Stream<Arguments> readsOptionsMariaDbTakes() {
    return Stream.of(
        argumentSet(
            "InnoDB's own options",
            "ENGINE=InnoDB PAGE_COMPRESSED=1 PAGE_COMPRESSION_LEVEL=3 ENCRYPTED=NO"
                + " ENCRYPTION_KEY_ID=1 TRANSACTIONAL=1",
            Map.of("PAGE_COMPRESSED", "1", "ENCRYPTED", "NO", "ENCRYPTION_KEY_ID", "1")),
        argumentSet(
            "InnoDB's options on the default engine, quoted as SHOW CREATE quotes them",
            "`PAGE_COMPRESSED`='ON'",
            Map.of("PAGE_COMPRESSED", "ON")),
        argumentSet("Aria's TRANSACTIONAL", "ENGINE=Aria TRANSACTIONAL=1", Map.of()),
        argumentSet("CSV's IETF_QUOTES", "ENGINE=CSV IETF_QUOTES=YES", Map.of()),
        argumentSet(
            "server options on any engine",
            "ENGINE=MyISAM SEQUENCE=0 PAGE_CHECKSUM=1 STATS_PERSISTENT=1 PASSWORD='x'",
            Map.of()),
        argumentSet(
            "options of an engine not bundled with the server",
            "ENGINE=CONNECT TABLE_TYPE=CSV FILE_NAME='/tmp/x.csv' `custom_option`='x y'",
            Map.of("TABLE_TYPE", "CSV", "CUSTOM_OPTION", "x y")));
  }

  @ParameterizedTest
  @MethodSource
  void refusesOptionsMariaDbRefuses(String options, int column, String problem) {
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(() -> DdlParser.parse("CREATE TABLE t (a INT) " + options, MARIADB))
        .satisfies(
            e -> {
              assertThat(e.problem()).isEqualTo(problem);
              assertThat(e.line()).isEqualTo(1);
              assertThat(e.column()).isEqualTo(column);
            });
  }

  static Stream<Arguments> refusesOptionsMariaDbRefuses() {
    return Stream.of(
        argumentSet(
            "a misspelt ENGINE",
            "ENGIN=MyISAM",
            24,
            "MariaDB has no table option 'ENGIN' for the InnoDB engine (it defines ENCRYPTED,"
                + " ENCRYPTION_KEY_ID, PAGE_COMPRESSED, PAGE_COMPRESSION_LEVEL, TRANSACTIONAL);"
                + " the server refuses it unless IGNORE_BAD_TABLE_OPTIONS is set: correct the"
                + " name or leave the option out"),
        argumentSet(
            "InnoDB's option on Aria, the engine named after it",
            "PAGE_COMPRESSED=1 ENGINE=Aria",
            24,
            "MariaDB has no table option 'PAGE_COMPRESSED' for the Aria engine (it defines"
                + " TRANSACTIONAL); the server refuses it unless IGNORE_BAD_TABLE_OPTIONS is set:"
                + " correct the name or leave the option out"),
        argumentSet(
            "TRANSACTIONAL on MyISAM",
            "ENGINE=MyISAM TRANSACTIONAL=1",
            38,
            "MariaDB has no table option 'TRANSACTIONAL' for the MyISAM engine; the server"
                + " refuses it unless IGNORE_BAD_TABLE_OPTIONS is set: correct the name or leave"
                + " the option out"),
        argumentSet(
            "MySQL's ENCRYPTION",
            "ENCRYPTION='N'",
            24,
            "MariaDB has no table option 'ENCRYPTION' for the InnoDB engine (it defines ENCRYPTED,"
                + " ENCRYPTION_KEY_ID, PAGE_COMPRESSED, PAGE_COMPRESSION_LEVEL, TRANSACTIONAL);"
                + " the server refuses it unless IGNORE_BAD_TABLE_OPTIONS is set: correct the"
                + " name or leave the option out"),
        argumentSet(
            "a word that is no option",
            "ENGINE=InnoDB FOO",
            38,
            "found 'FOO', expected a table option (ENGINE, DEFAULT CHARSET, COLLATE, COMMENT,"
                + " ROW_FORMAT, AUTO_INCREMENT, ...), PARTITION BY or the end of the statement"));
  }
}
