package dev.opskit.redash.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.opskit.redash.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodecsTest {

  @ParameterizedTest
  @EnumSource(Compression.class)
  void roundTripsWhenItsLibraryIsPresent(Compression compression) throws Exception {
    byte[] original = "SELECT 1;\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    assertThatCode(() -> Codecs.requireAvailable(compression)).doesNotThrowAnyException();

    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (OutputStream out = Codecs.compress(compression, compressed)) {
      out.write(original);
    }
    try (InputStream in =
        Codecs.decompress(compression, new ByteArrayInputStream(compressed.toByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(original);
    }
  }

  @Test
  void theVersionTheMissingZstdMessageNamesIsTheOneOpskitIsBuiltWith() throws Exception {
    // FolderOnlyClasspathIT shows the message itself; this keeps its version in step with the POM.
    Path jar =
        Path.of(
            Class.forName(ZstdCodec.PROBE_CLASS)
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    assertThat(jar.getFileName().toString())
        .isEqualTo("zstd-jni-" + Codecs.ZSTD_JNI_VERSION + ".jar");
  }
}
