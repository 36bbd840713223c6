package dev.opskit.schemadiff.internal.source;

import static dev.opskit.schemadiff.internal.source.Models.MARIADB;
import static dev.opskit.schemadiff.internal.source.Models.MYSQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.opskit.schemadiff.internal.sql.SqlSyntaxException;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input built to exhaust the parser (deep nesting, long chains, huge tables, garbage, names with
 * control characters) fails with a {@link SqlSyntaxException} at a place, or reads, never crashes.
 */
class ParserLimitsTest {

  @ParameterizedTest
  @MethodSource
  void refusesExpressionsNestedDeeperThanTheLimit(String ddl) {
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(() -> DdlParser.parse(ddl, MYSQL))
        .satisfies(
            e -> {
              assertThat(e.problem()).contains("nested more than 256 levels deep");
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isGreaterThan(1);
            });
  }

  static Stream<Arguments> refusesExpressionsNestedDeeperThanTheLimit() {
    String parens = "(".repeat(2_000) + "a" + ")".repeat(2_000);
    String calls = "abs(".repeat(2_000) + "a" + ")".repeat(2_000);
    String nots = "NOT ".repeat(2_000) + "a";
    String minus = "- ".repeat(2_000) + "a";
    String rightNested = "a + (".repeat(2_000) + "a" + ")".repeat(2_000);
    String cases = "CASE WHEN ".repeat(2_000) + "a" + " THEN 1 END".repeat(2_000);
    return Stream.of(
        argumentSet("parentheses in a CHECK", check(parens + " > 0")),
        argumentSet("calls in a generated column", generated(calls)),
        argumentSet("NOT in a CHECK", check(nots)),
        argumentSet(
            "unary minus in a DEFAULT", "CREATE TABLE t (\n a INT DEFAULT (" + minus + "))"),
        argumentSet("right-nested sums in a CHECK", check(rightNested + " > 0")),
        argumentSet("CASE in a CHECK", check(cases + " = 1")),
        argumentSet("a LIKE chain in a CHECK", check("a" + " LIKE 'x'".repeat(2_000))),
        argumentSet(
            "a partition expression",
            "CREATE TABLE t (a INT)\n PARTITION BY HASH (" + calls + ") PARTITIONS 2"),
        argumentSet("a functional index", "CREATE TABLE t (a INT,\n KEY k ((" + calls + ")))"));
  }

  @Test
  void acceptsNestingUpToTheLimit() {
    String parens = "abs(".repeat(255) + "a" + ")".repeat(255);
    Schema schema = DdlParser.parse(check(parens + " > 0"), MYSQL);
    assertThat(schema.tables().get(0).checks().get(0).expression())
        .startsWith("abs(abs(")
        .endsWith(")) > 0");
  }

  @ParameterizedTest
  @MethodSource
  void readsLongChainsOfOneOperator(String operator, String canonicalOperator) {
    String chain =
        IntStream.range(0, 10_000).mapToObj(i -> "c" + (i % 7)).collect(joining(operator));
    Schema schema = DdlParser.parse(generated(chain), MYSQL);
    String expression = schema.tables().get(0).column("g").orElseThrow().generated().expression();
    assertThat(expression).startsWith("`c0`" + canonicalOperator + "`c1`");
    assertThat(expression.split(java.util.regex.Pattern.quote(canonicalOperator))).hasSize(10_000);
  }

  static Stream<Arguments> readsLongChainsOfOneOperator() {
    return Stream.of(
        argumentSet("plus", " + ", " + "),
        argumentSet("and", " AND ", " and "),
        argumentSet("or of columns", " OR ", " or "),
        argumentSet("double bar", " || ", " or "),
        argumentSet("mixed additive", " - ", " - "));
  }

  @Test
  void mergesALongChainOfEqualitiesIntoOneInList() {
    String chain = IntStream.range(0, 10_000).mapToObj(i -> "a = " + i).collect(joining(" OR "));
    Schema schema = DdlParser.parse(check(chain), MYSQL);
    String expression = schema.tables().get(0).checks().get(0).expression();
    assertThat(expression).startsWith("`a` in (0,1,10,100,").endsWith(",9999)");
  }

