package dev.opskit.testing.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DatabaseNamesTest {

  @Property
  void everyHintGivesAValidUnquotedIdentifier(@ForAll String hint, @ForAll long seed) {
    String name = DatabaseNames.forTest(hint, new SplittableRandom(seed));

    assertThat(name)
        .startsWith(DatabaseNames.PREFIX)
        .matches("[a-z0-9_]+")
        .doesNotContain("__")
        .hasSizeLessThanOrEqualTo(DatabaseNames.MAX_LENGTH);
  }

  @Property
  void keepsTheHintReadable(@ForAll("testNames") String hint) {
    String name = DatabaseNames.forTest(hint, new SplittableRandom(1));

    assertThat(name)
        .startsWith(
            DatabaseNames.thisJvmPrefix() + hint.toLowerCase(Locale.ROOT).replace('.', '_'));
  }

  @Provide
  Arbitrary<String> testNames() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .ofMinLength(1)
        .ofMaxLength(20)
        .list()
        .ofMinSize(1)
        .ofMaxSize(2)
        .map(words -> String.join(".", words));
  }
}
