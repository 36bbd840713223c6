package dev.opskit.schemadiff.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.GeneratedColumn;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.ReferenceAction;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.testing.db.MySql;
import dev.opskit.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcSchemaReaderIT {

  @Test
  void readsEveryColumnAttribute(@MySql TestDatabase db) throws SQLException {
    Table t =
        read(
                db,
                "CREATE TABLE t (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                    + " a int(11) DEFAULT '5', b decimal(10,2) DEFAULT 1.5,"
                    + " c varchar(20) CHARACTER SET latin1 DEFAULT 'x''y' COMMENT 'the c',"
                    + " d datetime(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),"
                    + " e int AS (a + 1) VIRTUAL, f json, g bit(3) DEFAULT b'101',"
                    + " h enum('a','b') NOT NULL DEFAULT 'a', j char(3) INVISIBLE,"
                    + " k varchar(36) DEFAULT (uuid())) DEFAULT CHARSET=utf8mb4")
            .tables()
            .get(0);

    assertThat(t.columns())
        .containsExactly(
            Column.builder("id", "bigint unsigned").nullable(false).autoIncrement(true).build(),
            Column.builder("a", "int").defaultValue("5").build(),
            Column.builder("b", "decimal(10,2)").defaultValue("1.50").build(),
            Column.builder("c", "varchar(20)")
                .charset("latin1")
                .collation("latin1_swedish_ci")
                .defaultValue("'x''y'")
                .comment("the c")
                .build(),
            Column.builder("d", "datetime(3)")
                .defaultValue("current_timestamp(3)")
                .onUpdate("current_timestamp(3)")
                .build(),
            Column.builder("e", "int").generated(new GeneratedColumn("a+1", false)).build(),
            Column.builder("f", "json").build(),
            Column.builder("g", "bit(3)").defaultValue("b'101'").build(),
            Column.builder("h", "enum('a','b')")
                .charset("utf8mb4")
                .collation("utf8mb4_general_ci")
                .nullable(false)
                .defaultValue("'a'")
                .build(),
            Column.builder("j", "char(3)")
                .charset("utf8mb4")
                .collation("utf8mb4_general_ci")
                .invisible(true)
                .build(),
            Column.builder("k", "varchar(36)")
                .charset("utf8mb4")
                .collation("utf8mb4_general_ci")
                .defaultValue("(uuid())")
                .build());
    assertThat(t.checks()).as("MariaDB's json_valid check is folded into the json type").isEmpty();
  }

  @Test
  void readsIndexesForeignKeysChecksAndOptions(@MySql TestDatabase db) throws SQLException {
    Schema schema =
        read(
            db,
            "CREATE TABLE parent (id int PRIMARY KEY, code varchar(10) UNIQUE)",
            "CREATE TABLE child (id int NOT NULL, pid int, body text, c varchar(40), n int,"
                + " PRIMARY KEY (id), KEY by_n (n DESC) COMMENT 'n desc', KEY pre (c(5)),"
                + " FULLTEXT KEY ft (body) , UNIQUE KEY u (c, n),"
                + " CONSTRAINT fk_parent FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE,"
                + " CONSTRAINT positive CHECK (n > 0))"
                + " ENGINE=InnoDB ROW_FORMAT=DYNAMIC STATS_PERSISTENT=1 COMMENT='kids'");
    Table child = schema.table("child").orElseThrow();

    assertThat(child.indexes())
        .extracting(Index::name)
        .as("server order: primary, unique, plain (declared order), fulltext")
        .containsExactly("PRIMARY", "u", "by_n", "pre", "fk_parent", "ft");
    assertThat(child.index("by_n").orElseThrow())
        .isEqualTo(
            new Index(
                "by_n",
                IndexKind.INDEX,
                List.of(new IndexPart("n", null, null, true)),
                true,
                "n desc",
                null,
                null,
                Map.of()));
    assertThat(child.index("pre").orElseThrow().parts())
        .containsExactly(new IndexPart("c", null, 5, false));
    assertThat(child.foreignKeys())
        .containsExactly(
            new ForeignKey(
                "fk_parent",
                List.of("pid"),
                null,
                "parent",
                List.of("id"),
                ReferenceAction.CASCADE,
                ReferenceAction.RESTRICT));
    assertThat(child.checks()).containsExactly(new CheckConstraint("positive", "n > 0", true));
    assertThat(child.options())
        .containsEntry("ENGINE", "InnoDB")
        .containsEntry("ROW_FORMAT", "DYNAMIC")
        .containsEntry("STATS_PERSISTENT", "1")
        .containsEntry("COMMENT", "kids")
        .containsEntry("DEFAULT CHARSET", "utf8mb4")
        .doesNotContainKey("AUTO_INCREMENT");
  }

  @Test
  void readsPartitions(@MySql TestDatabase db) throws SQLException {
    Schema schema =
        read(
            db,
            "CREATE TABLE r (id int NOT NULL, y date NOT NULL, PRIMARY KEY (id, y))"
                + " PARTITION BY RANGE (year(y)) (PARTITION p0 VALUES LESS THAN (2020) COMMENT 'old',"
                + " PARTITION p1 VALUES LESS THAN MAXVALUE)",
            "CREATE TABLE h (id int) PARTITION BY HASH (id) PARTITIONS 3",
            "CREATE TABLE l (id int) PARTITION BY LIST COLUMNS (id) (PARTITION a VALUES IN (1,2),"
                + " PARTITION b VALUES IN (3))");

    assertThat(schema.table("r").orElseThrow().partitioning())
        .satisfies(
            p -> {
              assertThat(p.method()).isEqualTo("RANGE");
              assertThat(p.expression()).isEqualTo("year(`y`)");
              assertThat(p.partitions())
                  .containsExactly(
                      new Partition("p0", "LESS THAN (2020)", "old", List.of()),
                      Partition.of("p1", "LESS THAN MAXVALUE"));
            });
    assertThat(schema.table("h").orElseThrow().partitioning())
        .satisfies(
            p -> {
              assertThat(p.method()).isEqualTo("HASH");
              assertThat(p.count()).isEqualTo(3);
              assertThat(p.partitions()).as("default names p0..p2 are not kept").isEmpty();
            });
    assertThat(schema.table("l").orElseThrow().partitioning().partitions())
        .containsExactly(Partition.of("a", "IN (1,2)"), Partition.of("b", "IN (3)"));
  }

  @Test
  void readsViewsTriggersRoutinesAndEvents(@MySql TestDatabase db) throws SQLException {
    Schema schema =
        read(
            db,
            "CREATE TABLE t (id int PRIMARY KEY, a int)",
            "CREATE VIEW v AS SELECT a FROM t WHERE a > 1",
            "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW SET NEW.a = NEW.a + 1",
            "CREATE PROCEDURE pr(IN x INT, OUT y VARCHAR(10)) COMMENT 'pc' BEGIN SELECT x INTO y; END",
            "CREATE FUNCTION fn(x INT) RETURNS varchar(10) DETERMINISTIC RETURN CONCAT('a', x)",
            "CREATE EVENT ev ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00'"
                + " DO DELETE FROM t WHERE id < 0");

    assertThat(schema.views())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.definition()).isEqualTo("select t.a as a from t where t.a > 1");
              assertThat(v.algorithm()).isEqualTo("UNDEFINED");
              assertThat(v.definer()).isNotBlank();
            });
    assertThat(schema.triggers())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.table()).isEqualTo("t");
              assertThat(t.timing()).isEqualTo("BEFORE");
              assertThat(t.body()).isEqualTo("set new.a = new.a + 1");
            });
    assertThat(schema.routines()).hasSize(2);
    assertThat(schema.routines().get(0))
        .satisfies(
            f -> {
              assertThat(f.type()).isEqualTo("FUNCTION");
              assertThat(f.parameters()).isEqualTo("`x` int");
              assertThat(f.returns()).isEqualTo("varchar(10)");
              assertThat(f.deterministic()).isTrue();
            });
    assertThat(schema.routines().get(1))
        .satisfies(
            p -> {
              assertThat(p.parameters()).isEqualTo("IN `x` int, OUT `y` varchar(10)");
              assertThat(p.comment()).isEqualTo("pc");
              assertThat(p.body()).isEqualTo("begin select x into y; end");
            });
    assertThat(schema.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.schedule()).isEqualTo("every 1 day starts '2030-01-01 00:00:00'");
              assertThat(e.status()).isEqualTo("ENABLED");
            });
  }

  @Test
  void readsTheSchemaDefaults(@MySql TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE `" + db.name() + "` CHARACTER SET latin1 COLLATE latin1_bin");
    }
    Schema schema = read(db, "CREATE TABLE t (a varchar(3))");

    assertThat(schema.defaultCharset()).isEqualTo("latin1");
    assertThat(schema.defaultCollation()).isEqualTo("latin1_bin");
    assertThat(schema.tables().get(0).columns().get(0).collation()).isEqualTo("latin1_bin");
  }

  static Schema read(TestDatabase db, String... ddl) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String statement : ddl) {
        s.execute(statement);
      }
      return JdbcSchemaReader.read(c, db.name());
    }
  }
}
