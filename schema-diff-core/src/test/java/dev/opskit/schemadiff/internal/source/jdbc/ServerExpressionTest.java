package dev.opskit.schemadiff.internal.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.opskit.schemadiff.ExpressionSyntaxException;
import dev.opskit.schemadiff.SchemaDiffException;
import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.IndexPart;
import org.junit.jupiter.api.Test;

/** Expressions as MySQL's and MariaDB's information_schema return them, read to SQL. */
class ServerExpressionTest {
  private static final Flavor MYSQL = Flavor.MYSQL_8_0;

  @Test
  void undoesMySqlsEscapingOfQuotesAndBackslashes() {
    // As information_schema.STATISTICS.EXPRESSION holds a multi-valued key part.
    String multiValued = "cast(json_extract(`v`,_utf8mb4\\'$.tags\\') as unsigned array)";
    // As COLUMN_DEFAULT holds DEFAULT (concat('x''y\\', 'z')): the literal's own escapes doubled.
    String quoted = "concat(_utf8mb4\\'x\\\\\\'y\\\\\\\\\\',_utf8mb4\\'z\\')";
    // As CHECK_CLAUSE holds CHECK (a <> 'p\nq') with a newline escape.
    String newline = "(`a` <> _utf8mb4\\'p\\\\nq\\')";

    assertThat(JdbcSchemaReader.readableExpression(MYSQL, "t", "index `tags`", multiValued))
        .isEqualTo("cast(json_extract(`v`,_utf8mb4'$.tags') as unsigned array)");
    assertThat(JdbcSchemaReader.readableExpression(MYSQL, "t", "column `q`", quoted))
        .isEqualTo("concat(_utf8mb4'x\\'y\\\\',_utf8mb4'z')");
    assertThat(
            SqlExpressions.canonical(
                JdbcSchemaReader.readableExpression(MYSQL, "t", "column `q`", quoted)))
        .isEqualTo(SqlExpressions.canonical("concat('x''y\\\\', 'z')"));
    assertThat(JdbcSchemaReader.readableExpression(MYSQL, "t", "check `c`", newline))
        .isEqualTo("(`a` <> _utf8mb4'p\\nq')");
    assertThat(new IndexPart(null, EscapedText.unescape(multiValued), null, false))
        .isEqualTo(new IndexPart(null, "cast(v->'$.tags' as unsigned array)", null, false));
  }

  @Test
  void leavesMariaDbsExpressionsAsTheyAre() {
    Flavor mariaDb = Flavor.MARIADB_10_11;

    assertThat(
            JdbcSchemaReader.readableExpression(
                mariaDb, "t", "column `g`", "json_value(`v`,'$.a\\'b')"))
        .isEqualTo("json_value(`v`,'$.a\\'b')");
  }

  @Test
  void anUnreadableExpressionNamesTheTableTheElementAndThePlace() {
    String broken = "lower(`name`) + 'open";

    assertThatExceptionOfType(ExpressionSyntaxException.class)
        .isThrownBy(
            () ->
                JdbcSchemaReader.readableExpression(MYSQL, "people", "index `lower_name`", broken))
        .isInstanceOf(SchemaDiffException.class)
        .satisfies(
            e -> {
              assertThat(e.table()).isEqualTo("people");
              assertThat(e.element()).isEqualTo("index `lower_name`");
              assertThat(e.expression()).isEqualTo(broken);
              assertThat(e.line()).isEqualTo(1);
              assertThat(e.position()).isEqualTo(17);
              assertThat(e.problem()).isEqualTo("string starting with ' is never closed");
            });
  }
}
