package dev.opskit.testing.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class SharedDataTest {

  @Test
  void findsTheSharedFolderBesideTheCheckout(@TempDir Path root) throws IOException {
    Path data = Files.createDirectories(root.resolve("shared/sqldef-mysql-tests"));
    Path module = Files.createDirectories(root.resolve("main/schema-diff-core"));

    assertThat(SharedData.directory("sqldef-mysql-tests", Map.of(), module)).isEqualTo(data);
  }

  @Test
  void theVariableWins(@TempDir Path root) throws IOException {
    Path data = Files.createDirectories(root.resolve("elsewhere/sigv4-test-suite"));

    assertThat(
            SharedData.directory(
                "sigv4-test-suite",
                Map.of("OPSKIT_SHARED_DIR", root.resolve("elsewhere").toString()),
                root))
        .isEqualTo(data);
  }

  @Test
  void skipsWithAMessageOutsideCi(@TempDir Path root) {
    assertThatThrownBy(() -> SharedData.directory("missing", Map.of(), root))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("shared test data 'missing' not found: set OPSKIT_SHARED_DIR");
  }

  @Test
  void failsInCi(@TempDir Path root) {
    assertThatThrownBy(() -> SharedData.directory("missing", Map.of("CI", "true"), root))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("CI=true: shared test data 'missing' not found");
  }
}
