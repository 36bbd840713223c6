package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The names a report gives DDL text: the caller's, or {@code ddl} when none is given. */
class SchemaSourceNameTest {

  @Test
  void namedDdlTextNamesTheReportsAndTheScript() {
    SchemaDiff diff =
        SchemaComparator.create()
            .compare(
                SchemaSource.ddl("release-1.4", "CREATE TABLE t (a int);"),
                SchemaSource.ddl("release-1.5", "CREATE TABLE t (a int, b int);"));

    assertThat(diff.unifiedDiff())
        .startsWith("# Comparing `release-1.4`.`t` to `release-1.5`.`t`")
        .contains("--- `release-1.4`.`t`\n+++ `release-1.5`.`t`");
    assertThat(diff.migrationSql()).startsWith("-- Migration from release-1.4 to release-1.5 for");
    assertThat(SchemaSource.ddl("release-1.4", "").name()).isEqualTo("release-1.4");
    assertThat(SchemaSource.ddl("CREATE TABLE t (a int);").name()).isEqualTo("ddl");
  }

  @Test
  void aParseErrorNamesTheText() {
    assertThatThrownBy(
            () ->
                SchemaComparator.create()
                    .compare(
                        SchemaSource.ddl("release-1.4", "CREATE TABLE t (a int"),
                        SchemaSource.ddl("CREATE TABLE t (a int);")))
        .isInstanceOfSatisfying(
            DdlParseException.class, e -> assertThat(e.source()).isEqualTo("release-1.4"));
  }
}
