package dev.opskit.schemadiff.internal.source;

import static dev.opskit.schemadiff.internal.source.Models.MARIADB;
import static dev.opskit.schemadiff.internal.source.Models.MYSQL;
import static dev.opskit.schemadiff.internal.source.Models.check;
import static dev.opskit.schemadiff.internal.source.Models.col;
import static dev.opskit.schemadiff.internal.source.Models.fk;
import static dev.opskit.schemadiff.internal.source.Models.key;
import static dev.opskit.schemadiff.internal.source.Models.notNull;
import static dev.opskit.schemadiff.internal.source.Models.parseTable;
import static dev.opskit.schemadiff.internal.source.Models.primary;
import static dev.opskit.schemadiff.internal.source.Models.table;
import static dev.opskit.schemadiff.internal.source.Models.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.GeneratedColumn;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.ReferenceAction;
import dev.opskit.schemadiff.model.Table;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Columns, indexes, foreign keys and checks of CREATE TABLE, each pinned to the model. */
class DdlParserTest {

  @ParameterizedTest
  @MethodSource({"columns", "indexes", "keyNormalization", "foreignKeysAndChecks"})
  void readsTableAsTheServerStoresIt(String ddl, Flavor flavor, Table expected) {
    assertThat(parseTable(ddl, flavor, expected.name())).isEqualTo(expected);
  }

