package dev.opskit.ecs.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageSourceTest {
  private static ImageSource.Builder app() {
    return ImageSource.from("registry.example.com/base:12")
        .addFile(Path.of("build/app"), "/app/app")
        .entrypoint("/app/app", "--serve")
        .putEnv("PORT", "8080")
        .putEnv("TOKEN", "s3cr3t-value")
        .workingDirectory("/app")
        .user("1000");
  }

  @Test
  void aSourceFromABaseHoldsItsFilesAndSettingsInOrder() {
    ImageSource source = app().build();

    assertThat(source.format()).isEqualTo(ImageSource.Format.FROM_BASE);
    assertThat(source.base()).contains("registry.example.com/base:12");
    assertThat(source.files())
        .containsExactly(new ImageSource.LayerFile(Path.of("build/app"), "/app/app"));
    assertThat(source.entrypoint()).containsExactly("/app/app", "--serve");
    assertThat(source.env())
        .containsExactly(Map.entry("PORT", "8080"), Map.entry("TOKEN", "s3cr3t-value"));
    assertThat(source.workingDirectory()).contains("/app");
    assertThat(source.user()).contains("1000");
    assertThatThrownBy(source::path)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a source built from a base image has no single path; see files()");
  }

  @Test
  void equalSettingsAreEqualSourcesAndArchivesHaveNoBaseSettings() {
    assertThat(app().build()).isEqualTo(app().build()).hasSameHashCodeAs(app().build());
    assertThat(app().user("0").build()).isNotEqualTo(app().build());
    assertThat(app().files(List.of()).build().files()).isEmpty();
    ImageSource archive = ImageSource.ociArchive(Path.of("app.tar"));
    assertThat(archive).isNotEqualTo(app().build());
    assertThat(archive.base()).isEmpty();
    assertThat(archive.files()).isEmpty();
    assertThat(archive.env()).isEmpty();
    assertThat(archive.toString()).isEqualTo("oci-archive:app.tar");
  }

  @Test
  void toStringNamesTheBaseAndFilesButNoEnvironmentValue() {
    assertThat(app().build().toString())
        .isEqualTo(
            "from:registry.example.com/base:12 + 1 file, entrypoint [/app/app, --serve], env"
                + " [PORT, TOKEN]")
        .doesNotContain("s3cr3t");
  }

  @Test
  void pathsInTheImageMustBeAbsolute() {
    assertThatThrownBy(() -> app().addFile(Path.of("x"), "app/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the path in the image must be absolute, such as /app/app, not app/x");
    assertThatThrownBy(() -> app().workingDirectory("app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the working directory must be absolute, such as /app, not app");
    assertThatThrownBy(() -> app().putEnv("X", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
  }
}
