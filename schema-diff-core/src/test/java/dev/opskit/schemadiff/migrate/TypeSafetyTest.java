package dev.opskit.schemadiff.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

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
        Arguments.of(named("date to datetime", "date"), "datetime", false));
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