  static Stream<Arguments> columns() {
    return Stream.of(
        argumentSet(
            "every type spelling, and a column named like a keyword",
            """
            CREATE TABLE t (period INTEGER(11), b BOOL, c NUMERIC(5,2), d DOUBLE PRECISION,
              e CHARACTER VARYING(10), f NATIONAL CHAR(3), g NVARCHAR(4), h LONG VARCHAR,
              i LONG VARBINARY, j INT(5) UNSIGNED ZEROFILL, k SERIAL, l ENUM('x','y'), m DEC,
              n REAL, o MIDDLEINT, p NCHAR VARYING(2))""",
            MYSQL,
            table("t", MYSQL)
                .addColumn(col("period", "int"))
                .addColumn(col("b", "tinyint(1)"))
                .addColumn(col("c", "decimal(5,2)"))
                .addColumn(col("d", "double"))
                .addColumn(col("e", "varchar(10)"))
                .addColumn(col("f", "char(3)").charset("utf8mb3"))
                .addColumn(col("g", "varchar(4)").charset("utf8mb3"))
                .addColumn(col("h", "mediumtext"))
                .addColumn(col("i", "mediumblob"))
                .addColumn(col("j", "int(5) unsigned zerofill"))
                .addColumn(notNull("k", "bigint unsigned").autoIncrement(true))
                .addColumn(col("l", "enum('x','y')"))
                .addColumn(col("m", "decimal(10,0)"))
                .addColumn(col("n", "double"))
                .addColumn(col("o", "mediumint"))
                .addColumn(col("p", "varchar(2)").charset("utf8mb3"))
                .addIndex(unique("k", "k"))
                .build()),
        argumentSet(
            "character sets, collations, BINARY, ASCII and UNICODE",
            """
            CREATE TABLE t (a VARCHAR(5) CHARACTER SET utf8mb4, b VARCHAR(5) CHARSET utf8 COLLATE
              utf8_bin, c VARCHAR(5) COLLATE latin1_german1_ci, d CHAR(3) BINARY, e VARCHAR(3)
              ASCII, f VARCHAR(2) UNICODE, g TEXT CHARACTER SET utf8mb4 BINARY, h INT)
              DEFAULT CHARSET=latin1""",
            MYSQL,
            table("t", MYSQL)
                .addColumn(col("a", "varchar(5)").charset("utf8mb4"))
                .addColumn(col("b", "varchar(5)").collation("utf8mb3_bin"))
                .addColumn(col("c", "varchar(5)").collation("latin1_german1_ci"))
                .addColumn(col("d", "char(3)").collation("latin1_bin"))
                .addColumn(col("e", "varchar(3)").charset("latin1"))
                .addColumn(col("f", "varchar(2)").charset("ucs2"))
                .addColumn(col("g", "text").collation("utf8mb4_bin"))
                .addColumn(col("h", "int"))
                .option("DEFAULT CHARSET", "latin1")
                .build()),
        argumentSet(
            "a declared charset takes its own default collation, not the table's or schema's",
            """
            CREATE DATABASE d CHARACTER SET latin1 COLLATE latin1_german1_ci;
            CREATE TABLE t (a VARCHAR(3) CHARACTER SET latin1, b VARCHAR(3)) CHARSET latin1;""",
            MARIADB,
            table("t", MARIADB)
                .schemaDefaults("latin1", "latin1_german1_ci")
                .addColumn(col("a", "varchar(3)").collation("latin1_swedish_ci"))
                .addColumn(col("b", "varchar(3)").collation("latin1_swedish_ci"))
                .option("DEFAULT CHARSET", "latin1")
                .option("COLLATE", "latin1_swedish_ci")
                .build()),
        argumentSet(
            "nullability, defaults, ON UPDATE, AUTO_INCREMENT and comments",
            """
            CREATE TABLE t (a INT NOT NULL DEFAULT '3', b VARCHAR(5) NULL DEFAULT 'x',
              c INT DEFAULT -1, d DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE
              CURRENT_TIMESTAMP(3), e VARCHAR(36) DEFAULT (uuid()), f BIT(3) DEFAULT b'101',
              g TIMESTAMP NOT NULL DEFAULT NOW(), h INT AUTO_INCREMENT COMMENT 'the id', KEY (h),
              i VARCHAR(3) DEFAULT _utf8mb4'q', j BLOB DEFAULT ('y'))""",
            MYSQL,
            table("t", MYSQL)
                .addColumn(notNull("a", "int").defaultValue("3"))
                .addColumn(col("b", "varchar(5)").defaultValue("'x'"))
                .addColumn(col("c", "int").defaultValue("-1"))
                .addColumn(
                    col("d", "datetime(3)")
                        .defaultValue("current_timestamp(3)")
                        .onUpdate("current_timestamp(3)"))
                .addColumn(col("e", "varchar(36)").defaultValue("(uuid())"))
                .addColumn(col("f", "bit(3)").defaultValue("b'101'"))
                .addColumn(notNull("g", "timestamp").defaultValue("current_timestamp()"))
                .addColumn(notNull("h", "int").autoIncrement(true).comment("the id"))
                .addColumn(col("i", "varchar(3)").defaultValue("'q'"))
                .addColumn(col("j", "blob").defaultValue("('y')"))
                .addIndex(key("h", "h"))
                .build()),
        argumentSet(
            "MariaDB stores a parenthesized literal default as the literal",
            "CREATE TABLE t (a BLOB DEFAULT ('y'), b INT DEFAULT (1 + 1), c VARCHAR(36) DEFAULT"
                + " uuid(), d INT DEFAULT (-2))",
            MARIADB,
            table("t", MARIADB)
                .addColumn(col("a", "blob").defaultValue("'y'"))
                .addColumn(col("b", "int").defaultValue("(1+1)"))
                .addColumn(col("c", "varchar(36)").defaultValue("(uuid())"))
                .addColumn(col("d", "int").defaultValue("-2"))
                .build()),
        argumentSet(
            "inline PRIMARY KEY, UNIQUE and UNIQUE KEY",
            "CREATE TABLE t (a INT PRIMARY KEY, b INT UNIQUE, c INT UNIQUE KEY NOT NULL)",
            MYSQL,
            table("t", MYSQL)
                .addColumn(notNull("a", "int"))
                .addColumn(col("b", "int"))
                .addColumn(notNull("c", "int"))
                .addIndex(primary("a"))
                .addIndex(unique("b", "b"))
                .addIndex(unique("c", "c"))
                .build()),
        argumentSet(
            "inline KEY means PRIMARY KEY",
            "CREATE TABLE t (a INT KEY)",
            MYSQL,
            table("t", MYSQL).addColumn(notNull("a", "int")).addIndex(primary("a")).build()),
        argumentSet(
            "SERIAL DEFAULT VALUE",
            "CREATE TABLE t (a INT SERIAL DEFAULT VALUE)",
            MYSQL,
            table("t", MYSQL)
                .addColumn(notNull("a", "int").autoIncrement(true))
                .addIndex(unique("a", "a"))
                .build()),
        argumentSet(
            "storage hints and engine attributes are read and dropped",
            "CREATE TABLE t (a INT COLUMN_FORMAT FIXED STORAGE DISK, b INT ENGINE_ATTRIBUTE"
                + " '{}' NOT SECONDARY)",
            MYSQL,
            table("t", MYSQL).addColumn(col("a", "int")).addColumn(col("b", "int")).build()),
        argumentSet(
            "generated columns, INVISIBLE and SRID",
            """
            CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a+1) VIRTUAL,
              c INT AS (a*2) STORED NOT NULL, d INT AS (a) PERSISTENT, e INT AS (`a`) INVISIBLE,
              g GEOMETRY NOT NULL SRID 4326, h INT VISIBLE)""",
            MYSQL,
            table("t", MYSQL)
                .addColumn(col("a", "int"))
                .addColumn(col("b", "int").generated(new GeneratedColumn("`a` + 1", false)))
                .addColumn(notNull("c", "int").generated(new GeneratedColumn("a * 2", true)))
                .addColumn(col("d", "int").generated(new GeneratedColumn("a", true)))
                .addColumn(
                    col("e", "int").generated(new GeneratedColumn("a", false)).invisible(true))
                .addColumn(notNull("g", "geometry").srid(4326))
                .addColumn(col("h", "int"))
                .build()),
        argumentSet(
            "inline REFERENCES is ignored by MySQL",
            "CREATE TABLE p (id INT PRIMARY KEY); CREATE TABLE t (a INT REFERENCES p (id))",
            MYSQL,
            table("t", MYSQL).addColumn(col("a", "int")).build()),
        argumentSet(
            "inline REFERENCES makes a foreign key in MariaDB",
            "CREATE TABLE p (id INT PRIMARY KEY); CREATE TABLE t (a INT REFERENCES p (id))",
            MARIADB,
            table("t", MARIADB)
                .addColumn(col("a", "int"))
                .addIndex(key("a", "a"))
                .addForeignKey(fk("t_ibfk_1", "a", "p", "id"))
                .build()));
  }

