package dev.opskit.schemadiff.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump of 10,000 tables with data reads in a 256 MB heap: statements are tokenized one at a time
 * and INSERTs are skipped unread.
 */
class LargeDumpTest {

  @Test
  void readsATenThousandTableDumpInA256MegabyteHeap(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path dump = dir.resolve("large.sql");
    LargeDumpMain.write(dump, 10_000);
    assertThat(Files.size(dump)).isGreaterThan(50_000_000L);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    LargeDumpMain.class.getName(),
                    dump.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);

    assertThat(finished).as("the reader finishes").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("tables=10000 indexes=30000 foreignKeys=9999");
  }
}
