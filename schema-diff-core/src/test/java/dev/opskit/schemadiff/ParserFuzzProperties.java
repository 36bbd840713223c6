package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.opskit.schemadiff.model.Flavor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * For any input up to 1 MB (random bytes or text, real dumps and fixtures cut, spliced and salted
 * with hostile tokens), {@link SchemaSource#ddl} reads a schema or throws a {@link
 * DdlParseException} with a place and a problem, within two seconds (issue 14, part 4).
 */
class ParserFuzzProperties {
  private static final int MAX_LENGTH = 1_000_000;
  private static final List<String> CORPUS = corpus();
  private static final List<String> HOSTILE =
      List.of(
          "(",
          ")",
          "'",
          "\"",
          "`",
          "/*",
          "/*!50100",
          "*/",
          "-- ",
          "#",
          ";",
          "DELIMITER ;;\n",
          ";;",
          "\\",
          ",",
          "CREATE TABLE",
          "CREATE",
          "ALTER TABLE t ADD",
          "DROP",
          "BEGIN",
          "END",
          "CASE",
          "PARTITION BY",
          "CHECK (",
          "DEFAULT",
          "AS (",
          "NOT",
          "-",
          "+",
          "OR",
          "||",
          "99999999999999999999999999999999999999",
          "1e999999999",
          "-1e-999999999",
          "DEFAULT 1e999999999",
          "DEFAULT -1e-999999999",
          "DECIMAL(65,30) DEFAULT 1e330",
          "0x",
          "x'",
          "b'2'",
          "`a\nb`",
          "\u0000",
          "\u2028",
          "\uFEFF",
          "\uD800",
          "é");
  private static final AtomicInteger TRIES = new AtomicInteger();
  private static final AtomicInteger PARSED = new AtomicInteger();
  private static final AtomicInteger REFUSED = new AtomicInteger();
  private static final AtomicLong MAX_NANOS = new AtomicLong();
  private static final AtomicInteger MAX_INPUT = new AtomicInteger();

  @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
  void readsOrRefusesAnyInputInBoundedTime(@ForAll("inputs") String input) {
    Flavor flavor = input.hashCode() % 2 == 0 ? Flavor.MYSQL_8_0 : Flavor.MARIADB_10_11;
    long start = System.nanoTime();
    String outcome =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2),
            () -> {
              try {
                SchemaSource.ddl(input).load(flavor);
                return "parsed";
              } catch (DdlParseException e) {
                assertThat(e.line()).isPositive();
                assertThat(e.column()).isPositive();
                assertThat(e.problem()).isNotBlank();
                assertThat(e.getMessage()).startsWith("ddl:" + e.line() + ":" + e.column() + ": ");
                return "refused";
              }
            },
            () -> "input of " + input.length() + " characters starting " + head(input));
    long nanos = System.nanoTime() - start;
    assertThat(outcome).isIn("parsed", "refused");
    TRIES.incrementAndGet();
    (outcome.equals("parsed") ? PARSED : REFUSED).incrementAndGet();
    MAX_NANOS.accumulateAndGet(nanos, Math::max);
    MAX_INPUT.accumulateAndGet(input.length(), Math::max);
  }

  @AfterContainer
  static void reportFigures() {
    // The figures for the issue's report: how many inputs, how they ended, the slowest one.
    System.out.printf(
        "ParserFuzzProperties: %d tries (%d read, %d refused), largest input %d characters,"
            + " slowest %d ms%n",
        TRIES.get(), PARSED.get(), REFUSED.get(), MAX_INPUT.get(), MAX_NANOS.get() / 1_000_000);
  }

  @Provide
  Arbitrary<String> inputs() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Arbitraries.randomValue(ParserFuzzProperties::mutatedDump)),
        net.jqwik.api.Tuple.of(1, Arbitraries.randomValue(ParserFuzzProperties::randomText)),
        net.jqwik.api.Tuple.of(1, Arbitraries.randomValue(ParserFuzzProperties::randomBytes)),
        net.jqwik.api.Tuple.of(1, Arbitraries.randomValue(ParserFuzzProperties::largeDump)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200)));
  }

  private static String mutatedDump(Random random) {
    return mutate(CORPUS.get(random.nextInt(CORPUS.size())), random, 1 + random.nextInt(6));
  }

  /** A dump repeated up to 1 MB, then mutated: large inputs that still look like SQL. */
  private static String largeDump(Random random) {
    String dump = CORPUS.get(random.nextInt(CORPUS.size()));
    int target = 1 + random.nextInt(MAX_LENGTH);
    StringBuilder out = new StringBuilder();
    while (out.length() + dump.length() <= target) {
      out.append(dump).append('\n');
    }
    return mutate(out.toString(), random, 1 + random.nextInt(4));
  }

  private static String randomText(Random random) {
    int length = random.nextInt(random.nextInt(10) == 0 ? MAX_LENGTH : 5_000) + 1;
    StringBuilder out = new StringBuilder(length);
    while (out.length() < length) {
      int r = random.nextInt(10);
      if (r < 3) {
        out.append(HOSTILE.get(random.nextInt(HOSTILE.size()))).append(' ');
      } else if (r < 6) {
        out.append((char) (32 + random.nextInt(95)));
      } else {
        out.appendCodePoint(random.nextInt(0x3000));
      }
    }
    return out.toString();
  }

  private static String randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(random.nextInt(10) == 0 ? MAX_LENGTH : 5_000) + 1];
    random.nextBytes(bytes);
    return new String(
        bytes, random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
  }

  private static String mutate(String text, Random random, int mutations) {
    StringBuilder out = new StringBuilder(text);
    for (int i = 0; i < mutations && out.length() > 0; i++) {
      int at = random.nextInt(out.length() + 1);
      switch (random.nextInt(7)) {
        case 0 -> out.setLength(at);
        case 1 -> out.insert(at, " " + HOSTILE.get(random.nextInt(HOSTILE.size())) + " ");
        case 2 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(200)));
        case 3 -> {
          int end = Math.min(out.length(), at + 1 + random.nextInt(2_000));
          if (out.length() + (end - at) <= MAX_LENGTH) {
            out.insert(end, out.substring(at, end));
          }
        }
        case 4 -> {
          int depth = 1 + random.nextInt(5_000);
          out.insert(at, "(".repeat(depth) + "a" + ")".repeat(random.nextInt(depth + 1)));
        }
        case 5 -> out.insert(at, "9".repeat(1 + random.nextInt(2_000)));
        default ->
            out.insert(
                at,
                String.join(" + ", java.util.Collections.nCopies(1 + random.nextInt(3_000), "a")));
      }
    }
    if (out.length() > MAX_LENGTH) {
      out.setLength(MAX_LENGTH);
    }
    return out.toString();
  }

  private static String head(String input) {
    return input.substring(0, Math.min(200, input.length()));
  }

  private static List<String> corpus() {
    try {
      List<String> texts = new ArrayList<>();
      for (String folder : List.of("/dumps", "/fixtures")) {
        Path dir = Path.of(ParserFuzzProperties.class.getResource(folder).toURI());
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.sorted().toList()) {
            texts.add(Files.readString(file, StandardCharsets.UTF_8));
          }
        }
      }
      return List.copyOf(texts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
