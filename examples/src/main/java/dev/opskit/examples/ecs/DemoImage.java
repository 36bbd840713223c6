package dev.opskit.examples.ecs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A small OCI image layout with one gzip layer holding one file, standing in for what a build
 * (buildah, {@code docker buildx --output type=oci}, Jib) writes, so the Tour and the JShell script
 * have an image to publish without a build tool.
 */
public final class DemoImage {
  private DemoImage() {}

  /**
   * Writes the layout into a new temporary folder.
   *
   * @return the folder, an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs})
   */
  public static Path write() {
    try {
      Path dir = Files.createTempDirectory("opskit-demo-image");
      Files.createDirectories(dir.resolve("blobs/sha256"));
      byte[] content = new byte[64 * 1024];
      new Random().nextBytes(content);
      byte[] tar = tar("srv/data.bin", content);
      byte[] layer = gzip(tar);
      byte[] config =
          ("{\"architecture\":\"amd64\",\"os\":\"linux\","
                  + "\"config\":{\"Env\":[\"PATH=/usr/bin:/bin\"]},"
                  + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
                  + sha256(tar)
                  + "\"]}}")
              .getBytes(StandardCharsets.UTF_8);
      byte[] manifest =
          ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                  + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                  + descriptor(config)
                  + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                  + descriptor(layer)
                  + "}]}")
              .getBytes(StandardCharsets.UTF_8);
      for (byte[] blob : List.of(layer, config, manifest)) {
        Files.write(dir.resolve("blobs/sha256/" + sha256(blob)), blob);
      }
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      Files.writeString(
          dir.resolve("index.json"),
          "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
              + "\"application/vnd.oci.image.manifest.v1+json\","
              + descriptor(manifest)
              + "}]}");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String descriptor(byte[] blob) {
    return "\"digest\":\"sha256:" + sha256(blob) + "\",\"size\":" + blob.length;
  }

  /** A ustar archive of one regular file, as a layer's uncompressed form (its diff_id). */
  private static byte[] tar(String name, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, String.format("%011o", 0));
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    Arrays.fill(header, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512 + 1024]); // padding, end blocks
    return out.toByteArray();
  }

  private static void put(byte[] header, int at, String text) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, at, b.length);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
