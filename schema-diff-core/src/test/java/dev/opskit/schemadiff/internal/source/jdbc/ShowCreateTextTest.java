package dev.opskit.schemadiff.internal.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.internal.source.DdlParser;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Table;
import org.junit.jupiter.api.Test;

/** Setting a SHOW CREATE TABLE text's counter apart, and putting it back after the parse. */
class ShowCreateTextTest {
  private static final String MARIADB =
      "CREATE TABLE `t` (\n"
          + "  `id` int(11) NOT NULL AUTO_INCREMENT,\n"
          + "  `note` varchar(20) DEFAULT 'AUTO_INCREMENT=7' COMMENT 'x\\n) ENGINE=InnoDB"
          + " AUTO_INCREMENT=9 ',\n"
          + "  PRIMARY KEY (`id`)\n"
          + ") ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4"
          + " COLLATE=utf8mb4_general_ci COMMENT='AUTO_INCREMENT=3'";

  private static final String MYSQL =
      "CREATE TABLE `t` (\n"
          + "  `id` bigint NOT NULL AUTO_INCREMENT,\n"
          + "  `at` date NOT NULL,\n"
          + "  PRIMARY KEY (`id`,`at`)\n"
          + ") ENGINE=InnoDB AUTO_INCREMENT=1001 DEFAULT CHARSET=utf8mb4"
          + " COLLATE=utf8mb4_0900_ai_ci\n"
          + "/*!50100 PARTITION BY RANGE (year(`at`))\n"
          + "(PARTITION p2025 VALUES LESS THAN (2026) ENGINE = InnoDB,\n"
          + " PARTITION pmax VALUES LESS THAN MAXVALUE ENGINE = InnoDB) */";

  @Test
  void setsTheCounterOfTheOptionsLineApartAndNothingElse() {
    ShowCreateText text = ShowCreateText.of(MARIADB);

    assertThat(text.counter()).isEqualTo("42");
    assertThat(text.key()).isEqualTo(MARIADB.replace(" AUTO_INCREMENT=42", ""));
    assertThat(ShowCreateText.of(MARIADB.replace("=42", "=43")).key()).isEqualTo(text.key());
  }

  @Test
  void theParseOfTheKeyWithItsCounterIsTheParseOfTheText() {
    for (String[] c :
        new String[][] {{MARIADB, "10.11.19-MariaDB"}, {MYSQL, "8.0.31"}, {MYSQL, "9.7.4"}}) {
      Flavor flavor = Flavor.parse(c[1]);
      ShowCreateText text = ShowCreateText.of(c[0]);

      Table whole = DdlParser.parse(c[0] + ";\n", flavor).tables().get(0);
      Table apart = DdlParser.parse(text.key() + ";\n", flavor).tables().get(0);

      assertThat(text.counter()).as(c[1]).isNotNull();
      assertThat(apart.options()).as(c[1]).doesNotContainKey("AUTO_INCREMENT");
      assertThat(text.withCounter(apart)).as(c[1]).isEqualTo(whole);
    }
  }

  @Test
  void aTextWithoutCounterIsItsOwnKey() {
    String noCounter = MYSQL.replace(" AUTO_INCREMENT=1001", "");

    ShowCreateText text = ShowCreateText.of(noCounter);

    assertThat(text.key()).isEqualTo(noCounter);
    assertThat(text.counter()).isNull();
    Table table = DdlParser.parse(noCounter + ";\n", Flavor.MYSQL_8_0).tables().get(0);
    assertThat(text.withCounter(table)).isSameAs(table);
  }

  @Test
  void aCounterTheParserWouldDropStaysDropped() {
    String one = MYSQL.replace("AUTO_INCREMENT=1001", "AUTO_INCREMENT=1");
    ShowCreateText text = ShowCreateText.of(one);
    Table apart = DdlParser.parse(text.key() + ";\n", Flavor.MYSQL_8_0).tables().get(0);

    assertThat(text.counter()).isEqualTo("1");
    assertThat(text.withCounter(apart))
        .isEqualTo(DdlParser.parse(one + ";\n", Flavor.MYSQL_8_0).tables().get(0))
        .isSameAs(apart);
  }
}
