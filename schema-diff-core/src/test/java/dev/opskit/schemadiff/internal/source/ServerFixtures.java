package dev.opskit.schemadiff.internal.source;

import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * DDL the integration tests run on a real server, each with the MariaDB and the MySQL spelling (the
 * same text where both servers accept it). {@code ${definer}} stands for the account the tests
 * connect as, since the server prints it in views, triggers, routines and events. View bodies and
 * event schedules are written as the server prints them: it rewrites view queries, and fills in a
 * start time an event does not give.
 */
final class ServerFixtures {
  private ServerFixtures() {}

  static Stream<Arguments> fixtures() {
    return Stream.of(
        both(
            "column types",
            """
            CREATE TABLE t (a INTEGER(11) NOT NULL AUTO_INCREMENT, b BOOL DEFAULT TRUE,
              c NUMERIC(5,2) DEFAULT '1.5', d DOUBLE PRECISION DEFAULT 2,
              e CHARACTER VARYING(10) DEFAULT 'x', f NATIONAL CHAR(3), g NVARCHAR(4),
              h LONG VARCHAR, i LONG VARBINARY, j INT(5) UNSIGNED ZEROFILL,
              k ENUM('x','y') DEFAULT 'y', l SET('a','b') DEFAULT 'a,b', m YEAR DEFAULT 2020,
              n TIME(2) DEFAULT '10:00:00', o BIT(3) DEFAULT b'101', p BINARY(2) DEFAULT 'ab',
              q VARCHAR(5) DEFAULT _utf8mb4'q', r TINYTEXT, s MEDIUMBLOB, u REAL, v FLOAT(30),
              w DEC(4), x SMALLINT UNSIGNED, y MEDIUMINT, z CHAR, j2 JSON, KEY (a));
            CREATE TABLE s1 (s SERIAL);
            CREATE TABLE s2 (id INT SERIAL DEFAULT VALUE);"""),
        both(
            "character sets and collations",
            """
            CREATE TABLE t (a VARCHAR(5) CHARACTER SET utf8mb4, b VARCHAR(5) CHARSET utf8 COLLATE
              utf8_bin, c VARCHAR(5) COLLATE latin1_german1_ci, d CHAR(3) BINARY, e VARCHAR(3)
              ASCII, f VARCHAR(2) UNICODE, g TEXT CHARACTER SET utf8mb4 BINARY, h ENUM('a')
              CHARACTER SET latin2, i INT) DEFAULT CHARSET=latin1;
            CREATE TABLE u (a VARCHAR(3)) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
            CREATE TABLE v (a VARCHAR(3)) COLLATE latin1_bin;
            CREATE TABLE w (a VARCHAR(3) CHARACTER SET latin1, b VARCHAR(3))
              COLLATE latin1_danish_ci;"""),
        both(
            "defaults, ON UPDATE and comments",
            """
            CREATE TABLE t (a INT NOT NULL DEFAULT '3', b VARCHAR(5) NULL DEFAULT 'x',
              c INT DEFAULT -1, d DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE
              CURRENT_TIMESTAMP(3), e VARCHAR(36) DEFAULT (uuid()), f TIMESTAMP NOT NULL DEFAULT
              NOW() ON UPDATE NOW(), g INT DEFAULT (1 + 1), h BLOB DEFAULT ('y'),
              i DATE DEFAULT (CURDATE() + INTERVAL 1 DAY), j DECIMAL(6,3) DEFAULT 1.5,
              k DOUBLE DEFAULT '2.50', l DATETIME DEFAULT '2020-01-01 10:00:00',
              m TIMESTAMP(6) NULL DEFAULT NULL, n VARCHAR(9) DEFAULT '' COMMENT 'it''s "n"',
              o CHAR(2) NOT NULL COMMENT '');"""),
        both(
            "inline keys and AUTO_INCREMENT",
            """
            CREATE TABLE t (a INT PRIMARY KEY, b INT UNIQUE, c INT UNIQUE KEY NOT NULL,
              d INT AUTO_INCREMENT, KEY (d));
            CREATE TABLE u (a INT KEY);"""),
        argumentSet(
            "generated and invisible columns",
            """
            CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a+1) VIRTUAL,
              c INT AS (a*2) STORED, d INT AS (a) PERSISTENT, e INT INVISIBLE,
              f VARCHAR(10) AS (CONCAT('x', a)) VIRTUAL INVISIBLE);""",
            """
            CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a+1) VIRTUAL,
              c INT AS (a*2) STORED, d INT AS (a) STORED, e INT INVISIBLE,
              f VARCHAR(10) AS (CONCAT('x', a)) VIRTUAL INVISIBLE);"""),
        argumentSet(
            "checks",
            """
            CREATE TABLE t (a INT CHECK (a > 0), c INT, CHECK (c > 2), CONSTRAINT named
              CHECK (a < 100), CHECK (c < 50), CONSTRAINT CHECK (c <> 9), j JSON);""",
            """
            CREATE TABLE t (a INT CHECK (a > 0), b INT CONSTRAINT b_pos CHECK (b > 0) NOT ENFORCED,
              c INT, CHECK (c > 2), CONSTRAINT named CHECK (a < 100), CHECK (c < 50),
              CONSTRAINT CHECK (c <> 9), j JSON);"""),
        argumentSet(
            "indexes and their names",
            """
            CREATE TABLE t (a INT NOT NULL, b INT, c INT, d INT, v VARCHAR(20), txt TEXT,
              g POINT NOT NULL, KEY (a), KEY a_2 (b), KEY (a), UNIQUE (b, a), CONSTRAINT u1
              UNIQUE (c), CONSTRAINT u2 UNIQUE KEY u2idx (d), KEY k1 USING HASH (a),
              KEY k2 (a) USING BTREE COMMENT 'c2', INDEX k3 (v(10) DESC, a),
              KEY k4 (b) IGNORED, FULLTEXT KEY ft (txt), SPATIAL INDEX (g), FULLTEXT (v, txt),
              CONSTRAINT pk PRIMARY KEY USING BTREE (a, c));
            CREATE TABLE long_unique (txt TEXT, j JSON, UNIQUE (txt), UNIQUE KEY (j));
            CREATE TABLE whole (v VARCHAR(20), c CHAR(10), b VARBINARY(8), KEY (v(20)),
              KEY (c(10)), KEY (b(8)), KEY (v(5)));""",
            """
            CREATE TABLE t (a INT NOT NULL, b INT, c INT, d INT, v VARCHAR(20), txt TEXT,
              g POINT NOT NULL SRID 4326, KEY (a), KEY a_2 (b), KEY (a), UNIQUE (b, a),
              CONSTRAINT u1 UNIQUE (c), CONSTRAINT u2 UNIQUE KEY u2idx (d),
              KEY k1 USING HASH (a), KEY k2 (a) USING BTREE COMMENT 'c2',
              INDEX k3 (v(10) DESC, a), KEY k4 (b) INVISIBLE, FULLTEXT KEY ft (txt),
              SPATIAL INDEX (g), FULLTEXT (v, txt), KEY ((a + b)), KEY ((a * b)),
              CONSTRAINT pk PRIMARY KEY USING BTREE (a, c));"""),
        argumentSet(
            "MySQL 8 expressions, parsers, SRIDs and visibility",
            """
            CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(50), v JSON,
              u VARCHAR(36) DEFAULT (uuid()), q VARCHAR(20) DEFAULT (concat('it''s', 'x')),
              tag VARCHAR(20) AS (json_unquote(json_extract(v, '$.tag'))) VIRTUAL,
              body TEXT, hid INT INVISIBLE, pt POINT NOT NULL, vg INT AS (id + 1) VIRTUAL,
              KEY by_vg (vg), KEY by_name (name), FULLTEXT KEY ft (body), SPATIAL KEY sp (pt),
              KEY ign (name) IGNORED, CONSTRAINT c1 CHECK (name <> 'it''s'));""",
            """
            CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(50), v JSON,
              u VARCHAR(36) DEFAULT (uuid()), q VARCHAR(20) DEFAULT (concat('it''s', 'x')),
              tag VARCHAR(20) AS (v ->> '$.tag') VIRTUAL,
              body TEXT, hid INT INVISIBLE, pt POINT NOT NULL SRID 0, vg INT AS (id + 1) VIRTUAL,
              KEY by_vg (vg), KEY fn ((lower(name))), KEY by_name (name),
              KEY mv ((cast(v -> '$.tags' as char(10) array))),
              FULLTEXT KEY ft (body) WITH PARSER ngram, SPATIAL KEY sp (pt),
              KEY inv (name) INVISIBLE, CONSTRAINT c1 CHECK (name <> 'it''s'),
              CONSTRAINT c2 CHECK (id < 100) NOT ENFORCED);"""),
        both(
            "foreign keys and the indexes they need",
            """
            CREATE TABLE p (id INT PRIMARY KEY, x INT UNIQUE);
            CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, c INT, d INT, e INT,
              CONSTRAINT sym FOREIGN KEY idx (a) REFERENCES p (id),
              FOREIGN KEY fki (b) REFERENCES p (id) ON DELETE CASCADE ON UPDATE SET NULL,
              KEY c (d),
              FOREIGN KEY (c) REFERENCES p (x) MATCH SIMPLE ON UPDATE CASCADE,
              FOREIGN KEY (d) REFERENCES p (id) ON DELETE SET NULL, KEY dd (d, a),
              FOREIGN KEY (E) REFERENCES p (ID) ON DELETE NO ACTION ON UPDATE RESTRICT);
            CREATE TABLE self (id INT PRIMARY KEY, parent INT REFERENCES self (id),
              FOREIGN KEY (parent) REFERENCES self (id));"""),
        both(
            "ALTER TABLE, CREATE INDEX and DROP INDEX",
            """
            CREATE TABLE p (id INT PRIMARY KEY);
            CREATE TABLE t (a INT, b INT, FOREIGN KEY (a) REFERENCES p (id), CHECK (a > 0));
            ALTER TABLE t ADD COLUMN c INT AFTER a, ADD d INT FIRST, ADD INDEX (b),
              ADD UNIQUE (c), DISABLE KEYS;
            ALTER TABLE t ADD CONSTRAINT FOREIGN KEY (b) REFERENCES p (id),
              ADD CHECK (b > 0), ADD KEY ab (a, b);
            ALTER TABLE t ADD (e INT, f INT NOT NULL);
            ALTER TABLE t ENABLE KEYS;
            CREATE TABLE u (a INT, b INT, KEY old (b));
            ALTER TABLE u ADD FOREIGN KEY (a) REFERENCES p (id), ADD FOREIGN KEY (b) REFERENCES
              p (id);
            ALTER TABLE u ADD FOREIGN KEY (a) REFERENCES p (id);
            CREATE UNIQUE INDEX ua ON u (a) COMMENT 'z';
            CREATE INDEX ib ON u (b DESC);
            DROP INDEX old ON u;"""),
        both(
            "CREATE TABLE LIKE",
            """
            CREATE TABLE p (id INT PRIMARY KEY);
            CREATE TABLE t (id INT PRIMARY KEY, a INT CHECK (a > 0),
              FOREIGN KEY (a) REFERENCES p (id)) AUTO_INCREMENT=5 COMMENT 'x';
            CREATE TABLE u LIKE t;
            CREATE TABLE w (LIKE u);"""),
        both(
            "table options",
            """
            CREATE TABLE t (a INT) ENGINE=InnoDB ROW_FORMAT=DYNAMIC COMMENT='it''s' STATS_PERSISTENT=1
              AUTO_INCREMENT=5 PACK_KEYS=0 CHECKSUM=1 STATS_SAMPLE_PAGES=20
              DEFAULT CHARSET=latin1 COLLATE latin1_german1_ci;
            CREATE TABLE c (a INT) ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8;
            CREATE TABLE m1 (a INT) ENGINE=MyISAM DELAY_KEY_WRITE=1 MAX_ROWS=100 MIN_ROWS=1
              AVG_ROW_LENGTH=50;
            CREATE TABLE m2 (a INT) ENGINE=MyISAM;
            CREATE TABLE mm (a INT) ENGINE=MERGE UNION=(m1, m2) INSERT_METHOD=LAST;"""),
        argumentSet(
            "partitioning",
            """
            CREATE TABLE r (id INT, d DATE) PARTITION BY RANGE (YEAR(d)) (
              PARTITION p0 VALUES LESS THAN (2000) COMMENT 'old' ENGINE=InnoDB,
              PARTITION p1 VALUES LESS THAN MAXVALUE STORAGE ENGINE = InnoDB);
            CREATE TABLE l (a INT, c VARCHAR(5)) PARTITION BY LIST COLUMNS (c, a) (
              PARTITION x VALUES IN (('a', 1), ('b', 2)), PARTITION d DEFAULT);
            CREATE TABLE h (id INT) PARTITION BY LINEAR HASH (id) PARTITIONS 4;
            CREATE TABLE k (id INT PRIMARY KEY) PARTITION BY KEY ALGORITHM=2 () PARTITIONS 3;
            CREATE TABLE s (id INT, d DATE) PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY HASH (id)
              SUBPARTITIONS 2 (PARTITION p0 VALUES LESS THAN (2000),
              PARTITION p1 VALUES LESS THAN MAXVALUE);
            CREATE TABLE n (id INT, d DATE) PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY KEY (id)
              (PARTITION p0 VALUES LESS THAN (2000) (SUBPARTITION s0, SUBPARTITION s1),
               PARTITION p1 VALUES LESS THAN MAXVALUE (SUBPARTITION s2, SUBPARTITION s3));
            CREATE TABLE st (x INT) WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME INTERVAL 1 MONTH
              STARTS '2025-01-01 00:00:00' (PARTITION h HISTORY, PARTITION c CURRENT);
            CREATE TABLE sl (x INT) WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME LIMIT 1000;""",
            """
            CREATE TABLE r (id INT, d DATE) PARTITION BY RANGE (YEAR(d)) (
              PARTITION p0 VALUES LESS THAN (2000) COMMENT 'old' ENGINE=InnoDB,
              PARTITION p1 VALUES LESS THAN MAXVALUE STORAGE ENGINE = InnoDB);
            CREATE TABLE l (a INT, c VARCHAR(5)) PARTITION BY LIST COLUMNS (c, a) (
              PARTITION x VALUES IN (('a', 1), ('b', 2)), PARTITION y VALUES IN (('c', 3)));
            CREATE TABLE h (id INT) PARTITION BY LINEAR HASH (id) PARTITIONS 4;
            CREATE TABLE k (id INT PRIMARY KEY) PARTITION BY KEY ALGORITHM=2 () PARTITIONS 3;
            CREATE TABLE s (id INT, d DATE) PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY HASH (id)
              SUBPARTITIONS 2 (PARTITION p0 VALUES LESS THAN (2000),
              PARTITION p1 VALUES LESS THAN MAXVALUE);
            CREATE TABLE n (id INT, d DATE) PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY KEY (id)
              (PARTITION p0 VALUES LESS THAN (2000) (SUBPARTITION s0, SUBPARTITION s1),
               PARTITION p1 VALUES LESS THAN MAXVALUE (SUBPARTITION s2, SUBPARTITION s3));"""),
        both(
            "views",
            """
            CREATE TABLE t (a INT, b INT);
            CREATE ALGORITHM=MERGE DEFINER=${definer} SQL SECURITY INVOKER VIEW v1 AS
              select `t`.`a` AS `a`,`t`.`b` AS `b` from `t` WITH LOCAL CHECK OPTION;
            CREATE DEFINER=${definer} VIEW v2 AS select `t`.`a` AS `a` from `t`
              WITH CHECK OPTION;
            CREATE ALGORITHM=TEMPTABLE DEFINER=${definer} VIEW v3 AS select 1 AS `x`;"""),
        both(
            "triggers",
            """
            CREATE TABLE t (a INT, b INT);
            CREATE DEFINER=${definer} TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW
              SET NEW.a = NEW.a + 1;
            DELIMITER //
            CREATE DEFINER=${definer} TRIGGER t_bi2 BEFORE INSERT ON t FOR EACH ROW FOLLOWS t_bi
            BEGIN
              -- keep b in step; with a semicolon
              SET NEW.b = NEW.a * 2;
            END//
            CREATE DEFINER=${definer} TRIGGER t_ad AFTER DELETE ON t FOR EACH ROW
              INSERT INTO t VALUES (OLD.a, 'x;y')//
            DELIMITER ;"""),
        both(
            "procedures and functions",
            """
            CREATE TABLE t (a INT, b VARCHAR(10));
            DELIMITER ;;
            CREATE DEFINER=${definer} PROCEDURE p1(IN x INT, OUT y VARCHAR(10))
              COMMENT 'hello' DETERMINISTIC READS SQL DATA
            BEGIN
              SELECT b INTO y FROM t WHERE a = x;
            END;;
            CREATE DEFINER=${definer} PROCEDURE p2() SQL SECURITY INVOKER MODIFIES SQL DATA
              DELETE FROM t;;
            CREATE DEFINER=${definer} FUNCTION f1(x INT) RETURNS varchar(10) NO SQL
              RETURN CONCAT('a', x);;
            CREATE DEFINER=${definer} FUNCTION f2(x INT) RETURNS varchar(10) CHARSET latin1
              DETERMINISTIC RETURN 'b';;
            CREATE DEFINER=${definer} FUNCTION f3() RETURNS INT(11) DETERMINISTIC
              CONTAINS SQL LANGUAGE SQL RETURN 1;;
            DELIMITER ;"""),
        both(
            "events",
            """
            CREATE TABLE t (a INT);
            CREATE DEFINER=${definer} EVENT e1 ON SCHEDULE EVERY 1 DAY
              STARTS '2030-01-01 00:00:00' DO DELETE FROM t;
            CREATE DEFINER=${definer} EVENT e2 ON SCHEDULE AT '2030-01-01 00:00:00'
              ON COMPLETION PRESERVE DISABLE COMMENT 'c' DO DELETE FROM t;
            CREATE DEFINER=${definer} EVENT e3 ON SCHEDULE EVERY '1:30' HOUR_MINUTE
              STARTS '2030-01-01 00:00:00' ENDS '2031-01-01 00:00:00' DISABLE ON SLAVE
              DO DELETE FROM t;"""));
  }

  private static Arguments both(String name, String ddl) {
    return argumentSet(name, ddl, ddl);
  }
}
