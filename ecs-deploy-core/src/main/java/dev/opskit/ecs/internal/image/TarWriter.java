package dev.opskit.ecs.internal.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the few ustar pieces a tar of regular files needs. */
final class TarWriter {
  private static final int BLOCK = 512;
  private static final long MAX_SIZE = 077777777777L;

  private TarWriter() {}

  /** Writes the header of a regular file of {@code size} bytes (mode 0644, time 0). */
  static void header(OutputStream out, String name, long size) throws IOException {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    if (n.length > 100 || size < 0 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "cannot write tar entry " + name + " of " + size + " bytes");
    }
    byte[] h = new byte[BLOCK];
    System.arraycopy(n, 0, h, 0, n.length);
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, 0);
    h[156] = '0';
    byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, h, 257, magic.length);
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    out.write(h);
  }

  /** Pads an entry of {@code size} bytes to the block size. */
  static void pad(OutputStream out, long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }

  /** Writes the two empty blocks that end an archive. */
  static void end(OutputStream out) throws IOException {
    out.write(new byte[2 * BLOCK]);
  }

  /** Writes {@code value} as zero-padded octal in {@code length - 1} digits and a NUL. */
  private static void octal(byte[] h, int offset, int length, long value) {
    String s = Long.toOctalString(value);
    String padded = "0".repeat(length - 1 - s.length()) + s;
    byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, offset, b.length);
    h[offset + length - 1] = 0;
  }
}
