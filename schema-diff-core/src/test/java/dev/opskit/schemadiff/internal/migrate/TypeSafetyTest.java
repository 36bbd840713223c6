package dev.opskit.schemadiff.internal.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.opskit.schemadiff.model.Column;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TypeSafetyTest {

  static Stream<Arguments> typeChanges() {
    return Stream.of(
        Arguments.of(named("int to bigint", "int"), "bigint", true),
        Arguments.of(named("bigint to int", "bigint"), "int", false),
        Arguments.of(named("unsigned int to bigint", "int unsigned"), "bigint", true),
        Arguments.of(named("unsigned int to int", "int unsigned"), "int", false),
        Arguments.of(named("signed to unsigned", "int"), "int unsigned", false),
        Arguments.of(named("varchar wider", "varchar(10)"), "varchar(20)", true),
        Arguments.of(named("varchar narrower", "varchar(20)"), "varchar(10)", false),
        Arguments.of(named("varchar to text", "varchar(200)"), "text", true),
        Arguments.of(named("text to varchar", "text"), "varchar(200)", false),
        Arguments.of(named("char to varchar", "char(5)"), "varchar(5)", true),
        Arguments.of(named("decimal wider", "decimal(8,2)"), "decimal(12,4)", true),
        Arguments.of(named("decimal fewer digits", "decimal(12,4)"), "decimal(8,2)", false),
        Arguments.of(named("enum appended", "enum('a','b')"), "enum('a','b','c')", true),
        Arguments.of(named("enum reordered", "enum('a','b')"), "enum('b','a')", false),
        Arguments.of(named("enum value removed", "enum('a','b','c')"), "enum('a','b')", false),
        Arguments.of(named("datetime more precision", "datetime"), "datetime(3)", true),
        Arguments.of(named("datetime less precision", "datetime(6)"), "datetime(3)", false),
        Arguments.of(named("float to double", "float"), "double", true),
        Arguments.of(named("int to varchar", "int"), "varchar(20)", false),
        Arguments.of(named("date to datetime", "date"), "datetime", false),
        // Binary capacities are bytes, whatever the type's name.
        Arguments.of(named("varbinary(1000) to tinyblob", "varbinary(1000)"), "tinyblob", false),
        Arguments.of(named("varbinary(255) to tinyblob", "varbinary(255)"), "tinyblob", true),
        Arguments.of(named("varbinary(256) to tinyblob", "varbinary(256)"), "tinyblob", false),
        Arguments.of(named("tinyblob to varbinary(255)", "tinyblob"), "varbinary(255)", true),
        Arguments.of(named("tinyblob to varbinary(254)", "tinyblob"), "varbinary(254)", false),
        Arguments.of(named("blob to tinyblob", "blob"), "tinyblob", false),
        Arguments.of(named("tinyblob to blob", "tinyblob"), "blob", true),
        Arguments.of(named("varbinary(65535) to blob", "varbinary(65535)"), "blob", true),
        // BINARY(n) keeps n bytes, padded with zero bytes: padding more changes every value.
        Arguments.of(named("binary to varbinary", "binary(10)"), "varbinary(10)", true),
        Arguments.of(named("binary to shorter varbinary", "binary(10)"), "varbinary(9)", false),
        Arguments.of(named("varbinary to binary", "varbinary(10)"), "binary(10)", false),
        Arguments.of(named("binary wider", "binary(10)"), "binary(12)", false),
        Arguments.of(named("binary to tinyblob", "binary(255)"), "tinyblob", true),
        Arguments.of(named("tinyblob to binary", "tinyblob"), "binary(255)", false),
        // CHAR drops trailing spaces: only CHAR fits CHAR.
        Arguments.of(named("varchar to char", "varchar(5)"), "char(5)", false),
        Arguments.of(named("text to char", "tinytext"), "char(255)", false),
        Arguments.of(named("char wider", "char(5)"), "char(6)", true),
        // Without a known charset a character may take 4 bytes.
        Arguments.of(named("varchar(63) to tinytext", "varchar(63)"), "tinytext", true),
        Arguments.of(named("varchar(200) to tinytext", "varchar(200)"), "tinytext", false),
        Arguments.of(named("tinytext to varchar(255)", "tinytext"), "varchar(255)", true),
        Arguments.of(named("tinytext to varchar(254)", "tinytext"), "varchar(254)", false),
        // Exact numbers: every value of the range, at the scale.
        Arguments.of(
            named("unsigned decimal to signed", "decimal(5,2) unsigned"), "decimal(5,2)", true),
        Arguments.of(
            named("signed decimal to unsigned", "decimal(5,2)"), "decimal(5,2) unsigned", false),
        Arguments.of(named("int to decimal(10,0)", "int"), "decimal(10,0)", true),
        Arguments.of(named("int to decimal(9,0)", "int"), "decimal(9,0)", false),
        Arguments.of(named("int to decimal(12,2)", "int"), "decimal(12,2)", true),
        Arguments.of(
            named("bigint unsigned to decimal(20,0)", "bigint unsigned"), "decimal(20,0)", true),
        Arguments.of(
            named("bigint unsigned to decimal(19,0)", "bigint unsigned"), "decimal(19,0)", false),
        Arguments.of(named("decimal(2,0) to tinyint", "decimal(2,0)"), "tinyint", true),
        Arguments.of(named("decimal(3,0) to tinyint", "decimal(3,0)"), "tinyint", false),
        Arguments.of(named("decimal(3,1) to int", "decimal(3,1)"), "int", false),
        Arguments.of(
            named("decimal(2,0) unsigned to tinyint unsigned", "decimal(2,0) unsigned"),
            "tinyint unsigned",
            true),
        Arguments.of(named("float to double with digits", "float"), "double(10,2)", false),
        Arguments.of(named("double to float", "double"), "float", false),
        Arguments.of(named("set appended", "set('a','b')"), "set('a','b','c')", true),
        Arguments.of(named("set reordered", "set('a','b')"), "set('b','a')", false),
        Arguments.of(named("bit wider", "bit(3)"), "bit(8)", true),
        Arguments.of(named("bit narrower", "bit(8)"), "bit(3)", false),
        Arguments.of(named("time more precision", "time(1)"), "time(3)", true),
        Arguments.of(named("timestamp to datetime", "timestamp"), "datetime", false));
  }

  /** Text types with their charsets: capacities in characters (CHAR, VARCHAR) or bytes (TEXT). */
  static Stream<Arguments> textChanges() {
    return Stream.of(
        argumentSet(
            "utf8mb4 varchar(200) to tinytext",
            "varchar(200)",
            "utf8mb4",
            "tinytext",
            "utf8mb4",
            false),
        argumentSet(
            "utf8mb4 varchar(63) to tinytext",
            "varchar(63)",
            "utf8mb4",
            "tinytext",
            "utf8mb4",
            true),
        argumentSet(
            "utf8mb4 varchar(64) to tinytext",
            "varchar(64)",
            "utf8mb4",
            "tinytext",
            "utf8mb4",
            false),
        argumentSet(
            "utf8mb3 varchar(85) to tinytext",
            "varchar(85)",
            "utf8mb3",
            "tinytext",
            "utf8mb3",
            true),
        argumentSet(
            "utf8mb3 varchar(86) to tinytext",
            "varchar(86)",
            "utf8mb3",
            "tinytext",
            "utf8mb3",
            false),
        argumentSet(
            "latin1 varchar(255) to tinytext",
            "varchar(255)",
            "latin1",
            "tinytext",
            "latin1",
            true),
        argumentSet("ucs2 char(127) to tinytext", "char(127)", "ucs2", "tinytext", "ucs2", true),
        argumentSet("ucs2 char(128) to tinytext", "char(128)", "ucs2", "tinytext", "ucs2", false),
        // A latin1 character (the euro sign) takes 3 bytes in UTF-8.
        argumentSet(
            "latin1 varchar(85) to utf8mb4 tinytext",
            "varchar(85)",
            "latin1",
            "tinytext",
            "utf8mb4",
            true),
        argumentSet(
            "latin1 varchar(86) to utf8mb4 tinytext",
            "varchar(86)",
            "latin1",
            "tinytext",
            "utf8mb4",
            false),
        argumentSet(
            "utf8mb3 varchar(85) to utf8mb4 tinytext",
            "varchar(85)",
            "utf8mb3",
            "tinytext",
            "utf8mb4",
            true),
        argumentSet("latin1 text to utf8mb4 text", "text", "latin1", "text", "utf8mb4", false),
        argumentSet(
            "latin1 tinytext to utf8mb4 text", "tinytext", "latin1", "text", "utf8mb4", true),
        argumentSet("utf8mb3 text to utf8mb4 text", "text", "utf8mb3", "text", "utf8mb4", true),
        argumentSet(
            "utf8mb3 tinytext to utf8mb4 tinytext",
            "tinytext",
            "utf8mb3",
            "tinytext",
            "utf8mb4",
            true),
        argumentSet(
            "utf8mb4 tinytext to varchar(255)",
            "tinytext",
            "utf8mb4",
            "varchar(255)",
            "utf8mb4",
            true),
        argumentSet(
            "utf8mb4 tinytext to varchar(254)",
            "tinytext",
            "utf8mb4",
            "varchar(254)",
            "utf8mb4",
            false),
        argumentSet(
            "ucs2 tinytext to varchar(127)", "tinytext", "ucs2", "varchar(127)", "ucs2", true),
        argumentSet(
            "latin1 varchar to utf8mb4", "varchar(10)", "latin1", "varchar(10)", "utf8mb4", true),
        argumentSet(
            "utf8mb4 varchar to latin1", "varchar(10)", "utf8mb4", "varchar(10)", "latin1", false),
        argumentSet(
            "utf8mb4 varchar to utf8mb3",
            "varchar(10)",
            "utf8mb4",
            "varchar(10)",
            "utf8mb3",
            false),
        argumentSet(
            "latin1 varchar to utf8mb3", "varchar(10)", "latin1", "varchar(10)", "utf8mb3", true),
        // UTF-16 holds characters outside the BMP, which utf8mb3 and ucs2 cannot.
        argumentSet(
            "utf16 varchar to utf8mb3", "varchar(10)", "utf16", "varchar(10)", "utf8mb3", false),
        argumentSet(
            "utf8mb3 varchar to ucs2", "varchar(10)", "utf8mb3", "varchar(10)", "ucs2", true));
  }

  @ParameterizedTest
  @MethodSource("typeChanges")
  void classifiesTypeChanges(String from, String to, boolean safe) {
    assertThat(TypeSafety.widens(from, to)).isEqualTo(safe);
  }

  @ParameterizedTest
  @MethodSource("typeChanges")
  void explainsWhyAChangeIsUnsafe(String from, String to, boolean safe) {
    String reason =
        TypeSafety.unsafeReason(
            Column.builder("c", from).build(), Column.builder("c", to).build(), false);

    assertThat(reason == null).isEqualTo(safe);
    if (!safe) {
      assertThat(reason).contains("column c").contains(to);
    }
  }

  @ParameterizedTest
  @MethodSource("textChanges")
  void measuresTextInBytesPerCharset(
      String from, String fromCharset, String to, String toCharset, boolean safe) {
    Column a = Column.builder("c", from).charset(fromCharset).build();
    Column b = Column.builder("c", to).charset(toCharset).build();

    String reason = TypeSafety.unsafeReason(a, b, false);

    assertThat(reason == null).as("%s", reason).isEqualTo(safe);
    if (!safe) {
      assertThat(reason).contains("column c").contains(to).contains(toCharset);
    }
  }

  @org.junit.jupiter.api.Test
  void flagsNotNullCharsetNarrowingAndUniqueCollationChanges() {
    Column nullable = Column.builder("c", "int").build();
    Column notNull = Column.builder("c", "int").nullable(false).build();
    Column utf8 =
        Column.builder("c", "varchar(10)").charset("utf8mb4").collation("utf8mb4_bin").build();
    Column latin =
        Column.builder("c", "varchar(10)").charset("latin1").collation("latin1_bin").build();
    Column utf8ci =
        Column.builder("c", "varchar(10)")
            .charset("utf8mb4")
            .collation("utf8mb4_general_ci")
            .build();

    assertThat(TypeSafety.unsafeReason(nullable, notNull, false)).contains("NOT NULL");
    assertThat(TypeSafety.unsafeReason(notNull, nullable, false)).isNull();
    assertThat(TypeSafety.unsafeReason(utf8, latin, false)).contains("can lose characters");
    assertThat(TypeSafety.unsafeReason(latin, utf8, false)).isNull();
    assertThat(TypeSafety.unsafeReason(latin, utf8, true)).contains("unique index");
    assertThat(TypeSafety.unsafeReason(utf8, utf8ci, true)).contains("collation");
    assertThat(TypeSafety.unsafeReason(utf8, utf8ci, false)).isNull();
  }
}
