package dev.opskit.examples.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.schemadiff.SchemaDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaDiffExampleTest {

  @Test
  void comparesTheBundledDumpsWithoutLeavingThemInTheTempFolder() throws IOException {
    List<Path> before = entries(Path.of(System.getProperty("java.io.tmpdir")));

    SchemaDiff diff = SchemaDiffExample.compareBundledDumps();

    assertThat(diff.unifiedDiff()).contains("--- ").contains("+++ ");
    assertThat(entries(Path.of(System.getProperty("java.io.tmpdir"))))
        .as("the Tour runs it in long-lived JVMs: deleteOnExit would keep the copies until exit")
        .containsExactlyInAnyOrderElementsOf(before);
  }

  private static List<Path> entries(Path folder) throws IOException {
    Files.createDirectories(folder);
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.toList();
    }
  }
}