  static Stream<Arguments> indexes() {
    return Stream.of(
        argumentSet(
            "unnamed indexes are named after their first column, then _2, _3",
            """
            CREATE TABLE t (a INT, b INT, KEY (a), KEY a_2 (b), KEY (a), UNIQUE (b, a),
              KEY ((a + b)), KEY ((a * b)), KEY `primary` (b), UNIQUE KEY (`PRIMARY`),
              `primary` INT)""",
            MYSQL,
            table("t", MYSQL)
                .addColumn(col("a", "int"))
                .addColumn(col("b", "int"))
                .addColumn(col("primary", "int"))
                .addIndex(key("a", "a"))
                .addIndex(key("a_2", "b"))
                .addIndex(key("a_3", "a"))
                .addIndex(unique("b", "b", "a"))
                .addIndex(
                    Index.of(
                        "functional_index",
                        IndexKind.INDEX,
                        List.of(new IndexPart(null, "a + b", null, false))))
                .addIndex(
                    Index.of(
                        "functional_index_2",
                        IndexKind.INDEX,
                        List.of(new IndexPart(null, "a * b", null, false))))
                .addIndex(key("primary", "b"))
                .addIndex(unique("primary_2", "primary"))
                .build()),
        argumentSet(
            "a UNIQUE constraint's symbol names its index unless the index has a name",
            """
            CREATE TABLE t (a INT, b INT, c INT, CONSTRAINT pk PRIMARY KEY (a),
              CONSTRAINT u1 UNIQUE (b), CONSTRAINT u2 UNIQUE KEY u2idx (c))""",
            MYSQL,
            table("t", MYSQL)
                .addColumn(notNull("a", "int"))
                .addColumn(col("b", "int"))
                .addColumn(col("c", "int"))
                .addIndex(primary("a"))
                .addIndex(unique("u1", "b"))
                .addIndex(unique("u2idx", "c"))
                .build()),
        argumentSet(
            "index options before and after the parts",
            """
            CREATE TABLE t (a INT, b VARCHAR(20), c TEXT, d INT, g POINT NOT NULL,
              KEY k1 USING HASH (a), KEY k2 (a) USING BTREE KEY_BLOCK_SIZE=8 COMMENT 'c2',
              INDEX k3 (b(10) DESC, a ASC) INVISIBLE, KEY k4 (d) IGNORED, KEY k5 (d) NOT IGNORED,
              FULLTEXT KEY ft (c) WITH PARSER ngram, UNIQUE INDEX u (d) VISIBLE,
              SPATIAL INDEX (g), FULLTEXT (b))""",
            MYSQL,
            table("t", MYSQL)
                .addColumn(col("a", "int"))
                .addColumn(col("b", "varchar(20)"))
                .addColumn(col("c", "text"))
                .addColumn(col("d", "int"))
                .addColumn(notNull("g", "point"))
                .addIndex(
                    new Index("k1", IndexKind.INDEX, parts("a"), true, "", null, "HASH", Map.of()))
                .addIndex(
                    new Index("k2", IndexKind.INDEX, parts("a"), true, "c2", null, null, Map.of()))
                .addIndex(
                    new Index(
                        "k3",
                        IndexKind.INDEX,
                        List.of(new IndexPart("b", null, 10, true), IndexPart.of("a")),
                        false,
                        "",
                        null,
                        null,
                        Map.of()))
                .addIndex(
                    new Index("k4", IndexKind.INDEX, parts("d"), false, "", null, null, Map.of()))
                .addIndex(key("k5", "d"))
                .addIndex(
                    new Index(
                        "ft", IndexKind.FULLTEXT, parts("c"), true, "", "ngram", null, Map.of()))
                .addIndex(unique("u", "d"))
                .addIndex(Index.of("g", IndexKind.SPATIAL, parts("g")))
                .addIndex(Index.of("b", IndexKind.FULLTEXT, parts("b")))
                .build()));
  }

