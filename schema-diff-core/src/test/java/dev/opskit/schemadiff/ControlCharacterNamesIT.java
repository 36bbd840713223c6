package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.opskit.testing.db.MySql;
import dev.opskit.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The servers take names with control characters in backticks; a live read refuses them with an
 * {@link UnsupportedNameException} naming the object, as the parser refuses them in a script,
 * instead of reading them in silence (issue 14, part 4).
 */
class ControlCharacterNamesIT {

  @Test
  void refusesATableNameWithALineBreak(@MySql TestDatabase db) throws Exception {
    execute(db, "CREATE TABLE `new\nDROP TABLE victim;\n-- x` (id int)");

    assertRefused(db, "table", "", "new\nDROP TABLE victim;\n-- x", '\n');
  }

  @Test
  void refusesAColumnNameWithATab(@MySql TestDatabase db) throws Exception {
    execute(db, "CREATE TABLE t (id int, `a\tb` int)");

    assertRefused(db, "column", "t", "a\tb", '\t');
  }

  @Test
  void refusesAnIndexNameWithAnEscapeCharacter(@MySql TestDatabase db) throws Exception {
    execute(db, "CREATE TABLE t (id int, KEY `k\u001b[2J` (id))");

    assertRefused(db, "index", "t", "k\u001b[2J", 0x1b);
  }

  @Test
  void refusesAViewNameWithALineSeparator(@MySql TestDatabase db) throws Exception {
    execute(db, "CREATE VIEW `v\u2028x` AS SELECT 1 AS a");

    assertRefused(db, "view", "", "v\u2028x", 0x2028);
  }

  private static void assertRefused(
      TestDatabase db, String kind, String table, String name, int codePoint) {
    SchemaSource source = SchemaSource.jdbc(db.dataSource(), db.name());
    assertThatExceptionOfType(UnsupportedNameException.class)
        .isThrownBy(() -> source.load(ServerUnderTest.flavor()))
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.table()).isEqualTo(table);
              assertThat(e.name()).isEqualTo(name);
              assertThat(e.codePoint()).isEqualTo(codePoint);
              assertThat(e.getMessage())
                  .startsWith(kind + " `")
                  .doesNotContain("\n", "\t", "\u001b", "\u2028")
                  .endsWith("rename it on the server");
            });
  }

  private static void execute(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
