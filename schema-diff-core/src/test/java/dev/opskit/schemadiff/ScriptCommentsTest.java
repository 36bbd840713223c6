package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.internal.source.DdlParser;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A name with a line break must not leave the comment it is written in: the {@code mysql} client
 * would run what follows as a statement (issue 14: a table name holding a newline escaped the guard
 * comment of {@code plan.sql()} and the client ran the DROP TABLE hidden in it). The parser now
 * refuses such names, but a schema built in code may still hold one.
 */
class ScriptCommentsTest {
  private static final String HOSTILE = "new\nDROP TABLE victim;\r\n-- ";

  @Test
  void namesWithLineBreaksStayInsideTheirComments() {
    for (Flavor flavor : List.of(Flavor.MARIADB_10_11, Flavor.MYSQL_8_0)) {
      SchemaComparator comparator = SchemaComparator.builder().flavor(flavor).build();
      SchemaSource created = SchemaSource.of(withTableNamed(HOSTILE, flavor));
      for (SchemaDiff diff :
          List.of(
              comparator.compare(SchemaSource.ddl("CREATE TABLE victim (id int);"), created),
              comparator.compare(created, SchemaSource.ddl("CREATE TABLE victim (id int);")))) {
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

  /**
   * Returns a schema of {@code victim} and a table of a given name: built in code, since the parser
   * and the live reader refuse names with control characters.
   */
  static Schema withTableNamed(String name, Flavor flavor) {
    Schema parsed =
        DdlParser.parse(
            "CREATE TABLE victim (id int);\nCREATE TABLE placeholder (id int, note text);", flavor);
    List<Table> tables =
        parsed.tables().stream()
            .map(
                t ->
                    t.name().equals("placeholder")
                        ? new Table(
                            name,
                            t.columns(),
                            t.indexes(),
                            t.foreignKeys(),
                            t.checks(),
                            t.options(),
                            t.partitioning())
                        : t)
            .toList();
    return new Schema(
        parsed.name(),
        parsed.defaultCharset(),
        parsed.defaultCollation(),
        tables,
        parsed.views(),
        parsed.triggers(),
        parsed.routines(),
        parsed.events());
  }

  @Test
  void commentTextEscapesEveryControlCharacter() {
    assertThat(
            dev.opskit.schemadiff.internal.sql.SqlExpressions.commentText(
                "a\nb\r\tc\u001b\u2028 d ✓"))
        .isEqualTo("a\\nb\\r\\tc\\x1b\\x2028 d ✓");
  }
}
