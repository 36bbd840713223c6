package dev.opskit.schemadiff.internal.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.schemadiff.ServerUnderTest;
import dev.opskit.schemadiff.internal.source.DdlParser;
import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.GeneratedColumn;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.ReferenceAction;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import dev.opskit.testing.db.MySql;
import dev.opskit.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcSchemaReaderIT {
  /** ER_PARSE_ERROR: the server does not know the syntax. */
  private static final int ER_PARSE_ERROR = 1064;

  /** ER_FUNCTION_NOT_DEFINED: MariaDB's answer to an unknown FULLTEXT parser. */
  private static final int ER_FUNCTION_NOT_DEFINED = 1128;

  @Test
  void readsEveryColumnAttribute(@MySql TestDatabase db) throws SQLException {
    // The server's default collation of utf8mb4 differs: MariaDB 10.11 general_ci, MySQL 8 0900.
    String utf8mb4 = ServerUnderTest.flavor().defaultCollation("utf8mb4");
    assertThat(utf8mb4)
        .isEqualTo(ServerUnderTest.isMariaDb() ? "utf8mb4_general_ci" : "utf8mb4_0900_ai_ci");
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
                .collation(utf8mb4)
                .nullable(false)
                .defaultValue("'a'")
                .build(),
            Column.builder("j", "char(3)")
                .charset("utf8mb4")
                .collation(utf8mb4)
                .invisible(true)
                .build(),
            Column.builder("k", "varchar(36)")
                .charset("utf8mb4")
                .collation(utf8mb4)
                .defaultValue("(uuid())")
                .build());
    assertThat(t.checks()).as("MariaDB's json_valid check is folded into the json type").isEmpty();
  }

  /**
   * MySQL's information_schema escapes quotes and backslashes in expressions ({@code
   * _utf8mb4\\'$.a\\'}): functional and multi-valued key parts, expression defaults, generated
   * columns over JSON paths and CHECK clauses with strings read to the model of their DDL.
   */
  @Test
  void readsExpressionsWithQuotesAsTheirDdl(@MySql TestDatabase db) throws SQLException {
    List<String> ddl =
        new ArrayList<>(
            List.of(
                """
                CREATE TABLE t (id int PRIMARY KEY, name varchar(50), v json,
                  u varchar(36) DEFAULT (uuid()),
                  q varchar(20) DEFAULT (concat('it''s', ' a \\\\ b')),
                  tag varchar(20) AS (json_unquote(json_extract(v, '$.tag'))) VIRTUAL,
                  path varchar(40) AS (json_unquote(json_extract(v, '$."b c"'))) STORED,
                  CONSTRAINT quoted CHECK (name <> 'it''s'))"""));
    String functional =
        """
        CREATE TABLE f (id int PRIMARY KEY, name varchar(50), v json,
          KEY lower_name ((lower(name))),
          KEY tags ((cast(v -> '$.tags' as unsigned array))),
          -- the charset is written out: MySQL adds the connection's to a CAST AS CHAR
          UNIQUE KEY code ((cast(v ->> '$.code' as char(10) charset utf8mb4))))""";
    if (ServerUnderTest.isMySql()) {
      ddl.add(functional);
    } else {
      assertThatThrownBy(() -> read(db, functional))
          .as("MariaDB has no functional key parts")
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(ER_PARSE_ERROR));
    }
    Schema schema = read(db, ddl.toArray(String[]::new));

    Schema fromDdl = DdlParser.parse(String.join(";\n", ddl) + ";", ServerUnderTest.flavor());
    assertThat(schema.tables()).isEqualTo(fromDdl.tables());
    Table t = schema.table("t").orElseThrow();
    assertThat(t.column("u").orElseThrow().defaultValue()).isEqualTo("(uuid())");
    assertThat(t.column("tag").orElseThrow().generated())
        .isEqualTo(new GeneratedColumn("json_unquote(json_extract(`v`,'$.tag'))", false));
    assertThat(t.checks()).containsExactly(new CheckConstraint("quoted", "name <> 'it''s'", true));
    if (ServerUnderTest.isMySql()) {
      Table f = schema.table("f").orElseThrow();
      assertThat(f.index("lower_name").orElseThrow().parts())
          .containsExactly(new IndexPart(null, "lower(name)", null, false));
      assertThat(f.index("tags").orElseThrow().parts())
          .containsExactly(
              new IndexPart(null, "cast(json_extract(v,'$.tags') as unsigned array)", null, false));
    }
  }

  /** MySQL names a FULLTEXT parser in a version comment; MariaDB has no ngram parser. */
  @Test
  void readsAFullTextParser(@MySql TestDatabase db) throws SQLException {
    String ddl =
        "CREATE TABLE t (id int PRIMARY KEY, body text, title varchar(40),"
            + " FULLTEXT KEY ft_body (body) WITH PARSER ngram, FULLTEXT KEY ft_title (title))";
    if (ServerUnderTest.isMariaDb()) {
      assertThatThrownBy(() -> read(db, ddl))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> assertThat(e.getErrorCode()).isEqualTo(ER_FUNCTION_NOT_DEFINED));
      return;
    }
    Table t = read(db, ddl).tables().get(0);

    assertThat(t.index("ft_body").orElseThrow().parser()).isEqualTo("ngram");
    assertThat(t.index("ft_title").orElseThrow().parser()).isNull();
    assertThat(t).isEqualTo(DdlParser.parse(ddl, ServerUnderTest.flavor()).tables().get(0));
  }

  /**
   * Indexes come back in the order the server stores them, every time: names that sort otherwise
   * than they were declared, in every group the server orders by (unique NOT NULL, unique, plain,
   * plain on virtual columns, fulltext), equal the model of the DDL and of SHOW CREATE TABLE.
   */
  @Test
  void readsIndexesInTheServersOrderEveryTime(@MySql TestDatabase db) throws SQLException {
    String ddl =
        "CREATE TABLE t (id int NOT NULL, a int NOT NULL, b int, c varchar(20), d int, txt text,"
            + " txt2 text, vg int AS (d + 1) VIRTUAL, PRIMARY KEY (id),"
            + " KEY zeta (b), KEY alpha (d, b), UNIQUE KEY yy (b), UNIQUE KEY nn (a),"
            + " KEY on_virtual (vg), KEY mid (c(5), b), UNIQUE KEY bb (c), KEY aa (a, b, c),"
            + " FULLTEXT KEY zft (txt), FULLTEXT KEY aft (txt2), KEY kk (d DESC))";
    Schema first = read(db, ddl);
    Table expected = DdlParser.parse(ddl, ServerUnderTest.flavor()).tables().get(0);
    List<String> stored = storedIndexNames(db, "t");

    assertThat(first.tables().get(0)).isEqualTo(expected);
    assertThat(first.tables().get(0).indexes()).extracting(Index::name).isEqualTo(stored);
    for (int i = 0; i < 10; i++) {
      try (Connection c = db.connect()) {
        assertThat(JdbcSchemaReader.read(c, db.name()).tables()).isEqualTo(first.tables());
      }
    }
  }

  /**
   * The stored order survives ALTERs (added, dropped, re-added and renamed keys, a rebuild) and
   * holds for tables whose order MySQL's reader takes from SHOW INDEX rather than InnoDB's index
   * ids: another engine and a partitioned table.
   */
  @Test
  void readsIndexesInTheServersOrderAfterAltersOnEveryEngine(@MySql TestDatabase db)
      throws SQLException {
    Schema schema =
        read(
            db,
            "CREATE TABLE t (id int PRIMARY KEY, a int, b int, c int, d int NOT NULL, e int,"
                + " KEY kz (a), KEY ky (b), UNIQUE KEY uq (c), UNIQUE KEY u2 (d))",
            "ALTER TABLE t ADD KEY ka (e)",
            "ALTER TABLE t ADD KEY kb (c)",
            "ALTER TABLE t DROP KEY ky",
            "ALTER TABLE t ADD KEY ky (b)",
            "ALTER TABLE t RENAME KEY kz TO k0",
            "ALTER TABLE t ADD UNIQUE KEY u0 (e)",
            "ALTER TABLE t ADD COLUMN f int FIRST",
            "ALTER TABLE t ADD KEY kc (f)",
            "CREATE TABLE m (id int PRIMARY KEY, a int, b int, KEY kz (a), KEY ka (b), KEY km (a, b))"
                + " ENGINE=MyISAM",
            "CREATE TABLE p (id int, a int, b int, PRIMARY KEY (id), KEY kz (a), KEY ka (b))"
                + " PARTITION BY HASH (id) PARTITIONS 2");

    for (String table : List.of("t", "m", "p")) {
      assertThat(schema.table(table).orElseThrow().indexes())
          .as(table)
          .extracting(Index::name)
          .isEqualTo(storedIndexNames(db, table))
          .hasSizeGreaterThan(2);
    }
  }

  /**
   * Every MySQL 8 branch of the reader against a server: DEFAULT_GENERATED, invisible indexes and
   * columns, SRS_ID, CHECK ... NOT ENFORCED, and a view's ALGORITHM, SQL SECURITY and DEFINER; the
   * statements MariaDB refuses are asserted to fail there with its error code.
   */
  @Test
  void readsWhatOnlyMySqlHas(@MySql TestDatabase db) throws SQLException {
    String both =
        "CREATE TABLE base (id int PRIMARY KEY, ts datetime(3) DEFAULT CURRENT_TIMESTAMP(3),"
            + " sq int DEFAULT (1 + 1), hidden_col int INVISIBLE, pt point NOT NULL,"
            + " SPATIAL KEY sp (pt), CONSTRAINT pos CHECK (id > 0))";
    String view =
        "CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v AS SELECT id FROM base"
            + " WITH CASCADED CHECK OPTION";
    Map<String, String> mySqlOnly =
        Map.of(
            "an invisible index",
            "CREATE TABLE inv (id int PRIMARY KEY, a int, KEY hidden (a) INVISIBLE)",
            "a spatial column with an SRID",
            "CREATE TABLE geo (id int PRIMARY KEY, g point NOT NULL SRID 4326, SPATIAL KEY (g))",
            "a CHECK that is not enforced",
            "CREATE TABLE chk (a int, CONSTRAINT lax CHECK (a < 10) NOT ENFORCED)");
    Schema schema;
    if (ServerUnderTest.isMySql()) {
      List<String> all = new ArrayList<>(List.of(both, view));
      all.addAll(mySqlOnly.values());
      schema = read(db, all.toArray(String[]::new));
      Table inv = schema.table("inv").orElseThrow();
      assertThat(inv.index("hidden").orElseThrow().visible()).isFalse();
      assertThat(schema.table("geo").orElseThrow().column("g").orElseThrow().srid())
          .isEqualTo(4326);
      assertThat(schema.table("chk").orElseThrow().checks())
          .containsExactly(new CheckConstraint("lax", "a < 10", false));
      assertThat(schema.tables())
          .isEqualTo(
              DdlParser.parse(String.join(";\n", all) + ";", ServerUnderTest.flavor()).tables());
    } else {
      mySqlOnly.forEach(
          (what, ddl) ->
              assertThatThrownBy(() -> read(db, ddl))
                  .as("MariaDB refuses %s", what)
                  .isInstanceOfSatisfying(
                      SQLException.class,
                      e -> assertThat(e.getErrorCode()).isEqualTo(ER_PARSE_ERROR)));
      schema = read(db, both, view);
      assertThat(schema.tables())
          .isEqualTo(DdlParser.parse(both + ";", ServerUnderTest.flavor()).tables());
    }
    Table base = schema.table("base").orElseThrow();
    assertThat(base.column("sq").orElseThrow().defaultValue()).isEqualTo("(1 + 1)");
    assertThat(base.column("ts").orElseThrow().defaultValue()).isEqualTo("current_timestamp(3)");
    assertThat(base.column("hidden_col").orElseThrow().invisible()).isTrue();
    assertThat(base.column("pt").orElseThrow().srid()).isNull();
    assertThat(base.checks()).containsExactly(new CheckConstraint("pos", "id > 0", true));
    assertThat(schema.views())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.algorithm()).isEqualTo("MERGE");
              assertThat(v.security()).isEqualTo("INVOKER");
              assertThat(v.checkOption()).isEqualTo("CASCADED");
              assertThat(v.definer()).isEqualTo(currentUser(db));
            });
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

  /**
   * MySQL keeps the semicolon a client sent at the end of a trigger's or routine's statement in
   * ACTION_STATEMENT and ROUTINE_DEFINITION; the body reads the same as one sent without it.
   */
  @Test
  void readsABodySentWithItsSemicolonAsItsDdl(@MySql TestDatabase db) throws SQLException {
    String table = "CREATE TABLE t (id int PRIMARY KEY, n int)";
    String trigger = "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.n = NEW.id;";
    String function = "CREATE FUNCTION f(x int) RETURNS int DETERMINISTIC RETURN x * 2;";
    Schema schema = read(db, table, trigger, function);

    Schema fromDdl =
        DdlParser.parse(
            table + ";\nDELIMITER //\n" + trigger + "//\n" + function + "//\nDELIMITER ;\n",
            ServerUnderTest.flavor());
    assertThat(schema.triggers()).extracting(Trigger::body).containsExactly("set new.n = new.id");
    assertThat(schema.triggers())
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("definer")
        .isEqualTo(fromDdl.triggers());
    assertThat(schema.routines()).extracting(Routine::body).containsExactly("return x * 2");
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

  private static String currentUser(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** A table's index names in the order the server's own SHOW CREATE TABLE lists them. */
  private static List<String> storedIndexNames(TestDatabase db, String table) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + table)) {
      rs.next();
      return DdlParser.parse(rs.getString(2), ServerUnderTest.flavor())
          .tables()
          .get(0)
          .indexes()
          .stream()
          .map(Index::name)
          .toList();
    }
  }

  /**
   * From {@link ShowCreateCheck#PARSE_APART} tables on, the SHOW CREATE TABLE texts parse on a
   * thread of their own while the other queries run: the read must find what the inline parse
   * finds, and leave no parse thread behind.
   */
  @Test
  void aSchemaOfManyTablesIsCheckedAgainstItsShowCreateTableToo(@MySql TestDatabase db)
      throws SQLException {
    List<String> ddl = new ArrayList<>();
    ddl.add("CREATE TABLE keyed (a int) PARTITION BY KEY ALGORITHM=1 (a) PARTITIONS 2");
    for (int i = 0; i < ShowCreateCheck.PARSE_APART; i++) {
      ddl.add("CREATE TABLE t" + i + " (id int PRIMARY KEY, v varchar(" + (i + 1) + "))");
    }
    Schema schema = read(db, ddl.toArray(String[]::new));

    assertThat(schema.tables()).hasSize(ShowCreateCheck.PARSE_APART + 1);
    assertThat(schema.unmodeled())
        .extracting(UnmodeledAttribute::describe)
        .containsExactly("table `keyed`: PARTITION BY KEY ALGORITHM 1");
    Map<String, String> creates = new java.util.LinkedHashMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (Table t : schema.tables()) {
        try (ResultSet rs = s.executeQuery("SHOW CREATE TABLE `" + t.name() + "`")) {
          rs.next();
          creates.put(t.name(), rs.getString(2));
        }
      }
    }
    assertThat(ShowCreateCheck.check(db.name(), ServerUnderTest.flavor(), schema.tables(), creates))
        .isEqualTo(schema.unmodeled());
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("opskit-schema-parse-")) {
        try {
          t.join(5_000); // its task is done; the thread may still be ending
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        assertThat(t.isAlive()).as(t.getName()).isFalse();
      }
    }
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
