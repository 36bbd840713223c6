package dev.opskit.ecs.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opskit.ecs.image.ImagePublishEvent.Kind;
import dev.opskit.testing.registry.LocalRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ImageSource.from(base) + files, built with Jib core against the real registry: the base is a
 * small image the test publishes first with the archive path, in the same registry, with the
 * credentials FakeEcs's GetAuthorizationToken hands out.
 */
class ImagePublisherFromBaseIT extends AgainstLocalRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final Random random = new Random(152);
  private final List<ImagePublishEvent> events = new CopyOnWriteArrayList<>();

  private ImagePublisher publisher() {
    return ImagePublisher.builder()
        .ecrClient(ecr)
        .allowInsecureRegistries(true)
        .clock(fake.clock())
        .listener(events::add)
        .build();
  }

  private List<ImagePublishEvent> events(Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).toList();
  }

  @Test
  void buildsFromABaseInTheSameRegistryPlusFilesAndPublishesWhatTheRegistryStores()
      throws IOException {
    Path baseArchive =
        TestImages.baseArchive(
            dir.resolve("base.tar"),
            TestImages.layerTar(random, "bin/sh", 40_000),
            TestImages.layerTar(random, "etc/os-release", 300));
    ImagePublisher publisher = publisher();
    ImageReference base =
        publisher.publish(ImageSource.dockerArchive(baseArchive), registry.host() + "/base/os:1");
    JsonNode baseManifest = JSON.readTree(registry.manifest("base/os", "1").orElseThrow().bytes());
    Path script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\nexec echo serving\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(conf.resolve("app.properties"), "port=8080\n");
    events.clear();

    ImageReference pushed =
        publisher.publish(
            ImageSource.from(base.toString())
                .addFile(script, "/app/run.sh")
                .addFile(conf, "/app/conf")
                .entrypoint("/app/run.sh", "--serve")
                .putEnv("PORT", "8080")
                .workingDirectory("/app")
                .user("1000")
                .build(),
            registry.host() + "/jib/app:v1");

    LocalRegistry.Manifest stored = registry.manifest("jib/app", "v1").orElseThrow();
    assertThat(pushed.digest()).isEqualTo(stored.digest());
    assertThat(pushed.toString()).isEqualTo(registry.host() + "/jib/app:v1@" + stored.digest());
    assertThat(stored.mediaType()).isEqualTo(TestImages.OCI_MANIFEST);
    JsonNode manifest = JSON.readTree(stored.bytes());
    List<String> baseLayers = digests(baseManifest.path("layers"));
    List<String> layers = digests(manifest.path("layers"));
    assertThat(layers).hasSize(baseLayers.size() + 1);
    assertThat(layers.subList(0, baseLayers.size()))
        .as("the base layers are kept byte for byte")
        .isEqualTo(baseLayers);

    Map<String, Entry> files = tar(gunzip(blob("jib/app", layers.get(layers.size() - 1))));
    assertThat(files).containsKeys("app/run.sh", "app/conf/app.properties");
    assertThat(files.get("app/run.sh").text()).isEqualTo("#!/bin/sh\nexec echo serving\n");
    assertThat(files.get("app/run.sh").mode()).isEqualTo(0755);
    assertThat(files.get("app/conf/app.properties").text()).isEqualTo("port=8080\n");

    JsonNode config =
        JSON.readTree(blob("jib/app", manifest.path("config").path("digest").asText()))
            .path("config");
    assertThat(config.path("Entrypoint"))
        .extracting(JsonNode::asText)
        .containsExactly("/app/run.sh", "--serve");
    assertThat(config.path("Env"))
        .extracting(JsonNode::asText)
        .contains("PATH=/usr/local/bin:/usr/bin:/bin", "BASE=1", "PORT=8080");
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/app");
    assertThat(config.path("User").asText()).isEqualTo("1000");

    assertThat(events(Kind.BASE_PULLED))
        .singleElement()
        .satisfies(e -> assertThat(e.repository()).isEqualTo("base/os"))
        .satisfies(e -> assertThat(e.digest()).isEqualTo(base.digest()));
    assertThat(events(Kind.IMAGE_BUILT))
        .singleElement()
        .satisfies(e -> assertThat(e.digest()).isEqualTo(pushed.digest()));
    assertThat(events(Kind.BLOB_MOUNTED))
        .as("the base layers are mounted from the base's repository, not uploaded")
        .extracting(ImagePublishEvent::digest)
        .containsExactlyInAnyOrderElementsOf(baseLayers);
    assertThat(events(Kind.BLOB_UPLOADED))
        .extracting(ImagePublishEvent::digest)
        .containsExactlyInAnyOrder(
            layers.get(layers.size() - 1), manifest.path("config").path("digest").asText());
    assertThat(events.get(0).kind()).isEqualTo(Kind.BASE_PULLED);
    assertThat(events.get(events.size() - 1).kind()).isEqualTo(Kind.TAG_WRITTEN);
    assertThat(fake.count("GetAuthorizationToken"))
        .as("one cached token for the pull and the push")
        .isEqualTo(1);
    // (the shared leak check fails the test if the build's temporary directory is left behind)
  }

  @Test
  void aMissingFileOrBaseIsAClearError() {
    ImagePublisher publisher = publisher();
    Path missing = dir.resolve("no-such-file");

    ImagePublishException noBase =
        catchThrowableOfType(
            ImagePublishException.class,
            () ->
                publisher.publish(
                    ImageSource.from(registry.host() + "/base/none:1")
                        .addFile(missing, "/app/x")
                        .build(),
                    registry.host() + "/jib/none:v1"));
    assertThat(noBase.kind()).isEqualTo(ImagePublishException.Kind.REGISTRY_ERROR);
    assertThat(noBase.status()).isEqualTo(404);
    assertThat(noBase.getMessage())
        .startsWith("the base image " + registry.host() + "/base/none:1 does not exist");

    Path baseArchive =
        TestImages.baseArchive(
            dir.resolve("base.tar"), TestImages.layerTar(random, "bin/sh", 1_000));
    publisher.publish(ImageSource.dockerArchive(baseArchive), registry.host() + "/base/small:1");
    ImagePublishException noFile =
        catchThrowableOfType(
            ImagePublishException.class,
            () ->
                publisher.publish(
                    ImageSource.from(registry.host() + "/base/small:1")
                        .addFile(missing, "/app/x")
                        .build(),
                    registry.host() + "/jib/none:v1"));
    assertThat(noFile.kind()).isEqualTo(ImagePublishException.Kind.INVALID_IMAGE);
    assertThat(noFile.getMessage())
        .startsWith("Jib could not build from:")
        .contains(missing.toString());
    assertThat(registry.tags("jib/none")).isEmpty();
  }

  private static List<String> digests(JsonNode descriptors) {
    List<String> out = new ArrayList<>();
    descriptors.forEach(d -> out.add(d.path("digest").asText()));
    return out;
  }

  /** GETs a blob through the registry API. */
  private static byte[] blob(String repository, String digest) throws IOException {
    URI uri = URI.create(registry.endpoint() + "/v2/" + repository + "/blobs/" + digest);
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    try {
      c.setRequestProperty(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (LocalRegistry.USER + ":" + registry.password())
                          .getBytes(StandardCharsets.UTF_8)));
      assertThat(c.getResponseCode()).isEqualTo(200);
      try (InputStream in = c.getInputStream()) {
        byte[] bytes = in.readAllBytes();
        assertThat(TestImages.sha256(bytes)).isEqualTo(digest);
        return bytes;
      }
    } finally {
      c.disconnect();
    }
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  record Entry(int mode, byte[] content) {
    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  /** The regular files of a tar, by name without a leading slash. */
  private static Map<String, Entry> tar(byte[] tar) {
    Map<String, Entry> out = new LinkedHashMap<>();
    int at = 0;
    while (at + 512 <= tar.length && tar[at] != 0) {
      String name = field(tar, at, 100);
      String prefix = field(tar, at + 345, 155);
      int mode = Integer.parseInt(field(tar, at + 100, 8).trim(), 8);
      int size = (int) Long.parseLong(field(tar, at + 124, 12).trim(), 8);
      char type = (char) tar[at + 156];
      String full = (prefix.isEmpty() ? name : prefix + "/" + name).replaceFirst("^/", "");
      if (type == '0' || type == 0) {
        byte[] content = new byte[size];
        System.arraycopy(tar, at + 512, content, 0, size);
        out.put(full, new Entry(mode & 07777, content));
      }
      at += 512 + (size + 511) / 512 * 512;
    }
    return out;
  }

  private static String field(byte[] tar, int offset, int length) {
    int end = offset;
    while (end < offset + length && tar[end] != 0) {
      end++;
    }
    return new String(tar, offset, end - offset, StandardCharsets.UTF_8);
  }
}
