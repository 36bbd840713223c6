package dev.opskit.ecs.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.opskit.ecs.image.ImagePublishEvent.Kind;
import dev.opskit.testing.registry.LocalRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An ECR token that expires in the middle of a push: the real registry's password is rotated just
 * before the Nth request of one kind reaches it (through a recording proxy), so the registry itself
 * refuses that request with 401. FakeEcs hands out the old password first and the new one after.
 */
class ImagePublisherRenewalIT extends AgainstLocalRegistry {
  private static final AtomicInteger REPOSITORIES = new AtomicInteger();

  @TempDir Path dir;
  private final Random random = new Random(151);
  private final List<ImagePublishEvent> events = new CopyOnWriteArrayList<>();

  @Override
  boolean authorizesRegistry() {
    return false; // each test hands out the old password, then the new one
  }

  /** Rotates the registry's password once, just before the nth request that matches. */
  private static java.util.function.Consumer<RegistryProxy.Request> rotateAt(
      Predicate<RegistryProxy.Request> which, int nth, String newPassword) {
    AtomicInteger seen = new AtomicInteger();
    return r -> {
      if (which.test(r) && seen.incrementAndGet() == nth) {
        registry.password(newPassword);
      }
    };
  }

  private ImagePublisher publisher(int threads) {
    return ImagePublisher.builder()
        .ecrClient(ecr)
        .allowInsecureRegistries(true)
        .clock(fake.clock())
        .uploadThreads(threads)
        .listener(events::add)
        .build();
  }

  /** A new repository for each case: the registry outlives them, and a blob it has is not sent. */
  private static String repository(String prefix) {
    return prefix + "/app" + REPOSITORIES.incrementAndGet();
  }

  private TestImages.Written image() {
    // under 256 KB each, so the registry reads a refused body instead of resetting the connection
    return TestImages.ociLayout(
        dir.resolve("layout"),
        "v1",
        TestImages.random(random, 150_000),
        TestImages.random(random, 120_000),
        TestImages.random(random, 90_000));
  }

