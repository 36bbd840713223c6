package dev.opskit.ecs.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.opskit.ecs.image.ImagePublishEvent.Kind;
import dev.opskit.testing.ecs.FakeEcs;
import dev.opskit.testing.registry.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * ImagePublisher against a real CNCF distribution registry on loopback (htpasswd auth), with its
 * credentials handed out by FakeEcs's GetAuthorizationToken through the real SDK EcrClient.
 */
class ImagePublisherIT extends AgainstLocalRegistry {

  @TempDir Path dir;
  private final Random random = new Random(15);
  private final List<ImagePublishEvent> events = new CopyOnWriteArrayList<>();

  static EcrClient client(FakeEcs fake) {
    return EcrClient.builder()
        .endpointOverride(fake.endpoint())
        .region(Region.AP_NORTHEAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(FakeEcs.ACCESS_KEY, "x")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private ImagePublisher.Builder publisher() {
    return ImagePublisher.builder()
        .ecrClient(ecr)
        .allowInsecureRegistries(true)
        .clock(fake.clock())
        .listener(events::add);
  }

  private String target(String repositoryAndTag) {
    return registry.host() + "/" + repositoryAndTag;
  }

  private List<Kind> kinds() {
    return events.stream().map(ImagePublishEvent::kind).toList();
  }

  private long count(Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).count();
  }

  @Test
  void publishesAnOciArchiveByteForByteAndTheRegistryServesTheSameDigest() {
    TestImages.Written image =
        TestImages.ociLayout(
            dir.resolve("layout"),
            "v1",
            TestImages.random(random, 20_000),
            TestImages.random(random, 5_000));
    Path archive = TestImages.tar(dir.resolve("layout"), dir.resolve("app.tar"));

    ImageReference pushed =
        publisher().build().publish(ImageSource.ociArchive(archive), target("oci/app:v1"));

    assertThat(pushed.digest()).isEqualTo(image.digest());
    assertThat(pushed.toString()).isEqualTo(target("oci/app:v1@" + image.digest()));
    LocalRegistry.Manifest stored = registry.manifest("oci/app", "v1").orElseThrow();
    assertThat(stored.digest()).isEqualTo(image.digest());
    assertThat(stored.bytes()).isEqualTo(image.manifest());
    assertThat(stored.mediaType()).isEqualTo(TestImages.OCI_MANIFEST);
    assertThat(registry.blobExists("oci/app", image.config())).isTrue();
    assertThat(image.layers()).allMatch(l -> registry.blobExists("oci/app", l));
    assertThat(count(Kind.BLOB_UPLOADED)).isEqualTo(3);
    assertThat(events)
        .filteredOn(e -> e.kind() == Kind.BLOB_UPLOADED)
        .extracting(ImagePublishEvent::bytes)
        .contains(20_000L, 5_000L);
    assertThat(kinds()).endsWith(Kind.MANIFEST_PUSHED, Kind.TAG_WRITTEN);
    assertThat(fake.count("GetAuthorizationToken")).isEqualTo(1);
  }

  @Test
  void publishingTwiceUploadsNothingTheSecondTime() {
    TestImages.Written image =
        TestImages.ociLayout(dir.resolve("layout"), "v1", TestImages.random(random, 10_000));
    ImagePublisher publisher = publisher().build();
    publisher.publish(ImageSource.ociLayout(dir.resolve("layout")), target("twice:v1"));
    events.clear();

    ImageReference again =
        publisher.publish(ImageSource.ociLayout(dir.resolve("layout")), target("twice:v1"));

    assertThat(again.digest()).isEqualTo(image.digest());
    assertThat(count(Kind.BLOB_UPLOADED)).isZero();
    assertThat(count(Kind.BLOB_EXISTS)).isEqualTo(2);
    assertThat(kinds()).endsWith(Kind.MANIFEST_PUSHED, Kind.TAG_UNCHANGED);
    assertThat(fake.count("GetAuthorizationToken")).as("the token is cached").isEqualTo(1);
  }

  @Test
  void anIndexIsPublishedAfterItsChildrenByDigest() {
    TestImages.Written index = TestImages.ociLayoutWithIndex(dir.resolve("layout"), random);

    ImageReference pushed =
        publisher()
            .build()
            .publish(ImageSource.ociLayout(dir.resolve("layout")), target("multi:1"));

    assertThat(pushed.digest()).isEqualTo(index.digest());
    LocalRegistry.Manifest stored = registry.manifest("multi", "1").orElseThrow();
    assertThat(stored.bytes()).isEqualTo(index.manifest());
    assertThat(stored.mediaType()).isEqualTo(TestImages.OCI_INDEX);
    for (String child : index.layers()) {
      assertThat(registry.manifest("multi", child))
          .get()
          .extracting(LocalRegistry.Manifest::digest)
          .isEqualTo(child);
    }
    assertThat(events)
        .filteredOn(e -> e.kind() == Kind.MANIFEST_PUSHED)
        .extracting(ImagePublishEvent::digest)
        .containsExactly(index.layers().get(0), index.layers().get(1), index.digest());
  }

  @Test
  void aDockerSaveArchiveGetsOneManifestWithGzippedLayersAndKeepsItsConfig() throws IOException {
    Path archive =
        TestImages.dockerArchive(
            dir.resolve("saved.tar"),
            "docker",
            TestImages.layerTar(random, "bin/app", 30_000),
            TestImages.layerTar(random, "etc/conf", 2_000));
    ImagePublisher publisher = publisher().build();

    ImageReference pushed =
        publisher.publish(ImageSource.dockerArchive(archive), target("docker:v1"));

    LocalRegistry.Manifest stored = registry.manifest("docker", "v1").orElseThrow();
    assertThat(stored.digest())
        .isEqualTo(pushed.digest())
        .isEqualTo(TestImages.sha256(stored.bytes()));
    assertThat(stored.mediaType())
        .isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
    assertThat(stored.text())
        .contains("application/vnd.docker.image.rootfs.diff.tar.gzip")
        .contains("application/vnd.docker.container.image.v1+json");
    java.util.regex.Matcher config =
        java.util.regex.Pattern.compile("\"config\":\\{[^}]*\"digest\":\"sha256:([0-9a-f]{64})\"")
            .matcher(stored.text());
    assertThat(config.find()).isTrue();
    String archiveText = new String(Files.readAllBytes(archive), StandardCharsets.ISO_8859_1);
    assertThat(archiveText).as("the config keeps its digest").contains(config.group(1) + ".json");
    assertThat(registry.blobExists("docker", "sha256:" + config.group(1))).isTrue();
    assertThat(count(Kind.BLOB_UPLOADED)).isEqualTo(3);

    events.clear();
    ImageReference again =
        publisher.publish(ImageSource.dockerArchive(archive), target("docker:v1"));
    assertThat(again.digest()).as("gzip output is deterministic").isEqualTo(pushed.digest());
    assertThat(count(Kind.BLOB_UPLOADED)).isZero();
  }

  @Test
  void aDockerSaveArchiveWithACompleteOciLayoutIsPublishedByteForByte() {
    TestImages.Written image =
        TestImages.ociLayout(dir.resolve("layout"), "both", TestImages.random(random, 4_000));
    // Docker 25+ writes manifest.json beside the OCI layout
    Path archive = TestImages.tar(dir.resolve("layout"), dir.resolve("docker25.tar"));

    ImageReference pushed =
        publisher().build().publish(ImageSource.dockerArchive(archive), target("docker25:v1"));

    assertThat(pushed.digest()).isEqualTo(image.digest());
  }

  @Test
  void aLayerInAnotherRepositoryIsMountedNotUploaded() {
    byte[] base = TestImages.random(random, 50_000);
    TestImages.ociLayout(dir.resolve("one"), "one", base, TestImages.random(random, 100));
    TestImages.Written two =
        TestImages.ociLayout(dir.resolve("two"), "two", base, TestImages.random(random, 200));
    TestImages.ociLayout(dir.resolve("three"), "three", base, TestImages.random(random, 300));
    ImagePublisher publisher = publisher().build();
    publisher.publish(ImageSource.ociLayout(dir.resolve("one")), target("mount/one:1"));
    events.clear();

    publisher.publish(ImageSource.ociLayout(dir.resolve("two")), target("mount/two:1"));

    assertThat(events)
        .filteredOn(e -> e.kind() == Kind.BLOB_MOUNTED)
        .extracting(ImagePublishEvent::digest)
        .containsExactly(two.layers().get(0));
    assertThat(count(Kind.BLOB_UPLOADED)).isEqualTo(2);
    assertThat(registry.blobExists("mount/two", two.layers().get(0))).isTrue();

    events.clear();
    ImagePublisher fresh = publisher().mountFrom(List.of("mount/one")).build();
    fresh.publish(ImageSource.ociLayout(dir.resolve("three")), target("mount/three:1"));
    assertThat(count(Kind.BLOB_MOUNTED)).as("mountFrom names the base repository").isEqualTo(1);
  }

  @Test
  void aCorruptLastLayerStopsThePushBeforeTheTag() throws IOException {
    TestImages.Written image =
        TestImages.ociLayout(
            dir.resolve("layout"),
            "v1",
            TestImages.random(random, 8_000),
            TestImages.random(random, 9_000));
    Path last = dir.resolve("layout/blobs/sha256/" + image.layers().get(1).substring(7));
    byte[] bytes = Files.readAllBytes(last);
    bytes[4_000] ^= 1;
    Files.write(last, bytes);
    Path archive = TestImages.tar(dir.resolve("layout"), dir.resolve("corrupt.tar"));

    ImagePublishException e =
        catchThrowableOfType(
            ImagePublishException.class,
            () ->
                publisher()
                    .uploadThreads(1)
                    .build()
                    .publish(ImageSource.ociArchive(archive), target("corrupt:v1")));

    assertThat(e.kind()).isEqualTo(ImagePublishException.Kind.INVALID_IMAGE);
    assertThat(e.file()).contains(archive);
    assertThat(e.getMessage())
        .contains("blobs/sha256/" + image.layers().get(1).substring(7) + " is corrupt");
    assertThat(registry.tags("corrupt")).isEmpty();
    assertThat(registry.manifest("corrupt", image.digest())).isEmpty();
    assertThat(registry.blobExists("corrupt", image.layers().get(1))).isFalse();
  }

  @Test
  void anInterruptedPushLeavesNoTag() {
    TestImages.ociLayout(
        dir.resolve("layout"),
        "v1",
        TestImages.random(random, 1_000),
        TestImages.random(random, 2_000_000),
        TestImages.random(random, 3_000_000));
    Thread caller = Thread.currentThread();
    ImagePublisher publisher =
        publisher()
            .uploadThreads(1)
            .listener(
                e -> {
                  events.add(e);
                  if (e.kind() == Kind.BLOB_UPLOADED) {
                    caller.interrupt();
                  }
                })
            .build();

    ImagePublishException e;
    try {
      e =
          catchThrowableOfType(
              ImagePublishException.class,
              () ->
                  publisher.publish(
                      ImageSource.ociLayout(dir.resolve("layout")), target("cut:v1")));
    } finally {
      Thread.interrupted();
    }

    assertThat(e.kind()).isEqualTo(ImagePublishException.Kind.INTERRUPTED);
    assertThat(e.getMessage()).contains("the tag was not written");
    assertThat(kinds()).doesNotContain(Kind.MANIFEST_PUSHED, Kind.TAG_WRITTEN);
    assertThat(registry.tags("cut")).isEmpty();
  }

  @Test
  void aWrongPasswordIsAClearAuthenticationErrorWithoutTheSecret() {
    TestImages.ociLayout(dir.resolve("layout"), "v1", TestImages.random(random, 100));
    String secret = "wrong-" + registry.password().substring(0, 6) + "-pw";
    ImagePublisher publisher =
        ImagePublisher.builder()
            .registryCredentials(registry.host(), LocalRegistry.USER, secret)
            .allowInsecureRegistries(true)
            .build();

    ImagePublishException e =
        catchThrowableOfType(
            ImagePublishException.class,
            () ->
                publisher.publish(ImageSource.ociLayout(dir.resolve("layout")), target("auth:v1")));

    assertThat(e.kind()).isEqualTo(ImagePublishException.Kind.AUTHENTICATION);
    assertThat(e.registry()).isEqualTo(registry.host());
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.getMessage())
        .startsWith(
            registry.host() + " refused the registryCredentials given for " + registry.host())
        .contains("user AWS")
        .doesNotContain(secret);
    assertThat(e.toString()).doesNotContain(secret);
    assertThat(publisher.toString()).doesNotContain(secret);
  }

