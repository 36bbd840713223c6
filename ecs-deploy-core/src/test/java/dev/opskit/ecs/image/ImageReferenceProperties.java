package dev.opskit.ecs.image;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ImageReferenceProperties {

  @Property(tries = 500)
  void formattingThenParsingGivesTheSameReference(@ForAll("references") ImageReference ref) {
    assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
  }

  @Property(tries = 200)
  void retaggingKeepsRegistryAndRepository(
      @ForAll("references") ImageReference ref, @ForAll("tags") String tag) {
    ImageReference retagged = ImageReference.parse(ref.withTag(tag).toString());

    assertThat(retagged.registry()).isEqualTo(ref.registry());
    assertThat(retagged.repository()).isEqualTo(ref.repository());
    assertThat(retagged.tag()).isEqualTo(tag);
    assertThat(retagged.digest()).isNull();
  }

  @Provide
  Arbitrary<ImageReference> references() {
    Arbitrary<String> host =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .ofMinLength(1)
            .ofMaxLength(8)
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(parts -> String.join(".", parts));
    Arbitrary<String> registry =
        Combinators.combine(
                host,
                Arbitraries.integers().between(1, 65535).injectNull(0.5),
                Arbitraries.of(true, false))
            .as(
                (h, port, dotted) -> {
                  String name = port == null && !h.contains(".") ? h + ".io" : h;
                  return port == null ? name : name + ":" + port;
                })
            .injectNull(0.3);
    Arbitrary<String> component =
        Combinators.combine(
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .numeric()
                    .ofMinLength(1)
                    .ofMaxLength(6),
                Arbitraries.of("", ".", "_", "__", "-", "--"),
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .numeric()
                    .ofMinLength(1)
                    .ofMaxLength(6))
            .as((a, sep, b) -> sep.isEmpty() ? a : a + sep + b);
    Arbitrary<String> repository =
        component.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("/", parts));
    Arbitrary<String> digest =
        Arbitraries.strings()
            .withChars("0123456789abcdef")
            .ofLength(64)
            .map(hex -> "sha256:" + hex)
            .injectNull(0.6);
    return Combinators.combine(registry, repository, tags().injectNull(0.3), digest)
        .as(
            (reg, repo, tag, dig) -> {
              String first = repo.split("/")[0];
              boolean ambiguous =
                  reg == null
                      && repo.contains("/")
                      && (first.contains(".") || first.equals("localhost"));
              return new ImageReference(
                  reg, ambiguous ? "x" + repo.replace(".", "") : repo, tag, dig);
            });
  }

  @Provide
  Arbitrary<String> tags() {
    return Combinators.combine(
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .numeric()
                .withChars('_')
                .ofLength(1),
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .numeric()
                .withChars("_.-")
                .ofMaxLength(40))
        .as(String::concat);
  }
}
