package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opskit.schemadiff.compare.Aspect;
import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.schemadiff.compare.Difference;
import dev.opskit.schemadiff.compare.ObjectKind;
import dev.opskit.testing.db.MySql;
import dev.opskit.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaComparatorIT {

  private static final String PARENT = "CREATE TABLE parent (id int PRIMARY KEY)";

  @Test
  void findsNoDifferenceBetweenTwoCopiesOfASchema(@MySql TestDatabase a, @MySql TestDatabase b)
      throws Exception {
    String[] ddl = {
      PARENT,
      "CREATE TABLE orders (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, pid int,"
          + " note varchar(40) COMMENT 'free text', KEY (note(10)),"
          + " FOREIGN KEY (pid) REFERENCES parent (id)) ROW_FORMAT=DYNAMIC",
      "CREATE VIEW v AS SELECT id FROM orders"
    };
    execute(a, ddl);
    execute(b, ddl);
    execute(b, "INSERT INTO orders (note) VALUES ('bumps AUTO_INCREMENT')");

    SchemaDiff diff = SchemaComparator.create().compare(source(a), source(b));

    assertThat(diff.isEmpty()).as(diff.unifiedDiff()).isTrue();
    assertThat(diff.summary()).isEqualTo("no differences between " + a.name() + " and " + b.name());
    assertThat(diff.unifiedDiff())
        .contains("# Comparing `" + a.name() + "`.`orders` to `" + b.name() + "`.`orders`")
        .contains("[PASS]")
        .doesNotContain("[FAIL]");
  }

  @Test
  void reportsEachKindOfChangeFromTheFromSideToTheToSide(
      @MySql TestDatabase a, @MySql TestDatabase b) throws Exception {
    execute(
        a,
        PARENT,
        "CREATE TABLE t (id int PRIMARY KEY, email varchar(100), gone int, KEY k_email (email))"
            + " ENGINE=InnoDB",
        "CREATE TABLE only_in_a (id int)");
    execute(
        b,
        PARENT,
        "CREATE TABLE t (id int PRIMARY KEY, email varchar(200), added int, KEY k_email (email))"
            + " ENGINE=MyISAM",
        "CREATE TABLE only_in_b (id int)");

    SchemaDiff diff = SchemaComparator.create().compare(source(a), source(b));

    assertThat(diff.changes())
        .extracting(c -> c.objectName() + " " + c.changeType())
        .containsExactly("only_in_a REMOVED", "only_in_b ADDED", "t CHANGED");
    List<Difference> t = diff.changes().get(2).differences();
    assertThat(t)
        .extracting(Difference::aspect, Difference::name, Difference::changeType)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(Aspect.COLUMN, "email", ChangeType.CHANGED),
            org.assertj.core.groups.Tuple.tuple(Aspect.COLUMN, "gone", ChangeType.REMOVED),
            org.assertj.core.groups.Tuple.tuple(Aspect.COLUMN, "added", ChangeType.ADDED),
            org.assertj.core.groups.Tuple.tuple(Aspect.OPTION, "ENGINE", ChangeType.CHANGED));
    assertThat(diff.unifiedDiff())
        .contains("--- `" + a.name() + "`.`t`\n+++ `" + b.name() + "`.`t`\n@@ ")
        .contains("-  `email` varchar(100) NULL DEFAULT NULL,")
        .contains("+  `email` varchar(200) NULL DEFAULT NULL,")
        .contains("-) ENGINE=InnoDB")
        .contains("+) ENGINE=MyISAM")
        .containsPattern("# Comparing `[^`]+`\\.`t` to `[^`]+`\\.`t` +\\[FAIL\\]");
    assertThat(diff.summary()).isEqualTo("table: 1 added, 1 removed, 1 changed");
  }

  @Test
  void ignoresOneTableOptionAtATime(@MySql TestDatabase a, @MySql TestDatabase b) throws Exception {
    execute(a, "CREATE TABLE t (id int) ENGINE=InnoDB ROW_FORMAT=DYNAMIC DEFAULT CHARSET=utf8mb4");
    execute(b, "CREATE TABLE t (id int) ENGINE=MyISAM ROW_FORMAT=FIXED DEFAULT CHARSET=latin1");

    SchemaDiff diff =
        SchemaComparator.builder()
            .ignoreTableOption(TableOption.ROW_FORMAT)
            .build()
            .compare(source(a), source(b));

    assertThat(diff.changes().get(0).differences())
        .extracting(Difference::name)
        .containsExactlyInAnyOrder("COLLATE", "DEFAULT CHARSET", "ENGINE")
        .doesNotContain("ROW_FORMAT");
  }

  @Test
  void ignoresTablesByName(@MySql TestDatabase a, @MySql TestDatabase b) throws Exception {
    execute(a, "CREATE TABLE tmp_import (id int)", "CREATE TABLE keep (id int)");
    execute(b, "CREATE TABLE keep (id int)");

    SchemaComparator comparator = SchemaComparator.builder().ignoreTables("tmp_.*").build();

    assertThat(comparator.compare(source(a), source(b)).isEmpty()).isTrue();
    assertThat(SchemaComparator.create().compare(source(a), source(b)).changes())
        .singleElement()
        .satisfies(c -> assertThat(c.objectKind()).isEqualTo(ObjectKind.TABLE));
  }

  @Test
  void writesAJsonReportWithEveryChange(@MySql TestDatabase a, @MySql TestDatabase b)
      throws Exception {
    execute(a, "CREATE TABLE t (id int, c int COMMENT 'old')");
    execute(b, "CREATE TABLE t (id int, c int COMMENT 'new')");

    JsonNode json =
        new ObjectMapper()
            .readTree(SchemaComparator.create().compare(source(a), source(b)).toJson());

    assertThat(json.path("equal").asBoolean()).isFalse();
    assertThat(json.path("summary").path("table").path("changed").asInt()).isEqualTo(1);
    JsonNode difference = json.path("changes").get(0).path("differences").get(0);
    assertThat(difference.path("aspect").asText()).isEqualTo("COLUMN");
    assertThat(difference.path("from").asText())
        .isEqualTo("`c` int NULL DEFAULT NULL COMMENT 'old'");
    assertThat(difference.path("to").asText()).isEqualTo("`c` int NULL DEFAULT NULL COMMENT 'new'");
  }

  @Test
  void assertionsFailWithTheUnifiedDiff(@MySql TestDatabase a, @MySql TestDatabase b)
      throws Exception {
    execute(a, "CREATE TABLE t (id int)");
    execute(b, "CREATE TABLE t (id bigint)");

    assertThatThrownBy(() -> SchemaAssertions.assertNoDifferences(source(a), source(b)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("table: 1 changed")
        .hasMessageContaining("-  `id` int NULL DEFAULT NULL")
        .hasMessageContaining("+  `id` bigint NULL DEFAULT NULL");
  }

  @Test
  void reportsTheProgressOfEachLoad(@MySql TestDatabase a, @MySql TestDatabase b) throws Exception {
    execute(a, "CREATE TABLE t1 (id int)", "CREATE TABLE t2 (id int)");
    List<String> events = new ArrayList<>();
    CompareListener listener =
        new CompareListener() {
          @Override
          public void loadStarted(String source) {
            events.add("start " + source);
          }

          @Override
          public void loadFinished(String source, int tables, long millis) {
            events.add("done " + source + " " + tables);
          }

          @Override
          public void compared(int changes) {
            events.add("compared " + changes);
            throw new IllegalStateException("a failing listener changes nothing");
          }
        };

    SchemaDiff diff =
        SchemaComparator.builder().listener(listener).build().compare(source(a), source(b));

    assertThat(events)
        .containsExactlyInAnyOrder(
            "start " + a.name(),
            "start " + b.name(),
            "done " + a.name() + " 2",
            "done " + b.name() + " 0",
            "compared 2");
    // each load starts before it finishes and the comparison comes last (the loads may overlap)
    assertThat(events.indexOf("start " + a.name()))
        .isLessThan(events.indexOf("done " + a.name() + " 2"));
    assertThat(events.indexOf("start " + b.name()))
        .isLessThan(events.indexOf("done " + b.name() + " 0"));
    assertThat(events).endsWith("compared 2");
    assertThat(diff.changes()).hasSize(2);
  }

  @Test
  void aMissingSchemaFailsWithoutThePassword(@MySql TestDatabase a) {
    SchemaSource missing =
        SchemaSource.jdbc(
            a.jdbcUrl().replace(a.name(), "no_such_schema_here"), a.user(), "s3cret-pw");

    assertThatThrownBy(() -> SchemaComparator.create().compare(missing, source(a)))
        .isInstanceOf(SchemaReadException.class)
        .hasMessageContaining("no_such_schema_here")
        .hasMessageNotContaining("s3cret-pw");
  }

  static SchemaSource source(TestDatabase db) {
    return SchemaSource.jdbc(db.dataSource(), db.name());
  }

  static void execute(TestDatabase db, String... ddl) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String statement : ddl) {
        s.execute(statement);
      }
    }
  }
}
