package dev.opskit.ecs.image;

import dev.opskit.testing.registry.ImageFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Small images written by the tests themselves: OCI layouts and archives (with a deliberately
 * non-canonical config and manifest, so a re-serialising publisher would change the digest) and
 * {@code docker save} archives with plain-tar layers.
 */
public final class TestImages {
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

  private TestImages() {}

  /** What a test wrote: the top manifest's digest and bytes, and the blobs' digests. */
  public record Written(String digest, byte[] manifest, String config, List<String> layers) {}

  /** Random bytes, as incompressible as a compressed layer. */
  public static byte[] random(Random random, int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  public static String sha256(byte[] bytes) {
    return ImageFiles.sha256(bytes);
  }

  /** Writes an OCI layout with one image manifest whose layers are the given bytes. */
  public static Written ociLayout(Path dir, String label, byte[]... layers) {
    try {
      Files.createDirectories(dir.resolve("blobs/sha256"));
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}");
      Written image = image(dir, label, layers);
      index(dir, List.of(descriptor(OCI_MANIFEST, image.digest(), image.manifest().length, label)));
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes an OCI layout whose index.json points at an image index of two images. */
  public static Written ociLayoutWithIndex(Path dir, Random random) {
    try {
      Files.createDirectories(dir.resolve("blobs/sha256"));
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}");
      Written amd = image(dir, "amd64", random(random, 3000));
      Written arm = image(dir, "arm64", random(random, 4000));
      String index =
          "{\"schemaVersion\": 2, \"mediaType\": \""
              + OCI_INDEX
              + "\", \"manifests\": ["
              + platform(amd, "amd64")
              + ", "
              + platform(arm, "arm64")
              + "]}\n";
      byte[] bytes = index.getBytes(StandardCharsets.UTF_8);
      String digest = blob(dir, bytes);
      index(dir, List.of(descriptor(OCI_INDEX, digest, bytes.length, "multi")));
      List<String> children = List.of(amd.digest(), arm.digest());
      return new Written(digest, bytes, "", children);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String platform(Written w, String arch) {
    return "{\"mediaType\": \""
        + OCI_MANIFEST
        + "\", \"digest\": \""
        + w.digest()
        + "\", \"size\": "
        + w.manifest().length
        + ", \"platform\": {\"architecture\": \""
        + arch
        + "\", \"os\": \"linux\"}}";
  }

  private static Written image(Path dir, String label, byte[]... layers) throws IOException {
    // keys out of canonical order, spaces and a field no image model knows
    String config =
        "{\"rootfs\": {\"type\": \"layers\", \"diff_ids\": []}, \"os\": \"linux\","
            + " \"architecture\": \"amd64\", \"config\": {\"StopSignal\": \"SIGQUIT\","
            + " \"Labels\": {\"label\": \""
            + label
            + "\"}}, \"created\": \"2026-12-04T10:00:00Z\"}\n";
    byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
    String configDigest = blob(dir, configBytes);
    List<String> layerDigests = new ArrayList<>();
    StringBuilder m = new StringBuilder();
    m.append("{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"")
        .append(OCI_MANIFEST)
        .append("\",\n  \"config\": {\"mediaType\": \"application/vnd.oci.image.config.v1+json\",")
        .append(" \"digest\": \"")
        .append(configDigest)
        .append("\", \"size\": ")
        .append(configBytes.length)
        .append("},\n  \"layers\": [");
    for (int i = 0; i < layers.length; i++) {
      String d = blob(dir, layers[i]);
      layerDigests.add(d);
      m.append(i == 0 ? "" : ",")
          .append("\n    {\"mediaType\": \"")
          .append(OCI_LAYER)
          .append("\", \"digest\": \"")
          .append(d)
          .append("\", \"size\": ")
          .append(layers[i].length)
          .append("}");
    }
    m.append("\n  ],\n  \"annotations\": {\"org.opencontainers.image.revision\": \"")
        .append(label)
        .append("\"}\n}\n");
    byte[] manifest = m.toString().getBytes(StandardCharsets.UTF_8);
    String digest = blob(dir, manifest);
    return new Written(digest, manifest, configDigest, layerDigests);
  }

  private static String descriptor(String mediaType, String digest, long size, String name) {
    return "{\"mediaType\": \""
        + mediaType
        + "\", \"digest\": \""
        + digest
        + "\", \"size\": "
        + size
        + ", \"annotations\": {\"org.opencontainers.image.ref.name\": \""
        + name
        + "\"}}";
  }

  private static void index(Path dir, List<String> descriptors) throws IOException {
    Files.writeString(
        dir.resolve("index.json"),
        "{\"schemaVersion\": 2, \"manifests\": [" + String.join(", ", descriptors) + "]}");
  }

  private static String blob(Path dir, byte[] bytes) throws IOException {
    String digest = sha256(bytes);
    Files.write(dir.resolve("blobs/sha256/" + digest.substring(7)), bytes);
    return digest;
  }

  /** Tars a directory (files only, sorted, with "./" before each name as tar -C dir . does). */
  public static Path tar(Path dir, Path file) {
    Map<String, Path> entries = new LinkedHashMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(p -> entries.put("./" + dir.relativize(p).toString().replace('\\', '/'), p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      for (Map.Entry<String, Path> e : entries.entrySet()) {
        writeEntry(out, e.getKey(), Files.readAllBytes(e.getValue()));
      }
      out.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Writes a legacy {@code docker save} archive: manifest.json, config, plain-tar layers. */
  public static Path dockerArchive(Path file, String label, byte[]... layerTars) {
    try (OutputStream out = Files.newOutputStream(file)) {
      String config =
          "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"label\":\""
              + label
              + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
      byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
      String configName = sha256(configBytes).substring(7) + ".json";
      List<String> layerNames = new ArrayList<>();
      for (byte[] layer : layerTars) {
        String name = sha256(layer).substring(7, 27) + "/layer.tar";
        layerNames.add(name);
        writeEntry(out, name, layer);
      }
      writeEntry(out, configName, configBytes);
      String manifest =
          "[{\"Config\":\""
              + configName
              + "\",\"RepoTags\":[\"app:latest\"],\"Layers\":[\""
              + String.join("\",\"", layerNames)
              + "\"]}]";
      writeEntry(out, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
      out.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * Writes a legacy {@code docker save} archive that can be built on: its config names the layers'
   * diff_ids, an environment, an entrypoint and a working directory.
   */
  public static Path baseArchive(Path file, byte[]... layerTars) {
    try (OutputStream out = Files.newOutputStream(file)) {
      List<String> diffIds = new ArrayList<>();
      List<String> layerNames = new ArrayList<>();
      for (byte[] layer : layerTars) {
        diffIds.add(sha256(layer));
        String name = sha256(layer).substring(7, 27) + "/layer.tar";
        layerNames.add(name);
        writeEntry(out, name, layer);
      }
      String config =
          "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":"
              + "[\"PATH=/usr/local/bin:/usr/bin:/bin\",\"BASE=1\"],\"Entrypoint\":[\"/bin/sh\"],"
              + "\"WorkingDir\":\"/\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
              + String.join("\",\"", diffIds)
              + "\"]}}";
      byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
      String configName = sha256(configBytes).substring(7) + ".json";
      writeEntry(out, configName, configBytes);
      String manifest =
          "[{\"Config\":\""
              + configName
              + "\",\"RepoTags\":[\"base:1\"],\"Layers\":[\""
              + String.join("\",\"", layerNames)
              + "\"]}]";
      writeEntry(out, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
      out.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A layer as a small plain tar holding one file of random bytes. */
  public static byte[] layerTar(Random random, String fileName, int size) {
    return ImageFiles.tar(fileName, random(random, size));
  }

  static void writeEntry(OutputStream out, String name, byte[] content) throws IOException {
    ImageFiles.writeTarEntry(out, name, content);
  }

  /** A ustar header for a regular file. */
  public static byte[] header(String name, long size) {
    return ImageFiles.tarHeader(name, size);
  }
}
