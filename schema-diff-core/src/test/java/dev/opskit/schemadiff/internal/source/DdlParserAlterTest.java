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

import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.Table;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Statements that change a table read before: ALTER TABLE, CREATE/DROP INDEX, CREATE ... LIKE. */
class DdlParserAlterTest {
  private static final String PARENT = "CREATE TABLE p (id INT PRIMARY KEY);\n";

  @ParameterizedTest
  @MethodSource
  void appliesChangesToTheTableReadSoFar(String ddl, Flavor flavor, Table expected) {
    assertThat(parseTable(ddl, flavor, expected.name())).isEqualTo(expected);
  }

  static Stream<Arguments> appliesChangesToTheTableReadSoFar() {
    return Stream.of(
        argumentSet(
            "ALTER TABLE ADD columns at positions, indexes, foreign keys and checks",
            PARENT
                + """
                CREATE TABLE t (a INT, b INT, FOREIGN KEY (a) REFERENCES p (id), CHECK (a > 0));
                ALTER TABLE t ADD COLUMN c INT AFTER a, ADD d INT FIRST, ADD INDEX (b),
                  ADD UNIQUE (c), DISABLE KEYS;
                ALTER TABLE `t` ADD CONSTRAINT FOREIGN KEY (b) REFERENCES p (id),
                  ADD CHECK (b > 0), ADD KEY ab (a, b), ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE t ADD (e INT, f INT NOT NULL), ADD COLUMN IF NOT EXISTS e INT UNIQUE;
                ALTER TABLE t ENABLE KEYS;""",
            MYSQL,
            table("t", MYSQL)
                .addColumn(col("d", "int"))
                .addColumn(col("a", "int"))
                .addColumn(col("c", "int"))
                .addColumn(col("b", "int"))
                .addColumn(col("e", "int"))
                .addColumn(notNull("f", "int"))
                .addIndex(key("b", "b"))
                .addIndex(unique("c", "c"))
                .addIndex(key("ab", "a", "b"))
                .addForeignKey(fk("t_ibfk_1", "a", "p", "id"))
                .addForeignKey(fk("t_ibfk_2", "b", "p", "id"))
                .addCheck(check("t_chk_1", "a > 0"))
                .addCheck(check("t_chk_2", "b > 0"))
                .build()),
        argumentSet(
            "an index the server made for a foreign key moves when a later one replaces it",
            PARENT
                + """
                CREATE TABLE t (a INT, b INT);
                ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES p (id),
                  ADD FOREIGN KEY (b) REFERENCES p (id);
                ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES p (id);""",
            MARIADB,
            table("t", MARIADB)
                .addColumn(col("a", "int"))
                .addColumn(col("b", "int"))
                .addIndex(key("b", "b"))
                .addIndex(key("a", "a"))
                .addForeignKey(fk("t_ibfk_1", "a", "p", "id"))
                .addForeignKey(fk("t_ibfk_2", "b", "p", "id"))
                .addForeignKey(fk("t_ibfk_3", "a", "p", "id"))
                .build()),
        argumentSet(
            "CREATE INDEX and DROP INDEX",
            """
            CREATE TABLE t (a INT, b INT, KEY old (b));
            CREATE UNIQUE INDEX ua ON t (a) USING HASH COMMENT 'z' ALGORITHM=INPLACE;
            CREATE INDEX ib USING BTREE ON t (b DESC);
            CREATE FULLTEXT INDEX IF NOT EXISTS ib ON t (b);
            DROP INDEX old ON t;""",
            MYSQL,
            table("t", MYSQL)
                .addColumn(col("a", "int"))
                .addColumn(col("b", "int"))
                .addIndex(
                    new Index(
                        "ua",
                        IndexKind.UNIQUE,
                        Models.parts("a"),
                        true,
                        "z",
                        null,
                        "HASH",
                        Map.of()))
                .addIndex(
                    Index.of("ib", IndexKind.INDEX, List.of(new IndexPart("b", null, null, true))))
                .build()),
        argumentSet(
            "CREATE TABLE LIKE copies all but foreign keys and renames MySQL check names",
            PARENT
                + """
                CREATE TABLE t (id INT PRIMARY KEY, a INT CHECK (a > 0),
                  FOREIGN KEY (a) REFERENCES p (id)) AUTO_INCREMENT=5 COMMENT 'x';
                CREATE TABLE u LIKE t;""",
            MYSQL,
            table("u", MYSQL)
                .addColumn(notNull("id", "int"))
                .addColumn(col("a", "int"))
                .addIndex(primary("id"))
                .addIndex(key("a", "a"))
                .addCheck(check("u_chk_1", "a > 0"))
                .option("COMMENT", "x")
                .build()),
        argumentSet(
            "CREATE TABLE (LIKE) in MariaDB keeps check names",
            "CREATE TABLE t (a INT CHECK (a > 0)); CREATE TABLE u (LIKE t);",
            MARIADB,
            table("u", MARIADB).addColumn(col("a", "int")).addCheck(check("a", "a > 0")).build()));
  }
}
