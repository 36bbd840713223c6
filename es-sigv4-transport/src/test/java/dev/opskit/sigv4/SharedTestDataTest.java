package dev.opskit.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class SharedTestDataTest {

  @Test
  void findsSharedFolderAboveTheWorkingDirectory(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("shared/suite"));
    Path work = Files.createDirectories(root.resolve("repo/module"));
    assertThat(SharedTestData.directory("suite", Map.of(), work))
        .isEqualTo(root.resolve("shared/suite"));
  }

  @Test
  void skipsWhenAbsentOutsideCi(@TempDir Path root) {
    assertThatThrownBy(() -> SharedTestData.directory("suite", Map.of(), root))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("shared test data 'suite' not found");
  }

  @Test
  void failsWhenAbsentInCi(@TempDir Path root) {
    assertThatThrownBy(() -> SharedTestData.directory("suite", Map.of("CI", "true"), root))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("CI=true: shared test data 'suite' not found");
  }
}
