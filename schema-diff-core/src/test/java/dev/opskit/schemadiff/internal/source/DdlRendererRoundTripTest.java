package dev.opskit.schemadiff.internal.source;

import static dev.opskit.schemadiff.internal.source.Models.MARIADB;
import static dev.opskit.schemadiff.internal.source.Models.MYSQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.opskit.schemadiff.internal.render.DdlRenderer;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link DdlRenderer} prints reads back to the same model. */
class DdlRendererRoundTripTest {
  private static final String COMMON =
      """
      CREATE TABLE parent (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        code CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, UNIQUE KEY (code))
        ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=latin1 COMMENT='it''s "quoted"';
      CREATE TABLE child (
        id INT NOT NULL, parent_id BIGINT UNSIGNED, code CHAR(3) CHARACTER SET ascii,
        name VARCHAR(100) COLLATE utf8mb4_bin NOT NULL DEFAULT '' COMMENT 'the ''name''',
        price DECIMAL(10,2) DEFAULT '1.5', ratio DOUBLE DEFAULT 0.25, flags BIT(4) DEFAULT b'1010',
        kind ENUM('a','b''c') DEFAULT 'a', tags SET('x','y') NOT NULL, born DATE DEFAULT '2000-01-01',
        seen TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        body LONGTEXT, data BLOB, doubled INT AS (id * 2) STORED, yr YEAR, small TINYINT(1) DEFAULT 0,
        z INT(4) ZEROFILL, CHECK (price >= 0), CONSTRAINT name_set CHECK (name <> ''),
        PRIMARY KEY (id, born), KEY (parent_id), KEY by_name (name(10) DESC, id) COMMENT 'n',
        UNIQUE KEY u_code USING HASH (code, id), FULLTEXT KEY ft (body),
        CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,
        FOREIGN KEY (code) REFERENCES parent (code) ON UPDATE SET NULL)
        ENGINE=InnoDB ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8 STATS_PERSISTENT=1 CHECKSUM=1
        PARTITION BY RANGE COLUMNS (born) (PARTITION p_old VALUES LESS THAN ('2000-01-01')
          COMMENT 'old', PARTITION p_new VALUES LESS THAN (MAXVALUE));
      CREATE TABLE hashed (id INT, d DATE) ENGINE=MyISAM DATA DIRECTORY='/data/x y/'
        PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY LINEAR KEY (id)
        (PARTITION p0 VALUES LESS THAN (2000) (SUBPARTITION s0, SUBPARTITION s1),
         PARTITION p1 VALUES LESS THAN MAXVALUE (SUBPARTITION s2, SUBPARTITION s3));
      CREATE TABLE listed (id INT NOT NULL) PARTITION BY LIST (id)
        (PARTITION a VALUES IN (1, 2), PARTITION b VALUES IN (3));
      CREATE TABLE keyed (id INT PRIMARY KEY) PARTITION BY KEY () PARTITIONS 4;
      CREATE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY INVOKER VIEW v_child AS
        SELECT c.id, c.name FROM child c JOIN parent p ON p.id = c.parent_id WITH CHECK OPTION;
      CREATE VIEW v_plain AS SELECT 'a;b' AS x;
      DELIMITER ;;
      CREATE DEFINER=`app`@`%` TRIGGER child_bi BEFORE INSERT ON child FOR EACH ROW
        BEGIN SET NEW.name = UPPER(NEW.name); END;;
      CREATE PROCEDURE p_touch(IN p_id INT, OUT p_n INT) COMMENT 'touch' MODIFIES SQL DATA
        SQL SECURITY INVOKER BEGIN UPDATE child SET name = name WHERE id = p_id;
        SELECT COUNT(*) INTO p_n FROM child; END;;
      CREATE FUNCTION f_label(x INT) RETURNS VARCHAR(20) CHARSET latin1 DETERMINISTIC NO SQL
        RETURN CONCAT('#', x);;
      CREATE EVENT e_purge ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00'
        ON COMPLETION PRESERVE DISABLE COMMENT 'purge' DO DELETE FROM child WHERE id < 0;;
      CREATE EVENT e_once ON SCHEDULE AT '2030-01-01 00:00:00' DISABLE ON SLAVE DO SELECT 1;;
      DELIMITER ;
      """;

  @ParameterizedTest
  @MethodSource
  void readsRenderedSchemaBackToTheSameModel(String ddl, Flavor flavor) {
    Schema schema = DdlParser.parse(ddl, flavor);

    Schema reread = DdlParser.parse(DdlRenderer.schema(schema), flavor);

    assertThat(reread).isEqualTo(schema);
    assertThat(schema.tables()).hasSizeGreaterThan(4);
    assertThat(schema.views()).hasSize(2);
    assertThat(schema.triggers()).hasSize(1);
    assertThat(schema.routines()).hasSize(2);
    assertThat(schema.events()).hasSize(2);
  }

  static Stream<Arguments> readsRenderedSchemaBackToTheSameModel() {
    return Stream.of(
        argumentSet(
            "MySQL 8.0",
            COMMON
                + """
                CREATE TABLE modern (id INT, j JSON, g POINT NOT NULL SRID 4326, h INT INVISIBLE,
                  u VARCHAR(36) DEFAULT (uuid()), KEY fx ((id + 1)), SPATIAL KEY (g),
                  CHECK (id > 0) NOT ENFORCED, KEY hidden (h) INVISIBLE);""",
            MYSQL),
        argumentSet(
            "MariaDB 10.11",
            COMMON
                + """
                CREATE TABLE modern (id INT, j JSON, i INET6, u UUID DEFAULT uuid(),
                  v INT AS (id + 1) PERSISTENT, KEY hidden (id) IGNORED)
                  WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME INTERVAL 1 WEEK
                  STARTS '2030-01-01 00:00:00' (PARTITION h HISTORY, PARTITION c CURRENT);""",
            MARIADB));
  }
}