  private List<ImagePublishEvent> events(Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).toList();
  }

  static Stream<Arguments> refusedSteps() {
    Predicate<RegistryProxy.Request> patch = r -> r.method().equals("PATCH");
    return Stream.of(
        Arguments.argumentSet("the second layer's PATCH, one thread", patch, 2, 1),
        Arguments.argumentSet("the second layer's PATCH, three threads", patch, 2, 3),
        Arguments.argumentSet(
            "the third blob's commit PUT",
            (Predicate<RegistryProxy.Request>) RegistryProxy.Request::isBlobCommit,
            3,
            1),
        Arguments.argumentSet(
            "the second blob's start POST",
            (Predicate<RegistryProxy.Request>) RegistryProxy.Request::isUploadStart,
            2,
            1),
        Arguments.argumentSet(
            "the manifest PUT",
            (Predicate<RegistryProxy.Request>) RegistryProxy.Request::isManifestPut,
            1,
            1));
  }

  @ParameterizedTest
  @MethodSource("refusedSteps")
  void aTokenThatExpiresMidPushIsRenewedOnceAndTheRefusedStepStartsAgain(
      Predicate<RegistryProxy.Request> which, int nth, int threads) {
    TestImages.Written image = image();
    String before = registry.password();
    String repository = repository("renew");
    String after = "rotated-for-" + repository; // a new password for each case
    try (RegistryProxy proxy =
        new RegistryProxy(registry.endpoint(), rotateAt(which, nth, after))) {
      fake.ecrAuthorization(proxy.endpoint(), Duration.ofHours(12), before, after);

      ImageReference pushed =
          publisher(threads)
              .publish(
                  ImageSource.ociLayout(dir.resolve("layout")),
                  proxy.host() + "/" + repository + ":v1");

      assertThat(pushed.digest()).isEqualTo(image.digest());
      LocalRegistry.Manifest stored = registry.manifest(repository, "v1").orElseThrow();
      assertThat(stored.digest()).isEqualTo(image.digest());
      assertThat(stored.bytes()).isEqualTo(image.manifest());
      assertThat(registry.blobExists(repository, image.config())).isTrue();
      assertThat(image.layers()).allMatch(l -> registry.blobExists(repository, l));
      assertThat(fake.count("GetAuthorizationToken"))
          .as("the token was fetched twice")
          .isEqualTo(2);

      List<ImagePublishEvent> renewed = events(Kind.CREDENTIALS_RENEWED);
      assertThat(renewed).as("renewed once, by one thread for all").hasSize(1);
      List<RegistryProxy.Exchange> refused =
          proxy.exchanges.stream().filter(x -> x.status() == 401).toList();
      // (a DELETE of the refused session, best effort, is sent with the renewed credentials)
      assertThat(refused).isNotEmpty();
      if (threads == 1) {
        assertThat(refused)
            .singleElement()
            .matches(x -> which.test(new RegistryProxy.Request(x.method(), x.uri())));
      }
      List<RegistryProxy.Exchange> all = List.copyOf(proxy.exchanges);
      int first401 = all.indexOf(refused.get(0));
      List<RegistryProxy.Exchange> afterwards = all.subList(first401 + 1, all.size());
      if (threads == 1) {
        assertThat(afterwards).noneMatch(x -> x.status() == 401);
      } // else requests already in flight with the old token are refused too, and sent again
      if (renewed.get(0).mediaType().contains("manifest")) {
        assertThat(renewed.get(0).digest()).isEqualTo(image.digest());
        assertThat(afterwards.get(0).uri())
            .as("the same bytes again")
            .isEqualTo(refused.get(0).uri());
        assertThat(afterwards.get(0).status()).isEqualTo(201);
        assertThat(events(Kind.BLOB_RESTARTED)).isEmpty();
      } else {
        ImagePublishEvent blob = renewed.get(0);
        assertThat(events(Kind.BLOB_RESTARTED))
            .as("the listener saw the refused blob start again")
            .extracting(ImagePublishEvent::digest)
            .contains(blob.digest());
        // the refused blob is sent again from its first byte, in a new session, and committed
        assertThat(all)
            .filteredOn(
                x ->
                    x.method().equals("PUT")
                        && x.uri().contains("digest=" + blob.digest().replace(":", "%3A")))
            .extracting(RegistryProxy.Exchange::status)
            .endsWith(201);
        if (threads == 1) {
          assertThat(afterwards.get(0).method()).isIn("DELETE", "POST");
          List<RegistryProxy.Exchange> restart =
              afterwards.stream().dropWhile(x -> !x.method().equals("POST")).limit(3).toList();
          assertThat(restart)
              .extracting(RegistryProxy.Exchange::method)
              .containsExactly("POST", "PATCH", "PUT");
          assertThat(restart.get(1).requestBytes()).isEqualTo(blob.bytes());
          assertThat(restart.get(2).uri()).contains("digest=" + blob.digest().replace(":", "%3A"));
          assertThat(restart.get(2).status()).isEqualTo(201);
        }
      }
      assertThat(events(Kind.BLOB_UPLOADED)).hasSize(4);
      assertThat(events.get(events.size() - 1).kind()).isEqualTo(Kind.TAG_WRITTEN);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void aRenewedTokenThatIsRefusedTooEndsThePublishAfterOneRenewal(int threads) {
    TestImages.Written image = image();
    String before = registry.password();
    String repository = repository("again");
    String handedOutAfter = "stale-after-renewal-for-" + repository;
    String registryNow = "rotated-for-" + repository;
    try (RegistryProxy proxy =
        new RegistryProxy(
            registry.endpoint(), rotateAt(r -> r.method().equals("PATCH"), 2, registryNow))) {
      fake.ecrAuthorization(proxy.endpoint(), Duration.ofHours(12), before, handedOutAfter);

      ImagePublishException e =
          catchThrowableOfType(
              ImagePublishException.class,
              () ->
                  publisher(threads)
                      .publish(
                          ImageSource.ociLayout(dir.resolve("layout")),
                          proxy.host() + "/" + repository + ":v1"));

      assertThat(e.kind()).isEqualTo(ImagePublishException.Kind.AUTHENTICATION);
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.registry()).isEqualTo(proxy.host());
      assertThat(e.repository()).contains(repository);
      assertThat(e.credentialsRenewed()).isTrue();
      assertThat(e.digest()).isPresent();
      assertThat(
              image.layers().contains(e.digest().get()) || image.config().equals(e.digest().get()))
          .isTrue();
      assertThat(e.getMessage())
          .startsWith(
              proxy.host()
                  + " refused the token from ECR GetAuthorizationToken, also after renewing them"
                  + " once (")
          .contains(e.digest().get())
          .endsWith(": UNAUTHORIZED: authentication required)")
          .doesNotContain(before)
          .doesNotContain(handedOutAfter)
          .doesNotContain(registryNow);
      assertThat(fake.count("GetAuthorizationToken")).as("one renewal, not a loop").isEqualTo(2);
      assertThat(events(Kind.CREDENTIALS_RENEWED)).hasSize(1);
      assertThat(events).noneMatch(x -> x.kind() == Kind.MANIFEST_PUSHED);
      assertThat(registry.tags(repository)).isEmpty();
      if (threads == 1) {
        assertThat(proxy.exchanges)
            .as("the refused PATCH, and the POST of its restart")
            .filteredOn(x -> x.status() == 401 && !x.method().equals("DELETE"))
            .extracting(RegistryProxy.Exchange::method)
            .containsExactly("PATCH", "POST");
      }
    }
  }
}
