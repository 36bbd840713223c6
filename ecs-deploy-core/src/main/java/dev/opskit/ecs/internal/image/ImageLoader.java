package dev.opskit.ecs.internal.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opskit.ecs.image.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Internal to opskit; may change in any release. Reads an {@link ImageSource} into the manifests
 * and blobs to publish, checking that every blob a manifest names is there with its size, and that
 * manifests match their digests. Blob contents are streamed later, never held in memory.
 */
public final class ImageLoader {
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  private static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  private static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  private static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final int MANIFEST_LIMIT = 4 << 20;
  private static final int CONFIG_LIMIT = 16 << 20;
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private final ObjectMapper json = new ObjectMapper();

  /**
   * Reads an image source.
   *
   * @param source the source
   * @param tag the target tag, to choose among several images of an OCI index by their {@code
   *     org.opencontainers.image.ref.name}, or null
   * @return the image; close it when done
   * @throws InvalidImageException when the source is not a valid image, naming the file
   */
  public LoadedImage load(ImageSource source, @Nullable String tag) {
    if (source.format() == ImageSource.Format.FROM_BASE) {
      throw new IllegalArgumentException("a source built from a base image is not on disk");
    }
    Path path = source.path();
    return switch (source.format()) {
      case OCI_LAYOUT -> {
        if (!Files.isDirectory(path)) {
          throw new InvalidImageException(path, "not a directory (an OCI image layout is one)");
        }
        yield new LoadedImage(oci(new DirectoryStore(path), tag), false, null);
      }
      case OCI_ARCHIVE -> {
        requireFile(path);
        TarStore store = new TarStore(TarIndex.read(path));
        yield new LoadedImage(oci(store, tag), false, null);
      }
      case DOCKER_ARCHIVE -> {
        requireFile(path);
        yield docker(new TarStore(TarIndex.read(path)), tag);
      }
      case FROM_BASE ->
          throw new IllegalArgumentException("a source built from a base image is not on disk");
    };
  }

