package dev.opskit.schemadiff.internal.source;

import static dev.opskit.schemadiff.internal.source.Models.MARIADB;
import static dev.opskit.schemadiff.internal.source.Models.MYSQL;
import static dev.opskit.schemadiff.internal.source.Models.parseTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Partition;
import dev.opskit.schemadiff.model.Partitioning;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table options and partitioning. */
class DdlParserOptionTest {

  @ParameterizedTest
  @MethodSource
  void readsTableOptions(String ddl, Flavor flavor, Map<String, String> expected) {
    assertThat(parseTable(ddl, flavor, "t").options()).isEqualTo(expected);
  }

  static Stream<Arguments> readsTableOptions() {
    return Stream.of(
        argumentSet(
            "multi-word names, optional = and commas",
            """
            CREATE TABLE t (a INT AUTO_INCREMENT KEY) ENGINE = MyISAM, DEFAULT CHARACTER SET = latin1 COLLATE
              latin1_german1_ci COMMENT 'hello' ROW_FORMAT=dynamic STATS_PERSISTENT=1,
              DATA DIRECTORY='/tmp/' INDEX DIRECTORY = '/var/tmp/' AUTO_INCREMENT=5 PACK_KEYS 0""",
            MYSQL,
            Map.of(
                "ENGINE", "MyISAM",
                "DEFAULT CHARSET", "latin1",
                "COLLATE", "latin1_german1_ci",
                "COMMENT", "hello",
                "ROW_FORMAT", "DYNAMIC",
                "STATS_PERSISTENT", "1",
                "DATA_DIRECTORY", "/tmp/",
                "INDEX_DIRECTORY", "/var/tmp/",
                "AUTO_INCREMENT", "5",
                "PACK_KEYS", "0")),
        argumentSet(
            "a charset alone takes its default collation",
            "CREATE TABLE t (a INT) CHARSET utf8",
            MARIADB,
            Map.of(
                "ENGINE", "InnoDB",
                "DEFAULT CHARSET", "utf8mb3",
                "COLLATE", "utf8mb3_general_ci")),
        argumentSet(
            "no AUTO_INCREMENT counter without an AUTO_INCREMENT column",
            "CREATE TABLE t (a INT) AUTO_INCREMENT=5",
            MYSQL,
            Map.of(
                "ENGINE", "InnoDB",
                "DEFAULT CHARSET", "utf8mb4",
                "COLLATE", "utf8mb4_0900_ai_ci")),
        argumentSet(
            "no AUTO_INCREMENT counter of 1",
            "CREATE TABLE t (a INT AUTO_INCREMENT KEY) AUTO_INCREMENT=1",
            MYSQL,
            Map.of(
                "ENGINE", "InnoDB",
                "DEFAULT CHARSET", "utf8mb4",
                "COLLATE", "utf8mb4_0900_ai_ci")),
        argumentSet(
            "MERGE tables list their UNION",
            "CREATE TABLE t (a INT) ENGINE=MERGE UNION=(t1, `t2`) INSERT_METHOD=LAST",
            MYSQL,
            Map.of(
                "ENGINE", "MRG_MyISAM",
                "DEFAULT CHARSET", "utf8mb4",
                "COLLATE", "utf8mb4_0900_ai_ci",
                "UNION", "(`t1`,`t2`)",
                "INSERT_METHOD", "LAST")),
        argumentSet(
            "version comments, engine-defined options and system versioning",
            """
            CREATE TABLE t (a INT) ENGINE=InnoDB /*!50100 TABLESPACE `innodb_system` */
              PAGE_COMPRESSED=1 `ENCRYPTED`='YES' WITH SYSTEM VERSIONING""",
            MARIADB,
            Map.of(
                "ENGINE", "InnoDB",
                "DEFAULT CHARSET", "utf8mb4",
                "COLLATE", "utf8mb4_general_ci",
                "TABLESPACE", "innodb_system",
                "PAGE_COMPRESSED", "1",
                "ENCRYPTED", "YES",
                "WITH_SYSTEM_VERSIONING", "YES")));
  }

  @ParameterizedTest
  @MethodSource
  void readsPartitioning(String ddl, Flavor flavor, Partitioning expected) {
    assertThat(parseTable(ddl, flavor, "t").partitioning()).isEqualTo(expected);
  }

