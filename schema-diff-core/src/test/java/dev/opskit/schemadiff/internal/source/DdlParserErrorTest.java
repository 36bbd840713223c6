package dev.opskit.schemadiff.internal.source;

import static dev.opskit.schemadiff.internal.source.Models.MARIADB;
import static dev.opskit.schemadiff.internal.source.Models.MYSQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.opskit.schemadiff.internal.sql.SqlSyntaxException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the parser reports, and where, for input it cannot read or will not skip. */
class DdlParserErrorTest {

  @ParameterizedTest
  @MethodSource
  void reportsWhatItFoundWhereAndWhatItExpected(String ddl, int line, int column, String problem) {
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(() -> DdlParser.parse(ddl, MYSQL))
        .satisfies(
            e -> {
              assertThat(e.problem()).isEqualTo(problem);
              assertThat(e.line()).isEqualTo(line);
              assertThat(e.column()).isEqualTo(column);
              assertThat(e.getMessage()).isEqualTo(line + ":" + column + ": " + problem);
            });
  }

  static Stream<Arguments> reportsWhatItFoundWhereAndWhatItExpected() {
    return Stream.of(
        argumentSet(
            "a typo in line 3",
            "CREATE TABLE t (\n  id INT,\n  PRIMRY KEY (id)\n);\n",
            3,
            3,
            "found 'PRIMRY', expected a column definition, PRIMARY KEY, KEY, INDEX, UNIQUE,"
                + " FULLTEXT, SPATIAL, CONSTRAINT, FOREIGN KEY or CHECK"),
        argumentSet(
            "an unknown column type",
            "CREATE TABLE t (a INTT)",
            1,
            19,
            "found 'INTT', expected a column type"),
        argumentSet(
            "a type argument that is not a number",
            "CREATE TABLE t (a DATETIME(x))",
            1,
            28,
            "found 'x', expected a number"),
        argumentSet(
            "a default the column's type cannot hold",
            "CREATE TABLE t (\n  a BIT(3) DEFAULT 1.5)",
            2,
            3,
            "column `a` cannot be read: For input string: \"1.5\""),
        argumentSet(
            "a missing comma between columns",
            "CREATE TABLE t (a INT b INT)",
            1,
            23,
            "found 'b', expected a column attribute (NULL, NOT NULL, DEFAULT, AUTO_INCREMENT,"
                + " UNIQUE, PRIMARY KEY, COMMENT, COLLATE, CHARACTER SET, GENERATED ALWAYS AS,"
                + " INVISIBLE, CHECK, REFERENCES, ...), ',' or ')'"),
        argumentSet(
            "a missing closing parenthesis, reported where the statement ends",
            "CREATE TABLE t (a INT, KEY (a)\n;",
            2,
            1,
            "found end of statement, expected ',' or ')'"),
        argumentSet(
            "positions count the whole input across DELIMITER blocks",
            "CREATE TABLE t (a INT);\nDELIMITER ;;\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH\n"
                + "  ROW SET NEW.a = 1;;\nDELIMITER ;\nCREATE TABLE u (a INT,\n  b INT DEFALT 1);",
            7,
            9,
            "found 'DEFALT', expected a column attribute (NULL, NOT NULL, DEFAULT, AUTO_INCREMENT,"
                + " UNIQUE, PRIMARY KEY, COMMENT, COLLATE, CHARACTER SET, GENERATED ALWAYS AS,"
                + " INVISIBLE, CHECK, REFERENCES, ...), ',' or ')'"),
        argumentSet(
            "a string that is never closed",
            "CREATE TABLE t (a INT);\nCREATE TABLE u (a VARCHAR(3) DEFAULT 'x);",
            2,
            38,
            "string starting with ' is never closed"),
        argumentSet(
            "a statement that may change the schema is not skipped",
            "CREATE TABLE t (a INT);\n  RENAME TABLE t TO u;",
            2,
            3,
            "found 'RENAME', expected CREATE, ALTER TABLE, DROP, USE or a statement that cannot"
                + " change the schema (SET, INSERT, LOCK TABLES, ...); other statements may change"
                + " the schema, so they are not skipped"),
        argumentSet(
            "an ALTER TABLE form that is not supported",
            "CREATE TABLE t (a INT, b INT);\nALTER TABLE t ADD KEY (a), DROP COLUMN b;",
            2,
            28,
            "found 'DROP', expected ADD, DISABLE KEYS or ENABLE KEYS (other ALTER TABLE forms are"
                + " not supported yet)"),
        argumentSet(
            "ALTER of a table that was never created",
            "ALTER TABLE t ADD KEY (a)",
            1,
            13,
            "table `t` is not defined before this statement"),
        argumentSet(
            "a temporary table",
            "CREATE TEMPORARY TABLE t (a INT)",
            1,
            8,
            "CREATE TEMPORARY TABLE is not supported: temporary tables are not schema"),
        argumentSet(
            "CREATE TABLE ... AS SELECT",
            "CREATE TABLE t (a INT) ENGINE=InnoDB AS SELECT 1 AS a",
            1,
            38,
            "CREATE TABLE ... SELECT is not supported: its columns come from a query (found 'AS')"),
        argumentSet(
            "an unknown table option",
            "CREATE TABLE t (a INT) ENGIN=InnoDB",
            1,
            24,
            "found 'ENGIN', expected a table option (ENGINE, DEFAULT CHARSET, COLLATE, COMMENT,"
                + " ROW_FORMAT, AUTO_INCREMENT, ...), PARTITION BY or the end of the statement"),
        argumentSet(
            "a MariaDB compressed column",
            "CREATE TABLE t (a MEDIUMTEXT /*M!100301 COMPRESSED*/ DEFAULT NULL)",
            1,
            41,
            "MariaDB COMPRESSED columns are not supported yet (column a)"),
        argumentSet(
            "two primary keys",
            "CREATE TABLE t (a INT PRIMARY KEY, b INT, PRIMARY KEY (b))",
            1,
            51,
            "table `t` has more than one PRIMARY KEY"),
        argumentSet(
            "a table created twice",
            "CREATE TABLE t (a INT);\nCREATE TABLE `t` (a INT);",
            2,
            14,
            "table `t` is created twice (DROP it first or use IF NOT EXISTS)"),
        argumentSet(
            "dropping what was never created",
            "DROP VIEW v",
            1,
            11,
            "DROP VIEW `v`: no such view is defined before this statement (use IF EXISTS)"),
        argumentSet(
            "a second schema",
            "USE a;\nCREATE TABLE t (a INT);\nUSE b;",
            3,
            5,
            "the script switches to a second schema `b` after `a`; read one schema at a time"),
        argumentSet(
            "an unknown foreign key action",
            "CREATE TABLE t (a INT, FOREIGN KEY (a) REFERENCES p (id) ON DELETE NOTHING)",
            1,
            68,
            "found 'NOTHING', expected RESTRICT, CASCADE, SET NULL, SET DEFAULT or NO ACTION"),
        argumentSet(
            "a DELIMITER line without a delimiter",
            "CREATE TABLE t (a INT);\nDELIMITER \n",
            2,
            1,
            "found DELIMITER without a delimiter, expected DELIMITER x"),
        argumentSet(
            "a sequence", "CREATE SEQUENCE s", 1, 8, "CREATE SEQUENCE is not supported yet"),
        argumentSet(
            "an unknown object",
            "CREATE TABEL t (a INT)",
            1,
            8,
            "found 'TABEL', expected TABLE, INDEX, VIEW, TRIGGER, PROCEDURE, FUNCTION, EVENT,"
                + " DATABASE or SCHEMA"));
  }