  @Test
  void refusesGarbageAtItsFirstWord() {
    String garbage = "  \n  xyzzy (((((" + "(".repeat(100_000) + "\n";
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(() -> DdlParser.parse(garbage, MYSQL))
        .satisfies(
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(3);
              assertThat(e.problem()).startsWith("found 'xyzzy', expected CREATE, ALTER TABLE");
            });
  }

  @Test
  void refusesAStatementOfSymbolsAtItsFirstCharacter() {
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(() -> DdlParser.parse("SET x = 1;\n\n  ((( 'unterminated", MYSQL))
        .satisfies(
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isEqualTo(3);
              assertThat(e.problem()).startsWith("found '(', expected CREATE, ALTER TABLE");
            });
  }

  @Test
  void skipsAStatementItDoesNotReadWithoutTokenizingIt() {
    // An unterminated string would fail the lexer; a skipped statement is never tokenized.
    Schema schema = DdlParser.parse("CREATE TABLE t (a INT);\nSHOW x 'y", MYSQL);
    assertThat(schema.tables()).extracting(Table::name).containsExactly("t");
  }

  @Test
  void readsAViewWithDeeplyNestedConditionsInLinearTime() {
    // Finding the parentheses around a WHERE condition scanned forward from each one: 50,000
    // nested took 91 s.
    String view =
        "CREATE VIEW v AS SELECT 1 FROM t WHERE " + "(".repeat(50_000) + "a" + ")".repeat(50_000);
    Schema schema =
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> DdlParser.parse(view, MYSQL));
    assertThat(schema.views().get(0).definition()).isEqualTo("select 1 from t where a");
  }

  @Test
  void readsATableOfFourThousandNinetySixColumnsQuickly() {
    String ddl = columns("t", 4_096);
    long start = System.nanoTime();
    Schema schema =
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> DdlParser.parse(ddl, MYSQL));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(schema.tables().get(0).columns()).hasSize(4_096);
    assertThat(millis).isLessThan(2_000);
  }

  @Test
  void refusesATableOfMoreThanFourThousandNinetySixColumns() {
    String ddl = columns("wide", 100_000);
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(
            () ->
                assertTimeoutPreemptively(
                    Duration.ofSeconds(2), () -> DdlParser.parse(ddl, MARIADB)))
        .satisfies(
            e -> {
              assertThat(e.problem())
                  .isEqualTo(
                      "table `wide` has more than 4096 columns, the most MySQL and MariaDB allow");
              assertThat(e.line()).isEqualTo(4_098);
            });
  }

  @Test
  void refusesAnAlterTableThatAddsTheColumnPastTheLimit() {
    String ddl = columns("wide", 4_096) + ";\nALTER TABLE wide ADD COLUMN extra INT";
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(() -> DdlParser.parse(ddl, MYSQL))
        .satisfies(e -> assertThat(e.problem()).contains("table `wide` has more than 4096"));
  }

  @ParameterizedTest
  @MethodSource
  void refusesNamesWithControlCharacters(String ddl, String name, int line, int column) {
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(() -> DdlParser.parse(ddl, MARIADB))
        .satisfies(
            e -> {
              assertThat(e.problem()).startsWith("the name `" + name + "` holds the control");
              assertThat(e.problem()).endsWith("rename the object without it");
              assertThat(e.problem()).doesNotContain("\n", "\r", "\u0000", "\u2028");
              assertThat(e.line()).isEqualTo(line);
              assertThat(e.column()).isEqualTo(column);
            });
  }

  static Stream<Arguments> refusesNamesWithControlCharacters() {
    return Stream.of(
        argumentSet("table", "CREATE TABLE `a\nDROP TABLE x` (a INT)", "a\\nDROP TABLE x", 1, 14),
        argumentSet("column", "CREATE TABLE t (\n `a\rb` INT)", "a\\rb", 2, 2),
        argumentSet("index", "CREATE TABLE t (a INT,\n KEY `k\u0000` (a))", "k\\x00", 2, 6),
        argumentSet(
            "constraint",
            "CREATE TABLE t (a INT,\n CONSTRAINT `c\u0085` CHECK (a > 0))",
            "c\\x85",
            2,
            13),
        argumentSet("view", "CREATE VIEW `v\u2028` AS SELECT 1", "v\\x2028", 1, 13),
        argumentSet(
            "trigger",
            "CREATE TABLE t (a INT);\nCREATE TRIGGER `tr\u007f` BEFORE INSERT ON t FOR EACH ROW"
                + " SET NEW.a = 1",
            "tr\\x7f",
            2,
            16),
        argumentSet("procedure", "CREATE PROCEDURE `p\u001b` () SELECT 1", "p\\x1b", 1, 18),
        argumentSet(
            "event",
            "CREATE EVENT `e\u2029` ON SCHEDULE EVERY 1 DAY DO SELECT 1",
            "e\\x2029",
            1,
            14),
        argumentSet(
            "partition",
            "CREATE TABLE t (a INT)\n PARTITION BY RANGE (a) (PARTITION `p\t0` VALUES LESS THAN"
                + " (10))",
            "p\\t0",
            2,
            36),
        argumentSet("schema", "USE `db\n`", "db\\n", 1, 5),
        argumentSet("qualified table", "CREATE TABLE db.`t\n` (a INT)", "t\\n", 1, 17));
  }

  @ParameterizedTest
  @MethodSource
  void refusesNumbersNoColumnHolds(String ddl, String problem) {
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(() -> DdlParser.parse(ddl, MYSQL))
        .satisfies(e -> assertThat(e.problem()).isEqualTo(problem));
  }

  static Stream<Arguments> refusesNumbersNoColumnHolds() {
    return Stream.of(
        argumentSet(
            "a huge exponent on a decimal",
            "CREATE TABLE t (a DECIMAL(10,2) DEFAULT 1e999999999)",
            "column `a` cannot be read: the default 1e999999999 is out of range for a"
                + " decimal(10,2) column"),
        argumentSet(
            "a tiny exponent on a double",
            "CREATE TABLE t (a DOUBLE DEFAULT '-1e-999999999')",
            "column `a` cannot be read: the default -1e-999999999 is out of range for a double"
                + " column"));
  }

  @Test
  void refusesATableOfMoreThanSixtyFourIndexesCountingForeignKeyIndexes() {
    // As the servers do: PRIMARY, 63 keys and the index a foreign key needs make 65 (ERROR 1069).
    String ddl =
        "CREATE TABLE p (a INT PRIMARY KEY);\nCREATE TABLE t (a INT PRIMARY KEY, b INT"
            + ", KEY (a)".repeat(63)
            + ", FOREIGN KEY (b) REFERENCES p (a))";
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(() -> DdlParser.parse(ddl, MARIADB))
        .satisfies(
            e -> {
              assertThat(e.problem())
                  .isEqualTo(
                      "table `t` has 65 indexes (foreign keys' own included), more than the 64"
                          + " MySQL and MariaDB allow");
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(14);
            });
    assertThat(
            DdlParser.parse(ddl.replace(", FOREIGN KEY (b) REFERENCES p (a)", ""), MYSQL)
                .tables()
                .get(1)
                .indexes())
        .hasSize(64);
  }

  @Test
  void refusesTheAlterTableThatAddsTheSixtyFifthIndexQuickly() {
    // Each ALTER names the table's unnamed keys again: 4,000 of them took 117 s.
    String ddl = "CREATE TABLE t (a INT);\n" + "ALTER TABLE t ADD KEY (a);\n".repeat(4_000);
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(
            () ->
                assertTimeoutPreemptively(Duration.ofSeconds(2), () -> DdlParser.parse(ddl, MYSQL)))
        .satisfies(
            e -> {
              assertThat(e.problem()).startsWith("table `t` has 65 indexes");
              assertThat(e.line()).isEqualTo(66);
              assertThat(e.column()).isEqualTo(13);
            });
  }

  private static String columns(String table, int count) {
    return "CREATE TABLE "
        + table
        + " (\n"
        + IntStream.range(0, count).mapToObj(i -> "  c" + i + " INT").collect(joining(",\n"))
        + "\n)";
  }

  private static String check(String expression) {
    return "CREATE TABLE t (a INT,\n CHECK (" + expression + "))";
  }

  private static String generated(String expression) {
    return "CREATE TABLE t (c0 INT, c1 INT, c2 INT, c3 INT, c4 INT, c5 INT, c6 INT,\n g INT AS ("
        + expression
        + "))";
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining(String separator) {
    return Collectors.joining(separator);
  }
}
