package dev.opskit.redash.internal.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The two quotings names get outside SQL, each parsed back by a reference parser and, for the
 * shell, by a real {@code sh}: whatever the name, the parser gets the name back.
 */
class PgNamesTest {

  @Provide
  Arbitrary<String> nasty() {
    return Arbitraries.strings()
        .withChars("'\"\\$`;&|=() \n\t*?~#!{}-")
        .withCharRange('a', 'e')
        .withChars('é', '数', '\u007f', '\u0001')
        .ofMinLength(0)
        .ofMaxLength(30);
  }

  @Property(tries = 1000)
  void shellQuotingGivesBackExactlyOneWord(@ForAll("nasty") String argument) {
    assertThat(posixWords(PgNames.shellQuote(argument) + " " + PgNames.shellQuote("next")))
        .containsExactly(argument, "next");
  }

  @Property(tries = 60)
  void aRealShellGetsTheArgumentBack(@ForAll("nasty") String argument) throws Exception {
    // As the remote side of ssh gets it: one command line, parsed by sh. printf %s prints its
    // argument as it is (only a format or %b would read backslash escapes).
    Process sh =
        new ProcessBuilder("sh", "-c", "printf %s " + PgNames.shellQuote(argument))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(out).isEqualTo(argument);
  }

  @Property(tries = 1000)
  void conninfoQuotingGivesBackTheValue(@ForAll("nasty") String value) {
    assertThat(conninfo("dbname=" + PgNames.conninfoQuote(value) + " host=x"))
        .containsExactly("dbname", value, "host", "x");
  }

  @Property(tries = 500)
  void derivedNamesFitAndKeepTheirSuffix(@ForAll("nasty") String base) {
    String suffix = "_restore_20260101_000000";
    String longBase = base + "数据".repeat(20) + "🚀".repeat(5);

    String derived = PgNames.withSuffix(longBase, suffix);

    assertThat(derived).endsWith(suffix);
    assertThat(longBase).startsWith(derived.substring(0, derived.length() - suffix.length()));
    assertThat(derived.getBytes(StandardCharsets.UTF_8).length).isBetween(MIN_FILL, 63);
    assertThat(PgNames.withSuffix("redash", suffix)).isEqualTo("redash" + suffix);
  }

  /** At worst a 4-byte character did not fit in the room left. */
  private static final int MIN_FILL = 60;

  /** The words a POSIX shell makes of quoted words: only single quotes and \' between them. */
  private static List<String> posixWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        word = word == null ? new StringBuilder() : word;
        int end = line.indexOf('\'', i + 1);
        assertThat(end).as("unterminated quote in %s", line).isPositive();
        word.append(line, i + 1, end);
        i = end;
      } else if (c == '\\') {
        word = word == null ? new StringBuilder() : word;
        word.append(line.charAt(++i));
      } else if (c == ' ') {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        throw new AssertionError("unquoted " + c + " in " + line);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  /** libpq's conninfo parser (conninfo_parse): keyword = value, value bare or in single quotes. */
  private static List<String> conninfo(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) == ' ') {
        i++;
        continue;
      }
      int eq = text.indexOf('=', i);
      out.add(text.substring(i, eq).strip());
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (text.charAt(i) == '\'') {
        i++;
        while (text.charAt(i) != '\'') {
          if (text.charAt(i) == '\\') {
            i++;
          }
          value.append(text.charAt(i++));
        }
        i++;
      } else {
        while (i < text.length() && text.charAt(i) != ' ') {
          if (text.charAt(i) == '\\') {
            i++;
          }
          value.append(text.charAt(i++));
        }
      }
      out.add(value.toString());
    }
    return out;
  }
}