  @Test
  void anExpiredTokenIsRenewedOnce() {
    TestImages.ociLayout(dir.resolve("layout"), "v1", TestImages.random(random, 100));
    fake.ecrAuthorization(
        registry.endpoint(), Duration.ofHours(12), "expired", registry.password());

    ImageReference pushed =
        publisher()
            .build()
            .publish(ImageSource.ociLayout(dir.resolve("layout")), target("renew:v1"));

    assertThat(pushed.digest()).isNotNull();
    assertThat(fake.count("GetAuthorizationToken")).isEqualTo(2);
  }

  @Test
  void aTokenRefusedAlsoAfterRenewalIsAClearError() {
    TestImages.ociLayout(dir.resolve("layout"), "v1", TestImages.random(random, 100));
    fake.ecrAuthorization(registry.endpoint(), Duration.ofHours(12), "stale-one", "stale-two");

    ImagePublishException e =
        catchThrowableOfType(
            ImagePublishException.class,
            () ->
                publisher()
                    .build()
                    .publish(ImageSource.ociLayout(dir.resolve("layout")), target("renew:v2")));

    assertThat(e.kind()).isEqualTo(ImagePublishException.Kind.AUTHENTICATION);
    assertThat(e.getMessage())
        .isEqualTo(
            registry.host()
                + " refused the token from ECR GetAuthorizationToken, also after renewing them"
                + " once (GET /v2/: UNAUTHORIZED: authentication required)")
        .doesNotContain("stale");
    assertThat(fake.count("GetAuthorizationToken")).isEqualTo(2);
  }

