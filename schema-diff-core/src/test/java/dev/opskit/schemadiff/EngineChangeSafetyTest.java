package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.opskit.schemadiff.migrate.MigrationStatement;
import dev.opskit.schemadiff.migrate.Safety;
import dev.opskit.schemadiff.model.Flavor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An ENGINE change is safe only into an engine that keeps every row on disk. */
class EngineChangeSafetyTest {
  private static final SchemaComparator MARIADB =
      SchemaComparator.builder().flavor(Flavor.MARIADB_10_11).build();

  static Stream<Arguments> engineChanges() {
    return Stream.of(
        argumentSet("InnoDB to MyISAM", "InnoDB", "MyISAM", "MyISAM", null),
        argumentSet("MyISAM to InnoDB", "MyISAM", "InnoDB", "InnoDB", null),
        argumentSet("InnoDB to Aria", "InnoDB", "Aria", "Aria", null),
        argumentSet("InnoDB to ARCHIVE", "InnoDB", "ARCHIVE", "ARCHIVE", null),
        argumentSet("MEMORY to InnoDB", "MEMORY", "InnoDB", "InnoDB", null),
        argumentSet("BLACKHOLE to InnoDB", "BLACKHOLE", "InnoDB", "InnoDB", null),
        // A BLACKHOLE table holds no rows, so no engine can lose them.
        argumentSet("BLACKHOLE to MEMORY", "BLACKHOLE", "MEMORY", "MEMORY", null),
        argumentSet("BLACKHOLE to MERGE", "BLACKHOLE", "MRG_MyISAM", "MRG_MyISAM", null),
        argumentSet("lower-case names", "innodb", "myisam", "myisam", null),
        argumentSet(
            "InnoDB to BLACKHOLE", "InnoDB", "BLACKHOLE", "BLACKHOLE", "discards every row"),
        argumentSet(
            "InnoDB to blackhole", "InnoDB", "blackhole", "BLACKHOLE", "discards every row"),
        argumentSet("InnoDB to MEMORY", "InnoDB", "MEMORY", "MEMORY", "server restarts"),
        argumentSet("MyISAM to HEAP", "MyISAM", "HEAP", "MEMORY", "server restarts"),
        argumentSet("InnoDB to CSV", "InnoDB", "CSV", "CSV", "as text"),
        argumentSet("MyISAM to MERGE", "MyISAM", "MRG_MyISAM", "MRG_MyISAM", "no rows of its own"),
        argumentSet("InnoDB to FEDERATED", "InnoDB", "FEDERATED", "FEDERATED", "another server"),
        argumentSet("InnoDB to an unknown engine", "InnoDB", "TokuDB", "TokuDB", "does not know"));
  }

  @ParameterizedTest
  @MethodSource("engineChanges")
  void classifiesEngineChanges(String from, String to, String shownAs, String unsafeBecause) {
    SchemaDiff diff =
        MARIADB.compare(
            SchemaSource.ddl("CREATE TABLE t (a int) ENGINE=" + from + ";"),
            SchemaSource.ddl("CREATE TABLE t (a int) ENGINE=" + to + ";"));

    List<MigrationStatement> statements =
        diff.migration(MigrationOptions.builder().allowUnsafe(true).build()).statements();

    assertThat(statements).hasSize(1);
    MigrationStatement statement = statements.get(0);
    assertThat(statement.sql()).containsIgnoringCase("ENGINE=" + shownAs);
    if (unsafeBecause == null) {
      assertThat(statement.safety()).as(statement.reason()).isEqualTo(Safety.SAFE);
      assertThat(diff.unsafeChanges()).isEmpty();
    } else {
      assertThat(statement.safety()).isEqualTo(Safety.UNSAFE);
      assertThat(statement.reason()).contains(shownAs).contains(unsafeBecause);
      assertThat(diff.unsafeChanges()).hasSize(1);
    }
  }
}