  static Stream<Arguments> keyNormalization() {
    return Stream.of(
        argumentSet(
            "an index prefix as long as the column is the whole column",
            "CREATE TABLE t (v VARCHAR(20), b VARBINARY(8), KEY (v(20)), KEY (b(8)), KEY (v(5)))",
            MARIADB,
            table("t", MARIADB)
                .addColumn(col("v", "varchar(20)"))
                .addColumn(col("b", "varbinary(8)"))
                .addIndex(key("v", "v"))
                .addIndex(key("b", "b"))
                .addIndex(
                    Index.of("v_2", IndexKind.INDEX, List.of(new IndexPart("v", null, 5, false))))
                .build()),
        argumentSet(
            "MariaDB keeps a UNIQUE key on a whole TEXT or BLOB column as a hash",
            "CREATE TABLE t (a TEXT, b BLOB, UNIQUE (a), UNIQUE (b(10)))",
            MARIADB,
            table("t", MARIADB)
                .addColumn(col("a", "text"))
                .addColumn(col("b", "blob"))
                .addIndex(
                    new Index("a", IndexKind.UNIQUE, parts("a"), true, "", null, "HASH", Map.of()))
                .addIndex(
                    Index.of("b", IndexKind.UNIQUE, List.of(new IndexPart("b", null, 10, false))))
                .build()));
  }

