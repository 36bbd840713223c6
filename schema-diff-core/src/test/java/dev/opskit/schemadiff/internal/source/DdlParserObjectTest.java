package dev.opskit.schemadiff.internal.source;

import static dev.opskit.schemadiff.internal.source.Models.MARIADB;
import static dev.opskit.schemadiff.internal.source.Models.MYSQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Routine;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.View;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Views, triggers, stored routines and events. */
class DdlParserObjectTest {
  private static final String TABLE = "USE shop;\nCREATE TABLE t (a INT, b INT);\n";

  @ParameterizedTest
  @MethodSource
  void readsViews(String ddl, View expected) {
    Schema schema = DdlParser.parse(TABLE + ddl, MYSQL);
    assertThat(schema.views()).containsExactly(expected);
  }

  static Stream<Arguments> readsViews() {
    return Stream.of(
        argumentSet(
            "defaults: UNDEFINED, DEFINER security, no check option, unknown definer",
            "CREATE VIEW v AS SELECT a, b FROM t WHERE a > 1",
            new View("v", "select a, b from t where a > 1", "UNDEFINED", "DEFINER", "NONE", null)),
        argumentSet(
            "every option, qualifiers of the schema's own name dropped",
            """
            CREATE OR REPLACE ALGORITHM = MERGE DEFINER = `root`@`localhost` SQL SECURITY INVOKER
              VIEW IF NOT EXISTS shop.v (x, y) AS select `t`.`a` AS `a`, `t`.`b` AS `b`
              from `shop`.`t` WITH LOCAL CHECK OPTION""",
            new View(
                "v",
                "select t.a as a, t.b as b from t",
                "MERGE",
                "INVOKER",
                "LOCAL",
                "root@localhost")),
        argumentSet(
            "WITH CHECK OPTION is CASCADED, quoted-string definers",
            "CREATE DEFINER='app'@'%' VIEW v AS SELECT a FROM t WITH CHECK OPTION",
            new View("v", "select a from t", "UNDEFINED", "DEFINER", "CASCADED", "app@%")),
        argumentSet(
            "a version-commented mysqldump view replaces its placeholder",
            """
            /*!50001 CREATE VIEW `v` AS SELECT 1 AS `a` */;
            /*!50001 DROP VIEW IF EXISTS `v`*/;
            /*!50001 CREATE ALGORITHM=TEMPTABLE */
            /*!50013 DEFINER=root@localhost SQL SECURITY DEFINER */
            /*!50001 VIEW `v` AS select `t`.`a` AS `a` from `t` */""",
            new View(
                "v", "select t.a as a from t", "TEMPTABLE", "DEFINER", "NONE", "root@localhost")),
        argumentSet(
            "CURRENT_USER leaves the definer unknown",
            "CREATE DEFINER = CURRENT_USER() VIEW v AS SELECT 1",
            new View("v", "select 1", "UNDEFINED", "DEFINER", "NONE", null)));
  }

  @ParameterizedTest
  @MethodSource
  void readsTriggers(String ddl, Trigger expected) {
    Schema schema = DdlParser.parse(TABLE + ddl, MYSQL);
    assertThat(schema.triggers()).containsExactly(expected);
  }

  static Stream<Arguments> readsTriggers() {
    return Stream.of(
        argumentSet(
            "a one-statement trigger",
            "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.a = NEW.a + 1",
            new Trigger("t_bi", "t", "BEFORE", "INSERT", "set new.a = new.a + 1", null)),
        argumentSet(
            "a mysqldump trigger with definer, FOLLOWS and a compound body",
            """
            DELIMITER ;;
            /*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER IF NOT EXISTS
              `shop`.`t_au` AFTER UPDATE ON `t` FOR EACH ROW FOLLOWS other BEGIN
              -- keep b in step
              UPDATE t SET b = 1 WHERE a = NEW.a;
            END */;;
            DELIMITER ;""",
            new Trigger(
                "t_au",
                "t",
                "AFTER",
                "UPDATE",
                "begin update t set b = 1 where a = new.a; end",
                "root@localhost")));
  }

  @ParameterizedTest
  @MethodSource
  void readsRoutines(String ddl, Flavor flavor, Routine expected) {
    Schema schema = DdlParser.parse(ddl, flavor);
    assertThat(schema.routines()).containsExactly(expected);
  }

