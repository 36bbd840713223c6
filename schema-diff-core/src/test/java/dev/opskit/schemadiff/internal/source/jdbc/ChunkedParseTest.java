package dev.opskit.schemadiff.internal.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.model.Flavor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Texts parsed in chunks as they arrive give what one parse of the whole schema gives. */
class ChunkedParseTest {

  @Test
  void aForeignKeyToATableOfAnotherChunkGetsItsDeclaredColumnNames() {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put(
        "a_parent",
        "CREATE TABLE `a_parent` (`Id` int NOT NULL, `Code` varchar(10) NOT NULL,"
            + " PRIMARY KEY (`Id`), UNIQUE KEY `code` (`Code`)) ENGINE=InnoDB");
    for (int i = 0; i < ChunkedParse.CHUNK + 10; i++) {
      texts.put(
          "m" + i,
          "CREATE TABLE `m"
              + i
              + "` (`id` int NOT NULL, `v` varchar(20) DEFAULT NULL,"
              + " PRIMARY KEY (`id`)) ENGINE=InnoDB");
    }
    texts.put(
        "zz_child",
        "CREATE TABLE `zz_child` (`pid` int NOT NULL, `code` varchar(10) NOT NULL,"
            + " KEY `pid` (`pid`), KEY `code` (`code`),"
            + " CONSTRAINT `fk_parent` FOREIGN KEY (`pid`) REFERENCES `a_parent` (`id`),"
            + " CONSTRAINT `fk_code` FOREIGN KEY (`code`) REFERENCES `a_parent` (`code`),"
            + " CONSTRAINT `fk_m0` FOREIGN KEY (`pid`) REFERENCES `m0` (`ID`)) ENGINE=InnoDB");
    ShowCreateCheck.Parsed whole = ShowCreateCheck.parseAll("s", Flavor.MARIADB_10_11, texts);

    ShowCreateCheck.Parsed chunked;
    try (ChunkedParse parse = new ChunkedParse("s", Flavor.MARIADB_10_11)) {
      texts.forEach(parse::add);
      chunked = parse.finish();
    }

    assertThat(whole.tables().get("zz_child").foreignKeys())
        .flatExtracting(fk -> fk.referencedColumns())
        .containsExactlyInAnyOrder("Id", "Code", "id"); // declared names, as one parse gives
    assertThat(chunked.tables()).isEqualTo(whole.tables());
    assertThat(chunked.unmodeled()).isEqualTo(whole.unmodeled());
    assertThat(chunked.unreadable()).isEqualTo(whole.unreadable());
  }

  @Test
  void aTextItCannotParseIsReportedAsInOneParse() {
    Map<String, String> texts = new LinkedHashMap<>();
    for (int i = 0; i < ChunkedParse.CHUNK + 1; i++) {
      texts.put("t" + i, "CREATE TABLE `t" + i + "` (`id` int NOT NULL) ENGINE=InnoDB");
    }
    texts.put("broken", "CREATE TABLE `broken` (`id` int NOT NULL");
    ShowCreateCheck.Parsed whole = ShowCreateCheck.parseAll("s", Flavor.MYSQL_8_0, texts);

    ShowCreateCheck.Parsed chunked;
    try (ChunkedParse parse = new ChunkedParse("s", Flavor.MYSQL_8_0)) {
      texts.forEach(parse::add);
      chunked = parse.finish();
    }

    assertThat(chunked.unreadable()).containsOnlyKeys("broken").isEqualTo(whole.unreadable());
    assertThat(chunked.tables()).isEqualTo(whole.tables()).hasSize(ChunkedParse.CHUNK + 1);
  }
}