  @Test
  void aCachedTokenIsRenewedBeforeItExpires() {
    TestImages.ociLayout(dir.resolve("layout"), "v1", TestImages.random(random, 100));
    fake.ecrAuthorization(registry.endpoint(), Duration.ofMinutes(20), registry.password());
    ImagePublisher publisher = publisher().build();
    ImageSource source = ImageSource.ociLayout(dir.resolve("layout"));

    publisher.publish(source, target("early:v1"));
    publisher.publish(source, target("early:v1"));
    assertThat(fake.count("GetAuthorizationToken")).isEqualTo(1);

    fake.advance(Duration.ofMinutes(6)); // 14 minutes left: inside the 15-minute margin
    publisher.publish(source, target("early:v1"));
    assertThat(fake.count("GetAuthorizationToken")).isEqualTo(2);
  }

  @Test
  void notAnImageSaysWhichFileIsWrong() throws IOException {
    Path junk = Files.write(dir.resolve("junk.tar"), TestImages.random(random, 4096));
    ImagePublisher publisher = publisher().build();

    ImagePublishException e =
        catchThrowableOfType(
            ImagePublishException.class,
            () -> publisher.publish(ImageSource.ociArchive(junk), target("junk:v1")));
    assertThat(e.kind()).isEqualTo(ImagePublishException.Kind.INVALID_IMAGE);
    assertThat(e.file()).contains(junk);
    assertThat(e.getMessage())
        .isEqualTo(
            "not a valid image: "
                + junk
                + ": not a tar archive (the"
                + " first 512-byte header has no valid checksum)");

    Path docker =
        TestImages.dockerArchive(
            dir.resolve("docker.tar"), "d", TestImages.layerTar(random, "a", 10));
    assertThatThrownBy(() -> publisher.publish(ImageSource.ociArchive(docker), target("junk:v1")))
        .isInstanceOf(ImagePublishException.class)
        .hasMessageContaining(docker + ": no index.json: not an OCI image layout")
        .hasMessageContaining("use ImageSource.dockerArchive");

    Path layout = dir.resolve("layout");
    TestImages.Written image = TestImages.ociLayout(layout, "v1", TestImages.random(random, 10));
    Files.delete(layout.resolve("blobs/sha256/" + image.layers().get(0).substring(7)));
    assertThatThrownBy(() -> publisher.publish(ImageSource.ociLayout(layout), target("junk:v1")))
        .isInstanceOf(ImagePublishException.class)
        .hasMessageContaining(
            layout
                + ": blobs/sha256/"
                + image.digest().substring(7)
                + " names blob "
                + image.layers().get(0)
                + " but blobs/sha256/"
                + image.layers().get(0).substring(7)
                + " is missing");
    assertThat(registry.tags("junk")).isEmpty();
  }
}