  private static void requireFile(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new InvalidImageException(path, "no such file");
    }
  }

  private ImageManifest oci(Store store, @Nullable String tag) {
    if (!store.exists("index.json")) {
      throw new InvalidImageException(
          store.file(),
          "no index.json: not an OCI image layout"
              + (store.exists("manifest.json")
                  ? " (it has a manifest.json: a docker save archive? use"
                      + " ImageSource.dockerArchive)"
                  : ""));
    }
    if (!store.exists("oci-layout")) {
      throw new InvalidImageException(store.file(), "no oci-layout file: not an OCI image layout");
    }
    JsonNode index = parse(store, "index.json", store.readSmall("index.json", MANIFEST_LIMIT));
    JsonNode manifests = index.path("manifests");
    if (!manifests.isArray() || manifests.isEmpty()) {
      throw new InvalidImageException(store.file(), "index.json lists no manifests");
    }
    JsonNode chosen = null;
    if (manifests.size() == 1) {
      chosen = manifests.get(0);
    } else {
      List<String> names = new ArrayList<>();
      for (JsonNode m : manifests) {
        String name = m.path("annotations").path(REF_NAME).asText("");
        names.add(name.isEmpty() ? m.path("digest").asText() : name);
        if (tag != null && tag.equals(name)) {
          chosen = m;
        }
      }
      if (chosen == null) {
        throw new InvalidImageException(
            store.file(),
            "index.json lists "
                + manifests.size()
                + " images "
                + names
                + " and none is named after the target tag "
                + tag
                + " ("
                + REF_NAME
                + ")");
      }
    }
    return manifest(store, chosen, "index.json");
  }

  private ImageManifest manifest(Store store, JsonNode descriptor, String referrer) {
    Descriptor d = descriptor(store, descriptor, referrer);
    String name = blobName(d.digest);
    if (!store.exists(name)) {
      throw new InvalidImageException(
          store.file(), referrer + " names manifest " + d.digest + " but " + name + " is missing");
    }
    byte[] bytes = store.readSmall(name, MANIFEST_LIMIT);
    String actual = Digests.of(bytes);
    if (!actual.equals(d.digest)) {
      throw new InvalidImageException(
          store.file(), name + " is corrupt: its digest is " + actual + ", not " + d.digest);
    }
    JsonNode m = parse(store, name, bytes);
    String mediaType = m.path("mediaType").asText(d.mediaType);
    if (mediaType.isEmpty()) {
      mediaType = m.has("manifests") ? OCI_INDEX : OCI_MANIFEST;
    }
    if (mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_LIST)) {
      List<ImageManifest> children = new ArrayList<>();
      for (JsonNode child : m.path("manifests")) {
        children.add(manifest(store, child, name));
      }
      return new ImageManifest(d.digest, mediaType, bytes, List.of(), children);
    }
    List<Blob> blobs = new ArrayList<>();
    if (!m.has("config")) {
      throw new InvalidImageException(store.file(), name + " is not an image manifest: no config");
    }
    blobs.add(blob(store, m.get("config"), name));
    for (JsonNode layer : m.path("layers")) {
      blobs.add(blob(store, layer, name));
    }
    return new ImageManifest(d.digest, mediaType, bytes, blobs, List.of());
  }

  private Blob blob(Store store, JsonNode descriptor, String referrer) {
    Descriptor d = descriptor(store, descriptor, referrer);
    String name = blobName(d.digest);
    if (!store.exists(name)) {
      throw new InvalidImageException(
          store.file(), referrer + " names blob " + d.digest + " but " + name + " is missing");
    }
    long size = store.size(name);
    if (size != d.size) {
      throw new InvalidImageException(
          store.file(), name + " has " + size + " bytes but " + referrer + " says " + d.size);
    }
    return new Blob(d.digest, size, d.mediaType, store.file(), name, () -> store.open(name));
  }

  private record Descriptor(String digest, String mediaType, long size) {}

  private static Descriptor descriptor(Store store, JsonNode node, String referrer) {
    String digest = node.path("digest").asText("");
    if (!DIGEST.matcher(digest).matches()) {
      throw new InvalidImageException(
          store.file(), referrer + " has a descriptor without a sha256 digest: " + node);
    }
    if (!node.path("size").canConvertToLong()) {
      throw new InvalidImageException(
          store.file(), referrer + " has a descriptor without a size: " + node);
    }
    return new Descriptor(digest, node.path("mediaType").asText(""), node.path("size").asLong());
  }

  private static String blobName(String digest) {
    return "blobs/sha256/" + digest.substring("sha256:".length());
  }

  private JsonNode parse(Store store, String name, byte[] bytes) {
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new InvalidImageException(store.file(), name + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new InvalidImageException(
          store.file(), name + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private LoadedImage docker(TarStore store, @Nullable String tag) {
    if (store.exists("index.json") && store.exists("oci-layout")) {
      try {
        return new LoadedImage(oci(store, tag), false, null);
      } catch (InvalidImageException e) {
        if (!store.exists("manifest.json")) {
          throw e;
        }
        // an incomplete OCI part (Docker 25.0 bugs): fall back to manifest.json
      }
    }
    if (!store.exists("manifest.json")) {
      throw new InvalidImageException(
          store.file(),
          "no manifest.json: not a docker save archive"
              + (store.exists("index.json")
                  ? " (an OCI archive? use ImageSource.ociArchive)"
                  : ""));
    }
    JsonNode list = parse0(store);
    JsonNode entry = list.get(0);
    String configName = entry.path("Config").asText("");
    if (configName.isEmpty() || !store.exists(configName)) {
      throw new InvalidImageException(
          store.file(), "manifest.json names config '" + configName + "', which is missing");
    }
    Path temporary;
    try {
      temporary = Files.createTempDirectory("opskit-image-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary directory", e);
    }
    LoadedImage loaded = null;
    try {
      byte[] config = store.readSmall(configName, CONFIG_LIMIT);
      String configDigest = Digests.of(config);
      List<Blob> blobs = new ArrayList<>();
      blobs.add(
          new Blob(
              configDigest,
              config.length,
              DOCKER_CONFIG,
              store.file(),
              configName,
              () -> new java.io.ByteArrayInputStream(config)));
      ObjectNode manifest = json.createObjectNode();
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", DOCKER_MANIFEST);
      manifest
          .putObject("config")
          .put("mediaType", DOCKER_CONFIG)
          .put("size", config.length)
          .put("digest", configDigest);
      ArrayNode layers = manifest.putArray("layers");
      int i = 0;
      for (JsonNode layerName : entry.path("Layers")) {
        String name = layerName.asText();
        if (!store.exists(name)) {
          throw new InvalidImageException(
              store.file(), "manifest.json names layer " + name + ", which is missing");
        }
        Blob layer = dockerLayer(store, name, temporary.resolve("layer-" + i++ + ".tar.gz"));
        blobs.add(layer);
        layers
            .addObject()
            .put("mediaType", DOCKER_LAYER)
            .put("size", layer.size())
            .put("digest", layer.digest());
      }
      byte[] bytes = json.writeValueAsBytes(manifest);
      loaded =
          new LoadedImage(
              new ImageManifest(Digests.of(bytes), DOCKER_MANIFEST, bytes, blobs, List.of()),
              true,
              temporary);
      return loaded;
    } catch (IOException e) {
      throw new InvalidImageException(store.file(), "cannot read: " + e.getMessage(), e);
    } finally {
      if (loaded == null) {
        new LoadedImage(
                new ImageManifest("", "", new byte[0], List.of(), List.of()), true, temporary)
            .close();
      }
    }
  }

  private JsonNode parse0(TarStore store) {
    byte[] bytes = store.readSmall("manifest.json", MANIFEST_LIMIT);
    try {
      JsonNode list = json.readTree(bytes);
      if (list == null || !list.isArray() || list.isEmpty()) {
        throw new InvalidImageException(store.file(), "manifest.json is not a non-empty list");
      }
      return list;
    } catch (IOException e) {
      throw new InvalidImageException(
          store.file(), "manifest.json is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** A gzip layer is kept as it is; a plain tar is gzip-compressed into a temporary file. */
  private static Blob dockerLayer(TarStore store, String name, Path target) throws IOException {
    byte[] magic;
    try (InputStream in = store.open(name)) {
      magic = in.readNBytes(2);
    }
    byte[] buffer = new byte[1 << 16];
    if (magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      MessageDigest sha = Digests.sha256();
      try (InputStream in = store.open(name)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
        }
      }
      return new Blob(
          Digests.of(sha),
          store.size(name),
          DOCKER_LAYER,
          store.file(),
          name,
          () -> store.open(name));
    }
    MessageDigest sha = Digests.sha256();
    try (InputStream in = store.open(name);
        OutputStream out =
            new GZIPOutputStream(
                new DigestOutputStream(Files.newOutputStream(target), sha), 1 << 16)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
    }
    return new Blob(
        Digests.of(sha),
        Files.size(target),
        DOCKER_LAYER,
        store.file(),
        name + " (gzip-compressed)",
        () -> Files.newInputStream(target));
  }

  /** Where the files of a layout are: a directory or a tar. */
  private interface Store {
    Path file();

    boolean exists(String name);

    long size(String name);

    InputStream open(String name) throws IOException;

    default byte[] readSmall(String name, int limit) {
      if (size(name) > limit) {
        throw new InvalidImageException(
            file(), name + " is " + size(name) + " bytes, more than " + limit);
      }
      try (InputStream in = open(name)) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new InvalidImageException(file(), "cannot read " + name + ": " + e.getMessage(), e);
      }
    }
  }

  private record DirectoryStore(Path file) implements Store {
    @Override
    public boolean exists(String name) {
      return Files.isRegularFile(file.resolve(name));
    }

    @Override
    public long size(String name) {
      try {
        return Files.size(file.resolve(name));
      } catch (IOException e) {
        throw new InvalidImageException(file, "cannot read " + name + ": " + e.getMessage(), e);
      }
    }

    @Override
    public InputStream open(String name) throws IOException {
      return Files.newInputStream(file.resolve(name));
    }
  }

  private record TarStore(TarIndex index) implements Store {
    @Override
    public Path file() {
      return index.file();
    }

    @Override
    public boolean exists(String name) {
      return index.entry(name) != null;
    }

    @Override
    public long size(String name) {
      TarIndex.Entry e = index.entry(name);
      return e == null ? -1 : e.size();
    }

    @Override
    public InputStream open(String name) throws IOException {
      TarIndex.Entry e = index.entry(name);
      if (e == null) {
        throw new IOException("no entry " + name);
      }
      return index.open(e);
    }
  }
}