  static Stream<Arguments> readsPartitioning() {
    return Stream.of(
        argumentSet(
            "RANGE with MAXVALUE, comments and per-partition engines",
            """
            CREATE TABLE t (id INT, d DATE) PARTITION BY RANGE (YEAR(d)) (
              PARTITION p0 VALUES LESS THAN (2000) COMMENT 'old' ENGINE=InnoDB,
              PARTITION p1 VALUES LESS THAN MAXVALUE STORAGE ENGINE = InnoDB MAX_ROWS = 10)""",
            MYSQL,
            new Partitioning(
                "RANGE",
                "year(`d`)",
                0,
                null,
                null,
                0,
                List.of(
                    new Partition("p0", "LESS THAN (2000)", "old", List.of()),
                    Partition.of("p1", "LESS THAN MAXVALUE")))),
        argumentSet(
            "RANGE COLUMNS and LIST COLUMNS with a DEFAULT partition",
            """
            CREATE TABLE t (a INT, c VARCHAR(5)) PARTITION BY LIST COLUMNS (c, a) (
              PARTITION x VALUES IN (('a', 1), ('b', 2)), PARTITION d DEFAULT)""",
            MARIADB,
            new Partitioning(
                "LIST COLUMNS",
                "`c`,`a`",
                2,
                null,
                null,
                0,
                List.of(Partition.of("x", "IN (('a',1),('b',2))"), Partition.of("d", "DEFAULT")))),
        argumentSet(
            "LINEAR HASH with a partition count, in a version comment",
            "CREATE TABLE t (id INT) /*!50100 PARTITION BY LINEAR HASH (id) PARTITIONS 4 */",
            MYSQL,
            new Partitioning("LINEAR HASH", "`id`", 4, null, null, 0, List.of())),
        argumentSet(
            "KEY with ALGORITHM and default partition names",
            """
            CREATE TABLE t (id INT PRIMARY KEY) PARTITION BY KEY ALGORITHM=2 ()
              (PARTITION p0, PARTITION p1, PARTITION p2)""",
            MYSQL,
            new Partitioning("KEY", "", 3, null, null, 0, List.of())),
        argumentSet(
            "subpartitions by count",
            """
            CREATE TABLE t (id INT, d DATE) PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY HASH (id)
              SUBPARTITIONS 2 (PARTITION p0 VALUES LESS THAN (2000),
              PARTITION p1 VALUES LESS THAN MAXVALUE)""",
            MYSQL,
            new Partitioning(
                "RANGE",
                "year(d)",
                2,
                "HASH",
                "id",
                2,
                List.of(
                    Partition.of("p0", "LESS THAN (2000)"),
                    Partition.of("p1", "LESS THAN MAXVALUE")))),
        argumentSet(
            "named subpartitions",
            """
            CREATE TABLE t (id INT, d DATE) PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY KEY (id)
              (PARTITION p0 VALUES LESS THAN (2000) (SUBPARTITION s0 ENGINE InnoDB, SUBPARTITION s1),
               PARTITION p1 VALUES LESS THAN MAXVALUE (SUBPARTITION s2, SUBPARTITION s3))""",
            MYSQL,
            new Partitioning(
                "RANGE",
                "year(d)",
                2,
                "KEY",
                "`id`",
                2,
                List.of(
                    new Partition("p0", "LESS THAN (2000)", "", List.of("s0", "s1")),
                    new Partition("p1", "LESS THAN MAXVALUE", "", List.of("s2", "s3"))))),
        argumentSet(
            "MariaDB SYSTEM_TIME by interval, STARTS TIMESTAMP'...' read as the literal",
            """
            CREATE TABLE t (x INT) WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME INTERVAL 1 MONTH
              STARTS TIMESTAMP'2025-01-01 00:00:00' (PARTITION p0 HISTORY, PARTITION pn CURRENT)""",
            MARIADB,
            new Partitioning(
                "SYSTEM_TIME",
                "INTERVAL 1 MONTH STARTS '2025-01-01 00:00:00'",
                2,
                null,
                null,
                0,
                List.of(Partition.of("p0", "HISTORY"), Partition.of("pn", "CURRENT")))),
        argumentSet(
            "MariaDB SYSTEM_TIME by limit has two partitions unless told",
            "CREATE TABLE t (x INT) WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME LIMIT 1000",
            MARIADB,
            new Partitioning("SYSTEM_TIME", "limit 1000", 2, null, null, 0, List.of())));
  }
}
