package dev.opskit.schemadiff.internal.source;

import static dev.opskit.schemadiff.internal.source.Models.MARIADB;
import static dev.opskit.schemadiff.internal.source.Models.MYSQL;
import static dev.opskit.schemadiff.internal.source.Models.col;
import static dev.opskit.schemadiff.internal.source.Models.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.opskit.schemadiff.internal.sql.SqlSyntaxException;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whole scripts: the schema's name and defaults, delimiters, skipped and dropping statements. */
class DdlParserScriptTest {

  @Test
  void leavesNameAndDefaultsEmptyWhenNothingSetsThem() {
    Schema schema = DdlParser.parse("CREATE TABLE t (a VARCHAR(3))", MARIADB);

    assertThat(schema)
        .isEqualTo(
            new Schema(
                "",
                "",
                "",
                List.of(table("t", MARIADB).addColumn(col("a", "varchar(3)")).build()),
                List.of(),
                List.of(),
                List.of(),
                List.of()));
    assertThat(schema.tables().get(0).defaultCollation()).isEqualTo("utf8mb4_general_ci");
  }

  @Test
  void takesNameFromUseAndDefaultsFromCreateDatabase() {
    Schema schema =
        DdlParser.parse(
            """
            CREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop` /*!40100 DEFAULT CHARACTER SET latin1
              */ /*!80016 DEFAULT ENCRYPTION='N' */;
            USE `shop`;
            CREATE TABLE t (a VARCHAR(3));""",
            MYSQL);

    Table expected =
        table("t", MYSQL)
            .schemaDefaults("latin1", "latin1_swedish_ci")
            .addColumn(col("a", "varchar(3)"))
            .build();
    assertThat(schema.name()).isEqualTo("shop");
    assertThat(schema.defaultCharset()).isEqualTo("latin1");
    assertThat(schema.defaultCollation()).isEqualTo("latin1_swedish_ci");
    assertThat(schema.tables()).containsExactly(expected);
    assertThat(expected.column("a").orElseThrow().collation()).isEqualTo("latin1_swedish_ci");
  }

  @Test
  void skipsStatementsThatCannotChangeTheSchema() {
    String script =
        """
        -- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
        /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
        SET NAMES utf8mb4;
        START TRANSACTION;
        CREATE TABLE t (a VARCHAR(20));
        LOCK TABLES `t` WRITE;
        /*!40000 ALTER TABLE `t` DISABLE KEYS */;
        INSERT INTO `t` VALUES ('CREATE TABLE x (y INT);'),('it''s; \\' ; fine');
        REPLACE INTO t VALUES ('-- not a comment; DROP TABLE t');
        /*!40000 ALTER TABLE `t` ENABLE KEYS */;
        UNLOCK TABLES;
        /*!50003 ALTER DATABASE `shop` CHARACTER SET latin1 */ ;
        SELECT 1; COMMIT; BEGIN; ROLLBACK; UPDATE t SET a = 'x'; DELETE FROM t;
        CREATE USER 'app'@'%' IDENTIFIED BY 'secret;'; GRANT SELECT ON t TO 'app'@'%';
        ALTER USER 'app'@'%' ACCOUNT LOCK; DROP USER 'app'@'%'; ANALYZE TABLE t;
        # a trailing comment; with a semicolon
        /* and a block comment; too */""";

    Schema schema = DdlParser.parse(script, MYSQL);

    assertThat(schema.tables())
        .containsExactly(table("t", MYSQL).addColumn(col("a", "varchar(20)")).build());
  }

