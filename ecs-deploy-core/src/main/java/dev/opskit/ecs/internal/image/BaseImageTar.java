package dev.opskit.ecs.internal.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opskit.ecs.image.ImagePublishException;
import dev.opskit.ecs.image.ImagePublishException.Kind;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal to opskit; may change in any release. Pulls a base image through a {@link
 * RegistryClient} (so with the publisher's credentials, renewal and loopback rules) into a {@code
 * docker save}-style tar ({@code manifest.json}, {@code config.json}, the layers as the registry
 * stores them), the form Jib reads a local base image from. For an index, the linux/amd64 image is
 * taken (else the first). Layers are streamed into the tar with their size and digest checked.
 */
public final class BaseImageTar {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What was pulled.
   *
   * @param tar the tar file written
   * @param digest the digest of the image's manifest (the platform's, for an index)
   * @param mediaType the manifest's media type
   * @param blobs the digests of the config and layers, which are now known to be in the base's
   *     repository (for mounts)
   */
  public record Pulled(Path tar, String digest, String mediaType, List<String> blobs) {}

  private BaseImageTar() {}

  /**
   * Pulls an image into a tar file.
   *
   * @param client a client for the base image's registry, logged in
   * @param registry the registry host, for messages
   * @param repository the base image's repository
   * @param reference its tag or digest
   * @param tar the file to write
   * @return the file and the blobs it holds
   * @throws ImagePublishException when the base is missing, refused or not usable
   */
  public static Pulled pull(
      RegistryClient client, String registry, String repository, String reference, Path tar) {
    RegistryClient.Pulled top = client.pullManifest(repository, reference);
    JsonNode manifest = parse(top, registry, repository);
    if (manifest.has("manifests")) {
      String child = pick((ArrayNode) manifest.get("manifests"), registry, repository, reference);
      top = client.pullManifest(repository, child);
      manifest = parse(top, registry, repository);
    }
    JsonNode config = manifest.path("config");
    JsonNode layers = manifest.path("layers");
    if (!config.has("digest") || !layers.isArray()) {
      throw unusable(registry, repository, reference, "its manifest has no config or no layers");
    }
    int gzipped = 0;
    for (JsonNode layer : layers) {
      String type = layer.path("mediaType").asText();
      if (type.endsWith("gzip")) {
        gzipped++;
      } else if (!type.endsWith(".tar") && !type.endsWith("tar")) {
        throw unusable(
            registry,
            repository,
            reference,
            "layer "
                + layer.path("digest").asText()
                + " is "
                + type
                + "; only gzip and plain tar layers can be built on");
      }
    }
    if (gzipped != 0 && gzipped != layers.size()) {
      throw unusable(registry, repository, reference, "it mixes gzip and plain tar layers");
    }
    List<String> blobs = new ArrayList<>();
    ObjectNode entry = JSON.createObjectNode();
    entry.put("Config", "config.json");
    entry.putArray("RepoTags");
    ArrayNode names = entry.putArray("Layers");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 1 << 16)) {
      blob(client, repository, config, "config.json", out);
      blobs.add(config.get("digest").asText());
      int i = 0;
      for (JsonNode layer : layers) {
        String name = "layer-" + i++ + (gzipped > 0 ? ".tar.gz" : ".tar");
        blob(client, repository, layer, name, out);
        names.add(name);
        blobs.add(layer.get("digest").asText());
      }
      byte[] list = JSON.writeValueAsBytes(JSON.createArrayNode().add(entry));
      TarWriter.header(out, "manifest.json", list.length);
      out.write(list);
      TarWriter.pad(out, list.length);
      TarWriter.end(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + tar, e);
    }
    return new Pulled(tar, top.digest(), top.mediaType(), List.copyOf(blobs));
  }

  private static void blob(
      RegistryClient client, String repository, JsonNode descriptor, String name, OutputStream out)
      throws IOException {
    long size = descriptor.path("size").asLong(-1);
    String digest = descriptor.path("digest").asText();
    TarWriter.header(out, name, size);
    client.pullBlob(repository, digest, size, out);
    TarWriter.pad(out, size);
  }

  private static String pick(
      ArrayNode manifests, String registry, String repository, String reference) {
    if (manifests.isEmpty()) {
      throw unusable(registry, repository, reference, "its index lists no image");
    }
    for (JsonNode m : manifests) {
      JsonNode p = m.path("platform");
      if (p.path("os").asText().equals("linux")
          && p.path("architecture").asText().equals("amd64")) {
        return m.path("digest").asText();
      }
    }
    return manifests.get(0).path("digest").asText();
  }

  private static JsonNode parse(RegistryClient.Pulled m, String registry, String repository) {
    try {
      return JSON.readTree(new String(m.bytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unusable(registry, repository, m.digest(), "its manifest is not JSON");
    }
  }

  private static ImagePublishException unusable(
      String registry, String repository, String reference, String why) {
    return new ImagePublishException(
        Kind.INVALID_IMAGE,
        registry,
        repository,
        null,
        0,
        "cannot build on the base image "
            + registry
            + "/"
            + repository
            + (reference.startsWith("sha256:") ? "@" : ":")
            + reference
            + ": "
            + why,
        null);
  }
}
