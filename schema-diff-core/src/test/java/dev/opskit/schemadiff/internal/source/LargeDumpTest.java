package dev.opskit.schemadiff.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump of 10,000 tables with data reads in a 256 MB heap: statements are tokenized one at a time
 * and INSERTs are skipped unread. Fifty megabytes of garbage, of random text or in one statement
 * fail there with a {@link dev.opskit.schemadiff.DdlParseException}, not out of memory.
 */
class LargeDumpTest {

  @Test
  void readsATenThousandTableDumpInA256MegabyteHeap(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path dump = dir.resolve("large.sql");
    LargeDumpMain.write(dump, 10_000);
    assertThat(Files.size(dump)).isGreaterThan(50_000_000L);

    String output = runInSmallHeap(dump, dir);

    assertThat(output).contains("tables=10000 indexes=30000 foreignKeys=9999");
  }

  @Test
  void refusesFiftyMegabytesOfRandomTextAtItsFirstWord(@TempDir Path dir) throws Exception {
    Random random = new Random(14);
    StringBuilder text = new StringBuilder();
    while (text.length() < 50_000_000) {
      // Any Latin-1 character, control characters, quotes and semicolons included. (Text mostly
      // outside Latin-1 takes twice the memory as a Java string: 50 MB of it needs a larger heap
      // just to be decoded.)
      text.append((char) (1 + random.nextInt(255)));
    }
    Path file = dir.resolve("random.txt");
    Files.writeString(file, "  \n" + "}" + text, StandardCharsets.UTF_8);
    assertThat(Files.size(file)).isGreaterThan(50_000_000L);

    String output = runInSmallHeap(file, dir, "load");

    assertThat(output).contains("DdlParseException line=2 column=1 found '}', expected CREATE");
  }

  @Test
  void refusesFiftyMegabytesOfTextOutsideLatinOne(@TempDir Path dir) throws Exception {
    // Two bytes a character as a Java string, so decoding takes about three times the file.
    Random random = new Random(15);
    Path file = dir.resolve("cyrillic.txt");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("\n\n  \u0416");
      char[] chunk = new char[1 << 16];
      for (long chars = 0; chars < 27_000_000L; chars += chunk.length) {
        for (int i = 0; i < chunk.length; i++) {
          chunk[i] =
              (char)
                  (random.nextInt(10) == 0
                      ? 32 + random.nextInt(95)
                      : 0x400 + random.nextInt(0x100));
        }
        out.write(chunk);
      }
    }
    assertThat(Files.size(file)).isGreaterThan(50_000_000L);

    String output = runInSmallHeap(file, dir, "load");

    assertThat(output).contains("DdlParseException line=3 column=3 found '\u0416");
  }

  @Test
  void refusesFiftyMegabytesOfRandomBytes(@TempDir Path dir) throws Exception {
    byte[] bytes = new byte[50_000_000];
    new Random(14).nextBytes(bytes);
    Path file = dir.resolve("random.bin");
    Files.write(file, bytes);

    String output = runInSmallHeap(file, dir, "load");

    // Not UTF-8: the source says it cannot read the file, before any parsing.
    assertThat(output).contains("SchemaReadException cannot read dump file " + file);
  }

  @Test
  void refusesAFiftyMegabyteStatementBeforeTokenizingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("wide.sql");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("-- Server version\t8.0.36\n\nCREATE TABLE `wide` (\n");
      long written = 0;
      for (int i = 0; written < 50_000_000L; i++) {
        String column = "  `c" + i + "` varchar(20) NOT NULL DEFAULT '',\n";
        out.write(column);
        written += column.length();
      }
      out.write("  `last` int\n) ENGINE=InnoDB;\n");
    }
    assertThat(Files.size(file)).isGreaterThan(50_000_000L);

    String output = runInSmallHeap(file, dir, "load");

    assertThat(output)
        .contains("DdlParseException line=3 column=1 this statement is")
        .contains("characters long, more than the 16777216 a statement may have");
  }

  @Test
  void refusesStatementsOfTooManyTokensInASmallHeap(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("parentheses.sql");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int statement = 0; statement < 4; statement++) {
        // Just under the length limit, one token a character: far over the token limit.
        out.write("CREATE TABLE t" + statement + " (a INT CHECK (");
        out.write("(".repeat(7_000_000));
        out.write("a > 0" + ")".repeat(7_000_000) + "));\n");
      }
    }
    assertThat(Files.size(file)).isGreaterThan(50_000_000L);

    String output = runInSmallHeap(file, dir, "load");

    assertThat(output)
        .contains("DdlParseException line=1 column=500023 ")
        .contains("the statement has more than 500000 tokens");
  }

  /** Runs {@link LargeDumpMain} on a file in a JVM with a 256 MB heap and returns its output. */
  private static String runInSmallHeap(Path file, Path dir, String... mode)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    command.addAll(
        List.of(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            LargeDumpMain.class.getName(),
            file.toString()));
    command.addAll(List.of(mode));
    Process process =
        new ProcessBuilder(command)
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
    return output;
  }
}