  static Stream<Arguments> readsRoutines() {
    return Stream.of(
        argumentSet(
            "a procedure: defaults NOT DETERMINISTIC, CONTAINS SQL, DEFINER",
            """
            DELIMITER //
            CREATE PROCEDURE p(IN x INT, OUT y VARCHAR(10))
            BEGIN
              SELECT 'a;b' INTO y; -- a comment; with a semicolon
            END //""",
            MYSQL,
            new Routine(
                "p",
                "PROCEDURE",
                "in x int, out y varchar(10)",
                null,
                "begin select 'a;b' into y; end",
                false,
                "CONTAINS SQL",
                "DEFINER",
                "",
                null)),
        argumentSet(
            "a function with every characteristic; a text return type gets its charset",
            """
            DELIMITER ;;
            CREATE DEFINER=`root`@`%` FUNCTION IF NOT EXISTS f(x INT) RETURNS VARCHAR(10)
              COMMENT 'hello' LANGUAGE SQL DETERMINISTIC READS SQL DATA SQL SECURITY INVOKER
              RETURN CONCAT('a', x) ;;
            DELIMITER ;""",
            MARIADB,
            new Routine(
                "f",
                "FUNCTION",
                "x int",
                "varchar(10) charset utf8mb4 collate utf8mb4_general_ci",
                "return concat('a', x)",
                true,
                "READS SQL DATA",
                "INVOKER",
                "hello",
                "root@%")),
        argumentSet(
            "a declared return charset takes its default collation; non-text types none",
            """
            CREATE FUNCTION f() RETURNS varchar(3) CHARSET latin1 NO SQL RETURN 'b';
            CREATE DATABASE d CHARACTER SET latin2;
            CREATE FUNCTION g() RETURNS INT(11) MODIFIES SQL DATA RETURN 1;
            DROP FUNCTION f""",
            MYSQL,
            new Routine(
                "g",
                "FUNCTION",
                "",
                "int",
                "return 1",
                false,
                "MODIFIES SQL DATA",
                "DEFINER",
                "",
                null)),
        argumentSet(
            "a return type without charset takes the schema's",
            """
            CREATE DATABASE d CHARACTER SET latin2;
            CREATE FUNCTION f() RETURNS TEXT NO SQL RETURN 'b'""",
            MYSQL,
            new Routine(
                "f",
                "FUNCTION",
                "",
                "text charset latin2 collate latin2_general_ci",
                "return 'b'",
                false,
                "NO SQL",
                "DEFINER",
                "",
                null)));
  }

  @ParameterizedTest
  @MethodSource
  void readsEvents(String ddl, Event expected) {
    Schema schema = DdlParser.parse(TABLE + ddl, MYSQL);
    assertThat(schema.events()).containsExactly(expected);
  }

  static Stream<Arguments> readsEvents() {
    return Stream.of(
        argumentSet(
            "defaults: NOT PRESERVE, ENABLE, no comment",
            "CREATE EVENT e ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DO DELETE FROM t",
            new Event(
                "e",
                "every 1 day starts '2030-01-01 00:00:00'",
                false,
                "ENABLED",
                "",
                "delete from t",
                null)),
        argumentSet(
            "every clause, mysqldump style",
            """
            DELIMITER ;;
            /*!50106 CREATE*/ /*!50117 DEFINER=`root`@`localhost`*/ /*!50106 EVENT IF NOT EXISTS
              `e` ON SCHEDULE AT '2030-01-01 00:00:00' + INTERVAL 1 HOUR ON COMPLETION PRESERVE
              DISABLE COMMENT 'c' DO BEGIN DELETE FROM t; END */ ;;
            DELIMITER ;""",
            new Event(
                "e",
                "at '2030-01-01 00:00:00' + interval 1 hour",
                true,
                "DISABLED",
                "c",
                "begin delete from t; end",
                "root@localhost")),
        argumentSet(
            "DISABLE ON SLAVE",
            "CREATE EVENT e ON SCHEDULE EVERY '1:30' HOUR_MINUTE ON COMPLETION NOT PRESERVE"
                + " DISABLE ON SLAVE DO DELETE FROM t",
            new Event(
                "e",
                "every '1:30' hour_minute",
                false,
                "SLAVESIDE_DISABLED",
                "",
                "delete from t",
                null)));
  }
}
