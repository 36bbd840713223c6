package dev.opskit.examples.ecs;

import dev.opskit.testing.registry.ImageFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
      byte[] tar = ImageFiles.tar("srv/data.bin", content);
      byte[] layer = gzip(tar);
      byte[] config =
          ("{\"architecture\":\"amd64\",\"os\":\"linux\","
                  + "\"config\":{\"Env\":[\"PATH=/usr/bin:/bin\"]},"
                  + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                  + ImageFiles.sha256(tar)
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
        Files.write(dir.resolve("blobs/sha256/" + hex(blob)), blob);
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
    return "\"digest\":\"" + ImageFiles.sha256(blob) + "\",\"size\":" + blob.length;
  }

  private static String hex(byte[] blob) {
    return ImageFiles.sha256(blob).substring("sha256:".length());
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
