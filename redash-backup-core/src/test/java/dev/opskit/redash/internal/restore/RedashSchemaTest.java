package dev.opskit.redash.internal.restore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Quoting that holds whatever standard_conforming_strings says. */
class RedashSchemaTest {

  @Test
  void literalsWithoutABackslashAreStandardStrings() {
    assertThat(RedashSchema.literal("x'y$$z\"q")).isEqualTo("'x''y$$z\"q'");
  }

  @Test
  void literalsWithABackslashAreEscapeStrings() {
    assertThat(RedashSchema.literal("a\\'b")).isEqualTo("E'a\\\\''b'");
  }

  @Test
  void identifiersDoubleTheirQuotes() {
    assertThat(RedashSchema.identifier("a\"b$$c'd")).isEqualTo("\"a\"\"b$$c'd\"");
  }
}
