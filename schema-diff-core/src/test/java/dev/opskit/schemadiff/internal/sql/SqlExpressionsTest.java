package dev.opskit.schemadiff.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlExpressionsTest {

  static Stream<Arguments> sameExpressions() {
    return Stream.of(
        argumentSet("MySQL 8 parentheses", "(`a` + `b`)", "a+b", "`a` + `b`"),
        argumentSet(
            "nested MySQL parentheses",
            "((`a` > 0) and (`b` > 0))",
            "a > 0 AND b > 0",
            "`a` > 0 and `b` > 0"),
        argumentSet("!= is <>", "`a` != 1", "a <> 1", "`a` <> 1"),
        argumentSet("&& and ||", "a && b || c", "(a AND b) OR c", "`a` and `b` or `c`"),
        argumentSet(
            "now() is current_timestamp", "now()", "CURRENT_TIMESTAMP", "current_timestamp()"),
        argumentSet(
            "charset introducer", "concat(`a`,_utf8mb4'x')", "CONCAT(a, 'x')", "concat(`a`,'x')"),
        argumentSet(
            "->> operator",
            "json_unquote(json_extract(`j`,_utf8mb4'$.x'))",
            "j->>'$.x'",
            "json_unquote(json_extract(`j`,'$.x'))"),
        argumentSet("function case", "year(`y`)", "YEAR(y)", "year(`y`)"),
        argumentSet("in list", "`a` in (1,2)", "a IN (1, 2)", "`a` in (1,2)"),
        argumentSet("between", "(`a` between 1 and 2)", "a BETWEEN 1 AND 2", "`a` between 1 and 2"),
        argumentSet("not", "(not(`a` > 1))", "NOT a > 1", "not `a` > 1"),
        argumentSet(
            "not like, as MySQL stores it",
            "(not((`a` like _utf8mb4'%x')))",
            "a NOT LIKE '%x'",
            "`a` not like '%x'"),
        argumentSet("not in", "(not(`a` in (2,1)))", "a NOT IN (1, 2)", "`a` not in (1,2)"),
        argumentSet("not not like", "(not((`a` not like 'x')))", "a LIKE 'x'", "`a` like 'x'"),
        argumentSet(
            "cast",
            "cast(`a` as char(10) charset utf8mb4)",
            "CAST(a AS CHAR(10) CHARSET utf8mb4)",
            "cast(`a` as char(10) charset utf8mb4)"),
        argumentSet(
            "case",
            "(case when (`a` > 0) then 1 else 0 end)",
            "CASE WHEN a > 0 THEN 1 ELSE 0 END",
            "case when `a` > 0 then 1 else 0 end"),
        argumentSet("double-quoted string", "'it''s'", "\"it's\"", "'it''s'"),
        argumentSet("is not null", "(`a` is not null)", "a IS NOT NULL", "`a` is not null"),
        argumentSet("in list order", "`a` in (3,1,2)", "a IN (1, 2, 3, 3)", "`a` in (1,2,3)"),
        argumentSet("single in", "`a` in (1)", "a = 1", "`a` = 1"),
        argumentSet(
            "or chain of equalities",
            "((`c` = 'x') or (`c` = 'y') or (`c` = 'x'))",
            "c IN ('y', 'x')",
            "`c` in ('x','y')"),
        argumentSet(
            "row values in",
            "((`a`,`b`) in ((3,4),(1,2)))",
            "(a, b) IN ((1, 2), (3, 4))",
            "(`a`,`b`) in ((1,2),(3,4))"));
  }

  @ParameterizedTest
  @MethodSource("sameExpressions")
  void spellingsOfOneExpressionShareACanonicalText(String server, String person, String canonical) {
    assertThat(SqlExpressions.canonical(server)).isEqualTo(canonical);
    assertThat(SqlExpressions.canonical(person)).isEqualTo(canonical);
  }

  @Test
  void keepsParenthesesThatChangeTheMeaning() {
    assertThat(SqlExpressions.canonical("(a + b) * c")).isEqualTo("(`a` + `b`) * `c`");
    assertThat(SqlExpressions.canonical("a + b * c")).isEqualTo("`a` + `b` * `c`");
    assertThat(SqlExpressions.canonical("a - (b - c)")).isEqualTo("`a` - (`b` - `c`)");
    assertThat(SqlExpressions.canonical("(a - b) - c")).isEqualTo("`a` - `b` - `c`");
    assertThat(SqlExpressions.canonical("!a > 1")).isEqualTo("(not `a`) > 1");
    assertThat(SqlExpressions.canonical("a = 1 OR b = 2 OR a = 3"))
        .isEqualTo("`a` in (1,3) or `b` = 2");
    assertThat(SqlExpressions.canonical("a NOT IN (2, 1)")).isEqualTo("`a` not in (1,2)");
  }

  @Test
  void canonicalTextIsAFixedPoint() {
    sameExpressions()
        .map(a -> (String) a.get()[2])
        .forEach(c -> assertThat(SqlExpressions.canonical(c)).isEqualTo(c));
  }

  @Test
  void bodiesDropTheirSchemaQualifierAndQuotes() {
    assertThat(
            SqlExpressions.canonicalBody(
                "select `app`.`t`.`a` AS `a` from `app`.`t` where `app`.`t`.`a` > 1", "app"))
        .isEqualTo("select t.a as a from t where t.a > 1");
    assertThat(SqlExpressions.canonicalBody("SELECT a AS a FROM t WHERE t.a>1", "app"))
        .isEqualTo("select a as a from t where t.a > 1");
    assertThat(SqlExpressions.canonicalBody("select `odd name` from t", ""))
        .isEqualTo("select `odd name` from t");
  }

  @Test
  void bodiesEndWithoutTheStatementTerminator() {
    // MySQL keeps the ';' in a trigger's ACTION_STATEMENT when the CREATE TRIGGER came in a
    // multi-statement packet, and drops it when the statement came alone.
    assertThat(SqlExpressions.canonicalBody("insert into log(dt) values(now());", "app"))
        .isEqualTo(SqlExpressions.canonicalBody("insert into log(dt) values(now())", "app"))
        .isEqualTo("insert into log(dt) values(now())");
    assertThat(SqlExpressions.canonicalBody("BEGIN SET @a = ';'; END ;", ""))
        .isEqualTo(SqlExpressions.canonicalBody("BEGIN SET @a = ';'; END", ""))
        .contains("';';");
    assertThat(SqlExpressions.canonicalBody("BEGIN SELECT 1; END;;", ""))
        .as("a DELIMITER script leaves them on a one-statement body")
        .isEqualTo("begin select 1; end");
  }

  @Test
  void bodiesDropParenthesesAroundAWholeCondition() {
    // MySQL stores a view's WHERE and ON conditions in parentheses, MariaDB without.
    assertThat(
            SqlExpressions.canonicalBody(
                "select `t`.`a` AS `a` from (`t` join `u` on((`t`.`a` = `u`.`a`)))"
                    + " where (`t`.`a` > 1) group by `t`.`a` having (count(0) > 2)",
                ""))
        .isEqualTo(
            SqlExpressions.canonicalBody(
                "select t.a as a from (t join u on t.a = u.a) where t.a > 1 group by t.a"
                    + " having count(0) > 2",
                ""));
    assertThat(SqlExpressions.canonicalBody("select a from t where (a > 1) and (b < 2)", ""))
        .as("parentheses around part of a condition stay")
        .isNotEqualTo(SqlExpressions.canonicalBody("select a from t where a > 1 and b < 2", ""));
    assertThat(SqlExpressions.canonicalBody("delete from t where (a) = 1", ""))
        .isNotEqualTo(SqlExpressions.canonicalBody("delete from t where a = 1", ""));
  }

  @Test
  void lexerSkipsVersionCommentsNoServerRuns() {
    assertThat(SqlLexer.tokenize("/*M!999999\\- enable the sandbox mode */ /*!40101 SET x=1 */"))
        .extracting(Token::text)
        .containsExactly("SET", "x", "=", "1", "");
  }

  @Test
  void lexerReportsWhereAStringIsNeverClosed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SqlLexer.tokenize("a\n  'abc"))
        .isInstanceOf(SqlSyntaxException.class)
        .hasMessage("2:3: string starting with ' is never closed");
  }
}
