package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.testing.db.DatabaseEngine;
import dev.opskit.testing.db.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every fixture: the model read live from the server equals the model parsed from that schema's
 * {@code mysqldump --no-data} output, which equals the model parsed from the fixture's own DDL.
 */
class SourceEquivalenceIT {
  @TempDir Path temp;

  @TestFactory
  Stream<DynamicTest> liveDumpAndDdlGiveTheSameModel() throws IOException, URISyntaxException {
    Path fixtures = Path.of(getClass().getResource("/fixtures").toURI());
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(fixtures)) {
      for (Path fixture : files.sorted().toList()) {
        tests.add(DynamicTest.dynamicTest(fixture.getFileName().toString(), () -> check(fixture)));
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(5);
    return tests.stream();
  }

  private void check(Path fixture) throws Exception {
    try (TestDatabase db =
        TestDatabase.create(DatabaseEngine.MYSQL, fixture.getFileName().toString())) {
      String ddl = Files.readString(fixture, StandardCharsets.UTF_8);
      run(db, fixture, client("mariadb", "mysql"), "--database=" + db.name());
      Path dump = temp.resolve(db.name() + ".sql");
      run(
          db,
          null,
          client("mariadb-dump", "mysqldump"),
          "--no-data",
          "--routines",
          "--events",
          "--triggers",
          "--result-file=" + dump,
          db.name());

      SchemaSource live = SchemaSource.jdbc(db.dataSource(), db.name());
      Flavor flavor = live.flavor().orElseThrow();
      SchemaComparator strict =
          SchemaComparator.builder()
              .flavor(flavor)
              .compareTableOption(TableOption.AUTO_INCREMENT)
              .build();
      SchemaSource fromDump = SchemaSource.dumpFile(dump);
      SchemaSource fromDdl = SchemaSource.ddl(ddl);

      SchemaDiff liveVsDump = strict.compare(live, fromDump);
      SchemaDiff liveVsDdl = strict.compare(live, fromDdl);

      assertThat(liveVsDump.isEmpty()).as("live vs dump:%n%s", liveVsDump.unifiedDiff()).isTrue();
      assertThat(liveVsDdl.isEmpty()).as("live vs DDL:%n%s", liveVsDdl.unifiedDiff()).isTrue();
      Schema liveModel = live.load(flavor);
      assertThat(fromDump.load(flavor).tables()).isEqualTo(liveModel.tables());
      assertThat(fromDdl.load(flavor).tables()).isEqualTo(liveModel.tables());
    }
  }

  private static void run(TestDatabase db, Path input, String command, String... args)
      throws IOException, InterruptedException {
    List<String> line =
        new ArrayList<>(
            List.of(
                command,
                "--protocol=TCP",
                "--host=" + db.server().host(),
                "--port=" + db.server().port(),
                "--user=" + db.user()));
    if (!db.password().isEmpty()) {
      line.add("--password=" + db.password());
    }
    line.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
    if (input != null) {
      builder.redirectInput(input.toFile());
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(process.exitValue()).as("%s failed:%n%s", command, output).isZero();
  }

  /** The MariaDB client's name, or MySQL's. */
  private static String client(String mariadb, String mysql) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, mariadb))) {
        return mariadb;
      }
    }
    return mysql;
  }
}