  @Test
  void dropRemovesWhatWasReadSoFar() {
    String script =
        """
        CREATE TABLE t (a INT); CREATE TABLE u (a INT); CREATE VIEW v AS SELECT 1;
        CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;
        CREATE PROCEDURE p() SELECT 1; CREATE FUNCTION f() RETURNS INT RETURN 1;
        CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1;
        DROP TABLE IF EXISTS t, missing; DROP VIEW v; DROP PROCEDURE p; DROP FUNCTION IF EXISTS f;
        DROP EVENT IF EXISTS e; DROP TEMPORARY TABLE IF EXISTS tmp; DROP TRIGGER IF EXISTS tr;""";

    Schema schema = DdlParser.parse(script, MYSQL);

    assertThat(schema.tables()).extracting(Table::name).containsExactly("u");
    assertThat(schema.views()).isEmpty();
    assertThat(schema.triggers()).isEmpty();
    assertThat(schema.routines()).isEmpty();
    assertThat(schema.events()).isEmpty();
  }

  @Test
  void droppingATableDropsItsTriggers() {
    String script =
        """
        CREATE TABLE t (a INT);
        CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;
        DROP TABLE t;""";

    assertThat(DdlParser.parse(script, MYSQL).triggers()).isEmpty();
  }

  @Test
  void aPlaceholderTableGivesWayToTheView() {
    String script =
        """
        DROP TABLE IF EXISTS `v`;
        /*!50001 DROP VIEW IF EXISTS `v`*/;
        /*!50001 CREATE TABLE `v` (
          `a` tinyint NOT NULL
        ) ENGINE=MyISAM */;
        /*!50001 DROP TABLE IF EXISTS `v`*/;
        /*!50001 DROP VIEW IF EXISTS `v`*/;
        /*!50001 CREATE ALGORITHM=UNDEFINED */
        /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */
        /*!50001 VIEW `v` AS select 1 AS `a` */;""";

    Schema schema = DdlParser.parse(script, MYSQL);

    assertThat(schema.tables()).isEmpty();
    assertThat(schema.views()).extracting(v -> v.definition()).containsExactly("select 1 as a");
  }

  @Test
  void splitsAtAnyDelimiterButNotInsideStringsNamesOrComments() {
    String script =
        """
        delimiter //
        CREATE TABLE `semi;colon//` (a VARCHAR(9) DEFAULT ';//') //
        CREATE PROCEDURE p() BEGIN SELECT "//"; /* // */ SELECT 1; END//
        DELIMITER $$
        CREATE PROCEDURE q() BEGIN SELECT 2; END $$
        DELIMITER ;
        CREATE TABLE u (a INT);""";

    Schema schema = DdlParser.parse(script, MYSQL);

    assertThat(schema.tables()).extracting(Table::name).containsExactly("semi;colon//", "u");
    assertThat(schema.tables().get(0).columns().get(0).defaultValue()).isEqualTo("';//'");
    assertThat(schema.routines())
        .extracting(r -> r.body())
        .containsExactly("begin select '//'; select 1; end", "begin select 2; end");
  }

  @Test
  void ignoresAByteOrderMarkAndCountsPositionsWithoutIt() {
    assertThat(DdlParser.parse("\uFEFFCREATE TABLE t (a INT);", MYSQL).tables()).hasSize(1);
    assertThatExceptionOfType(SqlSyntaxException.class)
        .isThrownBy(() -> DdlParser.parse("\uFEFFCREATE TABLE t (a INTT);", MYSQL))
        .withMessage("1:19: found 'INTT', expected a column type");
  }

  @Test
  void detectsTheFlavorFromADumpHeader() {
    assertThat(
            DdlParser.detectFlavor(
                "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB\n--\n-- Host: 127.0.0.1"
                    + "    Database: shop\n-- -----\n-- Server version\t10.11.19-MariaDB-0+deb12u1\n"))
        .contains(new Flavor(Flavor.Kind.MARIADB, 10, 11));
    assertThat(DdlParser.detectFlavor("-- MySQL dump 10.13\n-- Server version\t8.0.36\n"))
        .contains(new Flavor(Flavor.Kind.MYSQL, 8, 0));
    assertThat(DdlParser.detectFlavor("CREATE TABLE t (a INT);")).isEqualTo(Optional.empty());
  }
}
