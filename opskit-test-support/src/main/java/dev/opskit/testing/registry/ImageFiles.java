package dev.opskit.testing.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes images are made of, written without a build tool: plain tar layers of regular files and
 * their digests. The image tests and the Tour's demo image write their images with these.
 */
public final class ImageFiles {
  private ImageFiles() {}

  /**
   * Returns the digest of some bytes as images name them.
   *
   * @param bytes the bytes
   * @return {@code sha256:} and 64 hex digits
   */
  public static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Returns a tar holding one regular file, ended as an archive is: a layer's uncompressed form.
   *
   * @param name the file's path in the layer
   * @param content the file's bytes
   * @return the tar
   */
  public static byte[] tar(String name, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTarEntry(out, name, content);
      out.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Writes one regular file of a tar: its header, its bytes and the padding to the block size.
   *
   * @param out where to write
   * @param name the file's path
   * @param content the file's bytes
   * @throws IOException if writing fails
   */
  public static void writeTarEntry(OutputStream out, String name, byte[] content)
      throws IOException {
    out.write(tarHeader(name, content.length));
    out.write(content);
    out.write(new byte[(512 - content.length % 512) % 512]);
  }

  /**
   * Returns the ustar header of a regular file (mode 0644, owner 0, time 0).
   *
   * @param name the file's path, at most 100 bytes
   * @param size the file's size
   * @return the 512-byte header
   */
  public static byte[] tarHeader(String name, long size) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    if (n.length > 100) {
      throw new IllegalArgumentException("name too long for this writer: " + name);
    }
    System.arraycopy(n, 0, h, 0, n.length);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, String.format("%011o", 0));
    h[156] = '0';
    put(h, 257, "ustar");
    h[263] = '0';
    h[264] = '0';
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  private static void put(byte[] h, int offset, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, offset, b.length);
  }
}
