package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.model.Flavor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A name with a line break must not leave the comment it is written in: the {@code mysql} client
 * would run what follows as a statement (issue 14: a table name holding a newline escaped the guard
 * comment of {@code plan.sql()} and the client ran the DROP TABLE hidden in it).
 */
class ScriptCommentsTest {
  private static final String HOSTILE = "new\nDROP TABLE victim;\r\n-- ";

  @Test
  void namesWithLineBreaksStayInsideTheirComments() {
    for (Flavor flavor : List.of(Flavor.MARIADB_10_11, Flavor.MYSQL_8_0)) {
      SchemaComparator comparator = SchemaComparator.builder().flavor(flavor).build();
      String created =
          "CREATE TABLE victim (id int);\nCREATE TABLE `" + HOSTILE + "` (id int, note text);";
      for (SchemaDiff diff :
          List.of(
              comparator.compare(
                  SchemaSource.ddl("CREATE TABLE victim (id int);"), SchemaSource.ddl(created)),
              comparator.compare(
                  SchemaSource.ddl(created), SchemaSource.ddl("CREATE TABLE victim (id int);")))) {
        for (boolean allowUnsafe : List.of(true, false)) {
          String script =
              diff.migration(MigrationOptions.builder().allowUnsafe(allowUnsafe).build()).sql();
          // The name may appear only quoted (as a string or an identifier), never in a comment.
          String withoutQuoted =
              script
                  .replace("'new\nDROP TABLE victim;\r\n-- '", "'x'")
                  .replace("`" + HOSTILE + "`", "`x`")
                  // the guard's refusal, a string literal that names what it found
                  .replaceAll("'SELECT `already migrated: [^`]*`'", "'x'");
          assertThat(withoutQuoted.lines())
              .as("%s, allowUnsafe %s:%n%s", flavor, allowUnsafe, script)
              .noneMatch(line -> !line.startsWith("-- ") && line.contains("DROP TABLE victim"));
        }
      }
    }
  }

  @Test
  void commentTextEscapesEveryControlCharacter() {
    assertThat(dev.opskit.schemadiff.sql.SqlExpressions.commentText("a\nb\r\tc\u001b\u2028 d ✓"))
        .isEqualTo("a\\nb\\r\\tc\\x1b\\x2028 d ✓");
  }
}