  static Stream<Arguments> foreignKeysAndChecks() {
    String parent = "CREATE TABLE p (id INT PRIMARY KEY, x INT UNIQUE);\n";
    String named =
        parent
            + """
            CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, c INT, d INT,
              CONSTRAINT sym FOREIGN KEY idx (a) REFERENCES p (id),
              FOREIGN KEY fki (b) REFERENCES p (id),
              KEY c (d),
              FOREIGN KEY (c) REFERENCES p (id),
              FOREIGN KEY (d) REFERENCES p (id), KEY dd (d, a))""";
    return Stream.of(
        argumentSet(
            "unnamed foreign keys count from 1, skipping names in use",
            parent
                + """
                CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, c INT,
                  FOREIGN KEY (a) REFERENCES p (id),
                  CONSTRAINT t_ibfk_2 FOREIGN KEY (b) REFERENCES p (id),
                  FOREIGN KEY (c) REFERENCES p (x) ON UPDATE CASCADE ON DELETE SET NULL)""",
            MYSQL,
            table("t", MYSQL)
                .addColumn(notNull("id", "int"))
                .addColumn(col("a", "int"))
                .addColumn(col("b", "int"))
                .addColumn(col("c", "int"))
                .addIndex(primary("id"))
                .addIndex(key("a", "a"))
                .addIndex(key("t_ibfk_2", "b"))
                .addIndex(key("c", "c"))
                .addForeignKey(fk("t_ibfk_1", "a", "p", "id"))
                .addForeignKey(fk("t_ibfk_2", "b", "p", "id"))
                .addForeignKey(
                    new ForeignKey(
                        "t_ibfk_3",
                        List.of("c"),
                        null,
                        "p",
                        List.of("x"),
                        ReferenceAction.SET_NULL,
                        ReferenceAction.CASCADE))
                .build()),
        argumentSet(
            "MariaDB names a foreign key and its index after the symbol, else the index name",
            named,
            MARIADB,
            table("t", MARIADB)
                .addColumn(notNull("id", "int"))
                .addColumn(col("a", "int"))
                .addColumn(col("b", "int"))
                .addColumn(col("c", "int"))
                .addColumn(col("d", "int"))
                .addIndex(primary("id"))
                .addIndex(key("sym", "a"))
                .addIndex(key("fki", "b"))
                .addIndex(key("c", "d"))
                .addIndex(key("c_2", "c"))
                .addIndex(key("dd", "d", "a"))
                .addForeignKey(fk("sym", "a", "p", "id"))
                .addForeignKey(fk("fki", "b", "p", "id"))
                .addForeignKey(fk("t_ibfk_1", "c", "p", "id"))
                .addForeignKey(fk("t_ibfk_2", "d", "p", "id"))
                .build()),
        argumentSet(
            "MySQL 8 names a foreign key after its symbol only, its index as MariaDB does",
            named,
            MYSQL,
            table("t", MYSQL)
                .addColumn(notNull("id", "int"))
                .addColumn(col("a", "int"))
                .addColumn(col("b", "int"))
                .addColumn(col("c", "int"))
                .addColumn(col("d", "int"))
                .addIndex(primary("id"))
                .addIndex(key("sym", "a"))
                .addIndex(key("fki", "b"))
                .addIndex(key("c", "d"))
                .addIndex(key("c_2", "c"))
                .addIndex(key("dd", "d", "a"))
                .addForeignKey(fk("sym", "a", "p", "id"))
                .addForeignKey(fk("t_ibfk_1", "b", "p", "id"))
                .addForeignKey(fk("t_ibfk_2", "c", "p", "id"))
                .addForeignKey(fk("t_ibfk_3", "d", "p", "id"))
                .build()),
        argumentSet(
            "MATCH is ignored, NO ACTION is RESTRICT and another schema is kept",
            """
            USE shop;
            CREATE TABLE t (a INT, b INT, KEY (a, b),
              CONSTRAINT f1 FOREIGN KEY (a) REFERENCES shop.p (id) MATCH FULL
                ON UPDATE NO ACTION ON DELETE RESTRICT,
              CONSTRAINT f2 FOREIGN KEY (b) REFERENCES `other`.`q` (`id`) ON DELETE SET DEFAULT)""",
            MYSQL,
            table("t", MYSQL)
                .addColumn(col("a", "int"))
                .addColumn(col("b", "int"))
                .addIndex(key("a", "a", "b"))
                .addIndex(key("f2", "b"))
                .addForeignKey(fk("f1", "a", "p", "id"))
                .addForeignKey(
                    new ForeignKey(
                        "f2",
                        List.of("b"),
                        "other",
                        "q",
                        List.of("id"),
                        ReferenceAction.SET_DEFAULT,
                        ReferenceAction.RESTRICT))
                .build()),
        argumentSet(
            "MySQL names unnamed checks <table>_chk_<n>, inline ones too",
            """
            CREATE TABLE t (a INT CHECK (a > 0), b INT CONSTRAINT b_pos CHECK (b > 0) NOT ENFORCED,
              CHECK (a < b), CONSTRAINT t_chk_3 CHECK (a <> 5), CONSTRAINT CHECK (b <> 7) ENFORCED)""",
            MYSQL,
            table("t", MYSQL)
                .addColumn(col("a", "int"))
                .addColumn(col("b", "int"))
                .addCheck(check("t_chk_1", "a > 0"))
                .addCheck(new CheckConstraint("b_pos", "b > 0", false))
                .addCheck(check("t_chk_2", "a < b"))
                .addCheck(check("t_chk_3", "a <> 5"))
                .addCheck(check("t_chk_4", "b <> 7"))
                .build()),
        argumentSet(
            "MariaDB names inline checks after the column and others CONSTRAINT_<n>",
            """
            CREATE TABLE t (a INT CHECK (a > 0), c INT, CHECK (c > 2), CONSTRAINT named
              CHECK (a < 100), CONSTRAINT CONSTRAINT_2 CHECK (c < 50), CONSTRAINT CHECK (c <> 9),
              j JSON)""",
            MARIADB,
            table("t", MARIADB)
                .addColumn(col("a", "int"))
                .addColumn(col("c", "int"))
                .addColumn(col("j", "json"))
                .addCheck(check("a", "a > 0"))
                .addCheck(check("CONSTRAINT_1", "c > 2"))
                .addCheck(check("named", "a < 100"))
                .addCheck(check("CONSTRAINT_2", "c < 50"))
                .addCheck(check("CONSTRAINT_3", "c <> 9"))
                .build()));
  }

  private static List<IndexPart> parts(String... columns) {
    return Models.parts(columns);
  }
}