  @ParameterizedTest
  @MethodSource
  void rejectsMariaDbFeaturesTheModelCannotHold(String ddl, String problem) {
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(() -> DdlParser.parse(ddl, MARIADB))
        .withMessageEndingWith(problem);
  }

  static Stream<Arguments> rejectsMariaDbFeaturesTheModelCannotHold() {
    return Stream.of(
        argumentSet(
            "explicit system-versioning columns",
            "CREATE TABLE t (x INT, s TIMESTAMP(6) GENERATED ALWAYS AS ROW START)",
            "GENERATED ALWAYS AS ROW START/END (system versioning) is not supported yet"),
        argumentSet(
            "application-time periods",
            "CREATE TABLE t (a DATE, b DATE, PERIOD FOR p (a, b))",
            "PERIOD FOR (application-time periods) is not supported yet"),
        argumentSet(
            "a column excluded from system versioning",
            "CREATE TABLE t (x INT WITHOUT SYSTEM VERSIONING) WITH SYSTEM VERSIONING",
            "system-versioning column attributes are not supported yet (column x)"),
        argumentSet(
            "a sequence default",
            "CREATE TABLE t (x INT DEFAULT NEXT VALUE FOR s)",
            "DEFAULT NEXT VALUE FOR (sequences) is not supported yet"));
  }
}
