package dev.opskit.schemadiff.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ColumnNormalizationTest {

  static Stream<Arguments> types() {
    return Stream.of(
        argumentSet("display width dropped", "INT(11)", "int"),
        argumentSet("unsigned kept", "int(10) UNSIGNED", "int unsigned"),
        argumentSet("tinyint(1) keeps its width", "TINYINT(1)", "tinyint(1)"),
        argumentSet("zerofill keeps its width", "int(5) zerofill", "int(5) unsigned zerofill"),
        argumentSet("zerofill default width", "int zerofill", "int(10) unsigned zerofill"),
        argumentSet("bool", "BOOLEAN", "tinyint(1)"),
        argumentSet("integer", "INTEGER", "int"),
        argumentSet("numeric", "NUMERIC(8,2)", "decimal(8,2)"),
        argumentSet("decimal defaults", "DECIMAL", "decimal(10,0)"),
        argumentSet("float(p) above 24", "FLOAT(30)", "double"),
        argumentSet("double precision", "DOUBLE PRECISION", "double"),
        argumentSet("char defaults to 1", "CHAR", "char(1)"),
        argumentSet("character varying", "CHARACTER VARYING(5)", "varchar(5)"),
        argumentSet("datetime(0)", "DATETIME(0)", "datetime"),
        argumentSet("enum values keep case", "ENUM('A','b')", "enum('A','b')"),
        argumentSet("text(n) picks a size", "TEXT(1000)", "text"),
        argumentSet("serial", "SERIAL", "bigint unsigned"));
  }

  @ParameterizedTest
  @MethodSource("types")
  void typesAreCanonical(String written, String canonical) {
    assertThat(Column.builder("c", written).build().type()).isEqualTo(canonical);
  }

  static Stream<Arguments> defaults() {
    return Stream.of(
        argumentSet("MySQL quotes numbers", "int", "'0'", "0"),
        argumentSet("MariaDB does not", "int", "0", "0"),
        argumentSet("decimal scale", "decimal(10,2)", "1.5", "1.50"),
        argumentSet("decimal from MySQL", "decimal(10,2)", "'1.50'", "1.50"),
        argumentSet("negative", "int", "-1", "-1"),
        argumentSet("boolean true", "tinyint(1)", "TRUE", "1"),
        argumentSet("bit from number", "bit(3)", "5", "b'101'"),
        argumentSet("bit literal", "bit(3)", "b'101'", "b'101'"),
        argumentSet("string", "varchar(3)", "'x'", "'x'"),
        argumentSet("double-quoted string", "varchar(3)", "\"x\"", "'x'"),
        argumentSet("introducer", "varchar(3)", "_utf8mb4'x'", "'x'"),
        argumentSet("CURRENT_TIMESTAMP", "timestamp", "CURRENT_TIMESTAMP", "current_timestamp()"),
        argumentSet("now()", "datetime", "now()", "current_timestamp()"),
        argumentSet(
            "precision kept", "datetime(3)", "CURRENT_TIMESTAMP(3)", "current_timestamp(3)"),
        argumentSet(
            "fraction padded", "datetime(3)", "'2020-01-01 00:00:00'", "'2020-01-01 00:00:00.000'"),
        argumentSet("expression", "varchar(36)", "(uuid())", "(uuid())"),
        argumentSet("MariaDB expression", "varchar(36)", "uuid()", "(uuid())"),
        argumentSet("explicit NULL", "int", "NULL", "NULL"));
  }

  @ParameterizedTest
  @MethodSource("defaults")
  void defaultsAreCanonical(String type, String written, String canonical) {
    assertThat(Column.builder("c", type).defaultValue(written).build().defaultValue())
        .isEqualTo(canonical);
  }

  @org.junit.jupiter.api.Test
  void aNullableColumnWithoutDefaultDefaultsToNull() {
    assertThat(Column.builder("c", "int").build().defaultValue()).isEqualTo("NULL");
    assertThat(Column.builder("c", "int").nullable(false).build().defaultValue()).isNull();
    assertThat(
            Column.builder("c", "int").nullable(false).defaultValue("NULL").build().defaultValue())
        .isNull();
  }

  @org.junit.jupiter.api.Test
  void utf8IsUtf8mb3() {
    Column c =
        Column.builder("c", "varchar(3)").charset("utf8").collation("utf8_general_ci").build();
    assertThat(c.charset()).isEqualTo("utf8mb3");
    assertThat(c.collation()).isEqualTo("utf8mb3_general_ci");
  }
}
