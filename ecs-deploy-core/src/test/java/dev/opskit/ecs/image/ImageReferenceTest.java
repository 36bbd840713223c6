package dev.opskit.ecs.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  static Stream<Arguments> references() {
    return Stream.of(
        Arguments.argumentSet("plain name", "nginx", null, "nginx", null, null),
        Arguments.argumentSet("name and tag", "nginx:1.27", null, "nginx", "1.27", null),
        Arguments.argumentSet(
            "registry with port, no tag",
            "localhost:5000/app",
            "localhost:5000",
            "app",
            null,
            null),
        Arguments.argumentSet(
            "registry with port and tag",
            "registry.example.com:5000/team/app:1.2",
            "registry.example.com:5000",
            "team/app",
            "1.2",
            null),
        Arguments.argumentSet(
            "nested repository on ECR",
            "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/org/go-sample-webapp:abc123",
            "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com",
            "org/go-sample-webapp",
            "abc123",
            null),
        Arguments.argumentSet("digest only", "app@" + DIGEST, null, "app", null, DIGEST),
        Arguments.argumentSet(
            "registry port, tag and digest",
            "host:443/a/b:v1@" + DIGEST,
            "host:443",
            "a/b",
            "v1",
            DIGEST),
        Arguments.argumentSet(
            "Docker Hub user repository",
            "library/nginx:latest",
            null,
            "library/nginx",
            "latest",
            null));
  }

  @ParameterizedTest
  @MethodSource("references")
  void parsesEveryPart(String text, String registry, String repository, String tag, String digest) {
    ImageReference ref = ImageReference.parse(text);

    assertThat(ref).isEqualTo(new ImageReference(registry, repository, tag, digest));
    assertThat(ref.toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "App:1", "app:", "app@sha256:short", "a//b", ":tag", "host:5000/"})
  void rejectsMalformedReferences(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an image reference: '" + text + "'");
  }

  @org.junit.jupiter.api.Test
  void knowsEcrRegistriesAndRetagsWithoutTouchingThePort() {
    ImageReference ecr =
        ImageReference.parse("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1");
    ImageReference local = ImageReference.parse("localhost:5000/app:1@" + DIGEST);

    assertThat(ecr.isEcr()).isTrue();
    assertThat(ecr.ecrRegistryId()).contains("123456789012");
    assertThat(ecr.ecrRegion()).contains("ap-northeast-1");
    assertThat(local.isEcr()).isFalse();
    assertThat(local.withTag("2").toString()).isEqualTo("localhost:5000/app:2");
    assertThat(ecr.withDigest(DIGEST).toString())
        .isEqualTo("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app@" + DIGEST);
  }
}
