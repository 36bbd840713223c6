package dev.opskit.ecs.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.ecs.image.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarIndexTest {
  @TempDir Path dir;

  @Test
  void readsUstarPaxAndGnuLongNamesAndStreamsEntriesInPlace() throws IOException {
    String longName =
        "blobs/sha256/" + "b".repeat(64) + "/and/a/path/longer/than/one/hundred/bytes";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entry(out, "./oci-layout", '0', "{}".getBytes(StandardCharsets.UTF_8));
    String record = "path=" + longName + "\n";
    int length = record.length() + 3; // "NN " prefix
    length = String.valueOf(length).length() + 1 + record.length();
    entry(out, "PaxHeaders/x", 'x', (length + " " + record).getBytes(StandardCharsets.UTF_8));
    entry(out, "ignored-by-pax", '0', "pax".getBytes(StandardCharsets.UTF_8));
    entry(
        out,
        "././@LongLink",
        'L',
        ("gnu/" + "c".repeat(120) + "\0").getBytes(StandardCharsets.UTF_8));
    entry(out, "truncated-name", '0', "gnu".getBytes(StandardCharsets.UTF_8));
    entry(out, "dir/", '5', new byte[0]);
    out.write(new byte[1024]);
    Path tar = Files.write(dir.resolve("t.tar"), out.toByteArray());

    TarIndex index = TarIndex.read(tar);

    assertThat(index.entry("oci-layout")).isNotNull();
    assertThat(read(index, longName)).isEqualTo("pax");
    assertThat(read(index, "gnu/" + "c".repeat(120))).isEqualTo("gnu");
    assertThat(index.entry("ignored-by-pax")).isNull();
    assertThat(index.entry("dir/")).isNull();
  }

  @Test
  void aFileThatIsNotATarIsNamed() throws IOException {
    Path junk = Files.write(dir.resolve("junk"), "not a tar at all".repeat(64).getBytes());
    assertThatThrownBy(() -> TarIndex.read(junk))
        .isInstanceOf(InvalidImageException.class)
        .hasMessage(junk + ": not a tar archive (the first 512-byte header has no valid checksum)");
    Path empty = Files.write(dir.resolve("empty"), new byte[0]);
    assertThatThrownBy(() -> TarIndex.read(empty))
        .hasMessage(empty + ": not a tar archive (empty or no header)");
  }

  @Test
  void aTruncatedArchiveSaysWhichEntryIsCut() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entry(out, "blobs/sha256/abc", '0', new byte[2000]);
    byte[] whole = out.toByteArray();
    Path cut = Files.write(dir.resolve("cut.tar"), java.util.Arrays.copyOf(whole, 1024));
    assertThatThrownBy(() -> TarIndex.read(cut))
        .hasMessage(cut + ": truncated tar archive: entry blobs/sha256/abc needs 2000 bytes");
  }

  private static String read(TarIndex index, String name) throws IOException {
    TarIndex.Entry e = index.entry(name);
    assertThat(e).as(name).isNotNull();
    try (InputStream in = index.open(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void entry(ByteArrayOutputStream out, String name, char type, byte[] content)
      throws IOException {
    byte[] h = TestImages.header(name, content.length);
    h[156] = (byte) type;
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] checksum = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(checksum, 0, h, 148, checksum.length);
    h[154] = 0;
    out.write(h);
    out.write(content);
    out.write(new byte[(512 - content.length % 512) % 512]);
  }
}
