package dev.opskit.ecs.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.opskit.ecs.image.ScriptedRegistry.Request;
import dev.opskit.ecs.image.ScriptedRegistry.Response;
import dev.opskit.testing.ecs.FakeEcs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;

/** How ECR-only answers (scripted on loopback) surface: each as a typed, explained failure. */
class ImagePublisherRegistryErrorsTest {
  private static final String JSON = "application/json; charset=utf-8";

  @TempDir Path dir;
  private final Random random = new Random(7);

  private ImageSource image() {
    TestImages.ociLayout(dir.resolve("layout"), "v1", TestImages.random(random, 1000));
    return ImageSource.ociLayout(dir.resolve("layout"));
  }

  @Test
  void aMissingEcrRepositoryIsNamedWithTheCommandThatCreatesIt() {
    String ecrNameUnknown =
        "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"The repository with name"
            + " 'team/app' does not exist in the registry with id '123456789012'\"}]}";
    try (FakeEcs fake = FakeEcs.start();
        EcrClient ecr = ImagePublisherIT.client(fake);
        ScriptedRegistry registry =
            new ScriptedRegistry(
                r ->
                    r.method().equals("GET") && r.uri().equals("/v2/")
                        ? Response.of(200, "")
                        : r.method().equals("HEAD")
                            ? Response.of(404, "")
                            : Response.of(404, ecrNameUnknown, "Content-Type", JSON))) {
      fake.ecrAuthorization(registry.endpoint(), Duration.ofHours(12), "pw");
      ImagePublisher publisher =
          ImagePublisher.builder().ecrClient(ecr).allowInsecureRegistries(true).build();

      ImagePublishException e =
          catchThrowableOfType(
              ImagePublishException.class,
              () -> publisher.publish(image(), registry.host() + "/team/app:v1"));

      assertThat(e.kind()).isEqualTo(ImagePublishException.Kind.REPOSITORY_NOT_FOUND);
      assertThat(e.repository()).contains("team/app");
      assertThat(e.registry()).isEqualTo(registry.host());
      assertThat(e.getMessage())
          .startsWith(
              "repository team/app does not exist in "
                  + registry.host()
                  + "; create it first: aws ecr create-repository --repository-name team/app"
                  + " --region ap-northeast-1 (registry said: NAME_UNKNOWN: The repository with"
                  + " name 'team/app' does not exist");
      assertThat(registry.requests).noneMatch(r -> r.uri().contains("/manifests/"));
    }
  }

  @Test
  void anImmutableTagThatNamesAnotherImageIsRefusedClearly() {
    String other = "sha256:" + "a".repeat(64);
    String tagInvalid =
        "{\"errors\":[{\"code\":\"TAG_INVALID\",\"message\":\"The image tag 'v1' already exists"
            + " in the 'app' repository and cannot be overwritten because the tag is"
            + " immutable.\"}]}";
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            r -> {
              if (r.method().equals("HEAD") && r.uri().contains("/blobs/")) {
                return Response.of(200, "");
              }
              if (r.method().equals("HEAD") && r.uri().endsWith("/manifests/v1")) {
                return Response.of(200, "", "Docker-Content-Digest", other);
              }
              if (r.method().equals("PUT") && r.uri().endsWith("/manifests/v1")) {
                return Response.of(400, tagInvalid, "Content-Type", JSON);
              }
              if (r.method().equals("PUT")) {
                return Response.of(201, "");
              }
              return Response.of(200, "");
            })) {
      ImagePublisher publisher =
          ImagePublisher.builder()
              .registryCredentials(registry.host(), "AWS", "pw")
              .allowInsecureRegistries(true)
              .build();

      ImagePublishException e =
          catchThrowableOfType(
              ImagePublishException.class,
              () -> publisher.publish(image(), registry.host() + "/app:v1"));

      assertThat(e.kind()).isEqualTo(ImagePublishException.Kind.TAG_IMMUTABLE);
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage())
          .startsWith(
              "tag v1 of "
                  + registry.host()
                  + "/app already names another image and the repository's tags are immutable;"
                  + " publish under a new tag");
    }
  }

  @Test
  void anImmutableTagThatAlreadyNamesTheImageIsLeftAlone() {
    TestImages.Written written =
        TestImages.ociLayout(dir.resolve("same"), "v1", TestImages.random(random, 500));
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            r -> {
              if (r.method().equals("HEAD")) {
                return Response.of(200, "", "Docker-Content-Digest", written.digest());
              }
              if (r.method().equals("PUT") && r.uri().endsWith("/manifests/v1")) {
                return Response.of(400, "{\"errors\":[{\"code\":\"TAG_INVALID\"}]}");
              }
              return Response.of(r.method().equals("PUT") ? 201 : 200, "");
            })) {
      java.util.List<ImagePublishEvent> events = new java.util.ArrayList<>();
      ImageReference pushed =
          ImagePublisher.builder()
              .allowInsecureRegistries(true)
              .listener(events::add)
              .build()
              .publish(ImageSource.ociLayout(dir.resolve("same")), registry.host() + "/app:v1");

      assertThat(pushed.digest()).isEqualTo(written.digest());
      assertThat(events)
          .last()
          .extracting(ImagePublishEvent::kind)
          .isEqualTo(ImagePublishEvent.Kind.TAG_UNCHANGED);
    }
  }

  @Test
  void ecrsPlainTextRefusalIsAnAuthenticationFailure() {
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            r ->
                Response.of(
                    401,
                    "Not Authorized\n",
                    "WWW-Authenticate",
                    "Basic realm=\"https://123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/\","
                        + "service=\"ecr.amazonaws.com\"",
                    "Content-Type",
                    "text/plain"))) {
      ImagePublisher publisher =
          ImagePublisher.builder()
              .registryCredentials(registry.host(), "AWS", "s3cr3t-token")
              .allowInsecureRegistries(true)
              .build();

      ImagePublishException e =
          catchThrowableOfType(
              ImagePublishException.class,
              () -> publisher.publish(image(), registry.host() + "/app:v1"));

      assertThat(e.kind()).isEqualTo(ImagePublishException.Kind.AUTHENTICATION);
      assertThat(e.getMessage())
          .isEqualTo(
              registry.host()
                  + " refused the registryCredentials given for "
                  + registry.host()
                  + " (user AWS) (GET /v2/: Not Authorized)")
          .doesNotContain("s3cr3t");
    }
  }

  @Test
  void aBearerChallengeIsAnsweredWithATokenFromTheRealm() {
    String[] realm = new String[1];
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            r -> {
              if (r.uri().startsWith("/token")) {
                return "Basic QVdTOnB3".equals(r.header("Authorization"))
                    ? Response.of(200, "{\"token\":\"t-1\"}", "Content-Type", JSON)
                    : Response.of(401, "");
              }
              if (!"Bearer t-1".equals(r.header("Authorization"))) {
                return Response.of(
                    401,
                    "",
                    "WWW-Authenticate",
                    "Bearer realm=\"" + realm[0] + "\",service=\"scripted\"");
              }
              if (r.method().equals("HEAD")) {
                return Response.of(200, "");
              }
              return Response.of(r.method().equals("PUT") ? 201 : 200, "");
            })) {
      realm[0] = registry.endpoint() + "/token";
      ImageReference pushed =
          ImagePublisher.builder()
              .registryCredentials(registry.host(), "AWS", "pw")
              .allowInsecureRegistries(true)
              .build()
              .publish(image(), registry.host() + "/team/app:v1");

      assertThat(pushed.digest()).isNotNull();
      Request token =
          registry.requests.stream()
              .filter(r -> r.uri().startsWith("/token"))
              .findFirst()
              .orElseThrow();
      assertThat(token.uri())
          .isEqualTo("/token?service=scripted&scope=repository%3Ateam%2Fapp%3Apull%2Cpush");
      assertThat(registry.requests.stream().filter(r -> r.uri().startsWith("/token"))).hasSize(1);
    }
  }

  @Test
  void plainHttpIsOnlyForLoopbackRegistries() {
    ImagePublisher publisher = ImagePublisher.builder().allowInsecureRegistries(true).build();

    ImagePublishException e =
        catchThrowableOfType(
            ImagePublishException.class,
            () -> publisher.publish(image(), "registry.invalid/app:v1"));

    assertThat(e.kind()).isEqualTo(ImagePublishException.Kind.REGISTRY_ERROR);
    assertThat(e.getMessage()).contains("(https://registry.invalid/)");
  }

  @Test
  void throttlingIsRetriedAfterRetryAfterAndAMountThatOpensASessionUploadsIntoIt() {
    java.util.concurrent.atomic.AtomicInteger posts =
        new java.util.concurrent.atomic.AtomicInteger();
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            r -> {
              if (r.method().equals("HEAD")) {
                return Response.of(404, "");
              }
              if (r.method().equals("POST") && posts.getAndIncrement() == 0) {
                return Response.of(
                    429,
                    "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"Rate exceeded\"}]}",
                    "Retry-After",
                    "1");
              }
              if (r.method().equals("POST")) {
                // a mount the registry cannot do: 202 and an ordinary upload session
                return Response.of(202, "", "Location", "/v2/app/blobs/uploads/s-" + posts.get());
              }
              if (r.method().equals("PATCH")) {
                return Response.of(202, "", "Location", r.uri() + "?_state=patched");
              }
              return Response.of(r.method().equals("PUT") ? 201 : 200, "");
            })) {
      java.util.List<ImagePublishEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      ImagePublisher.builder()
          .allowInsecureRegistries(true)
          .uploadThreads(1)
          .mountFrom(java.util.List.of("base"))
          .listener(events::add)
          .build()
          .publish(image(), registry.host() + "/app:v1");

      assertThat(events)
          .filteredOn(e -> e.kind() == ImagePublishEvent.Kind.BLOB_UPLOADED)
          .hasSize(2);
      java.util.List<String> calls =
          registry.requests.stream().map(r -> r.method() + " " + r.uri()).toList();
      assertThat(calls.subList(0, 7))
          .containsExactly(
              "GET /v2/",
              "HEAD /v2/app/blobs/" + events.get(0).digest(),
              "POST /v2/app/blobs/uploads/?mount="
                  + events.get(0).digest().replace(":", "%3A")
                  + "&from=base",
              "POST /v2/app/blobs/uploads/?mount="
                  + events.get(0).digest().replace(":", "%3A")
                  + "&from=base",
              "PATCH /v2/app/blobs/uploads/s-2",
              "PUT /v2/app/blobs/uploads/s-2?_state=patched&digest="
                  + events.get(0).digest().replace(":", "%3A"),
              "HEAD /v2/app/blobs/" + events.get(1).digest());
      assertThat(registry.requests.get(4).body()).hasSize((int) events.get(0).bytes());
    }
  }

  @Test
  void uploadThreadsRefusedTogetherShareOneRenewal() {
    String first = "Basic " + java.util.Base64.getEncoder().encodeToString("AWS:first".getBytes());
    String second =
        "Basic " + java.util.Base64.getEncoder().encodeToString("AWS:second".getBytes());
    java.util.concurrent.CountDownLatch together = new java.util.concurrent.CountDownLatch(3);
    TestImages.ociLayout(
        dir.resolve("three"), "v1", TestImages.random(random, 100), TestImages.random(random, 200));
    try (FakeEcs fake = FakeEcs.start();
        EcrClient ecr = ImagePublisherIT.client(fake);
        ScriptedRegistry registry =
            new ScriptedRegistry(
                r -> {
                  String auth = r.header("Authorization");
                  if (r.uri().equals("/v2/")) {
                    return Response.of(first.equals(auth) ? 200 : 401, "");
                  }
                  if (r.method().equals("HEAD") && first.equals(auth)) {
                    // the token expires under the three upload threads at once
                    together.countDown();
                    try {
                      together.await(5, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    return Response.of(401, "", "WWW-Authenticate", "Basic realm=\"x\"");
                  }
                  if (!second.equals(auth)) {
                    return Response.of(401, "", "WWW-Authenticate", "Basic realm=\"x\"");
                  }
                  if (r.method().equals("HEAD")) {
                    return Response.of(200, "");
                  }
                  return Response.of(r.method().equals("PUT") ? 201 : 200, "");
                })) {
      fake.ecrAuthorization(registry.endpoint(), Duration.ofHours(12), "first", "second");

      ImageReference pushed =
          ImagePublisher.builder()
              .ecrClient(ecr)
              .clock(fake.clock())
              .allowInsecureRegistries(true)
              .uploadThreads(3)
              .build()
              .publish(ImageSource.ociLayout(dir.resolve("three")), registry.host() + "/app:v1");

      assertThat(pushed.digest()).isNotNull();
      assertThat(fake.count("GetAuthorizationToken")).isEqualTo(2);
    }
  }

  /**
   * A token service whose tokens t-1, t-2, ... the registry accepts until the first PATCH; from
   * then on it accepts only tokens handed out after that moment (or none, when {@code renewalWorks}
   * is false).
   */
  private static ScriptedRegistry expiringBearerRegistry(String[] realm, boolean renewalWorks) {
    java.util.concurrent.atomic.AtomicInteger issued =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger validFrom =
        new java.util.concurrent.atomic.AtomicInteger(1);
    return new ScriptedRegistry(
        r -> {
          if (r.uri().startsWith("/token")) {
            return Response.of(
                200, "{\"token\":\"t-" + issued.incrementAndGet() + "\"}", "Content-Type", JSON);
          }
          if (r.method().equals("PATCH") && validFrom.get() == 1) {
            validFrom.set(renewalWorks ? issued.get() + 1 : Integer.MAX_VALUE); // expired now
          }
          String auth = r.header("Authorization");
          boolean valid =
              auth != null
                  && auth.startsWith("Bearer t-")
                  && Integer.parseInt(auth.substring(9)) >= validFrom.get();
          if (!valid) {
            return Response.of(
                401,
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"token expired\"}]}",
                "WWW-Authenticate",
                "Bearer realm=\"" + realm[0] + "\",service=\"scripted\"",
                "Content-Type",
                JSON);
          }
          if (r.method().equals("HEAD")) {
            return Response.of(404, "");
          }
          if (r.method().equals("POST")) {
            return Response.of(202, "", "Location", "/v2/app/blobs/uploads/s-" + r.hashCode());
          }
          if (r.method().equals("PATCH")) {
            return Response.of(202, "", "Location", r.uri() + "?_state=patched");
          }
          return Response.of(
              r.method().equals("PUT") || r.method().equals("DELETE") ? 201 : 200, "");
        });
  }

  @Test
  void aBearerTokenThatExpiresDuringALayerUploadIsReplacedOnceAndTheLayerSentAgain() {
    String[] realm = new String[1];
    java.util.List<ImagePublishEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ScriptedRegistry registry = expiringBearerRegistry(realm, true)) {
      realm[0] = registry.endpoint() + "/token";
      ImageReference pushed =
          ImagePublisher.builder()
              .registryCredentials(registry.host(), "AWS", "pw")
              .allowInsecureRegistries(true)
              .uploadThreads(1)
              .listener(events::add)
              .build()
              .publish(image(), registry.host() + "/app:v1");

      assertThat(pushed.digest()).isNotNull();
      assertThat(registry.requests)
          .as("a new token, once")
          .filteredOn(r -> r.uri().startsWith("/token"))
          .hasSize(2);
      java.util.List<String> calls =
          registry.requests.stream()
              .filter(r -> !r.uri().startsWith("/token"))
              .map(r -> r.method() + " " + r.header("Authorization"))
              .toList();
      int refused = calls.indexOf("PATCH Bearer t-1");
      assertThat(calls.subList(refused + 1, refused + 4))
          .as("the refused layer starts again in a new session with the new token")
          .containsExactly("DELETE Bearer t-2", "POST Bearer t-2", "PATCH Bearer t-2");
      ImagePublishEvent renewed =
          events.stream()
              .filter(e -> e.kind() == ImagePublishEvent.Kind.CREDENTIALS_RENEWED)
              .findFirst()
              .orElseThrow();
      assertThat(events)
          .extracting(ImagePublishEvent::kind, ImagePublishEvent::digest)
          .containsSubsequence(
              org.assertj.core.groups.Tuple.tuple(
                  ImagePublishEvent.Kind.CREDENTIALS_RENEWED, renewed.digest()),
              org.assertj.core.groups.Tuple.tuple(
                  ImagePublishEvent.Kind.BLOB_RESTARTED, renewed.digest()),
              org.assertj.core.groups.Tuple.tuple(
                  ImagePublishEvent.Kind.BLOB_UPLOADED, renewed.digest()));
      assertThat(registry.requests)
          .filteredOn(r -> r.method().equals("PATCH"))
          .extracting(r -> r.body().length)
          .as("the refused layer is read again from its first byte")
          .hasSize(3)
          .startsWith((int) renewed.bytes(), (int) renewed.bytes());
    }
  }

  @Test
  void aRenewedBearerTokenThatIsRefusedTooIsAClearErrorAfterOneRenewal() {
    String[] realm = new String[1];
    try (ScriptedRegistry registry = expiringBearerRegistry(realm, false)) {
      realm[0] = registry.endpoint() + "/token";
      ImagePublisher publisher =
          ImagePublisher.builder()
              .registryCredentials(registry.host(), "AWS", "s3cr3t")
              .allowInsecureRegistries(true)
              .uploadThreads(1)
              .build();

      ImagePublishException e =
          catchThrowableOfType(
              ImagePublishException.class,
              () -> publisher.publish(image(), registry.host() + "/app:v1"));

      assertThat(e.kind()).isEqualTo(ImagePublishException.Kind.AUTHENTICATION);
      assertThat(e.credentialsRenewed()).isTrue();
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.digest()).isPresent();
      assertThat(e.getMessage())
          .isEqualTo(
              registry.host()
                  + " refused the registryCredentials given for "
                  + registry.host()
                  + " (user AWS), also after renewing them once (start upload of "
                  + e.digest().get()
                  + ": UNAUTHORIZED: token expired)")
          .doesNotContain("s3cr3t")
          .doesNotContain("t-1")
          .doesNotContain("t-2");
      assertThat(registry.requests)
          .as("one new token, not a loop")
          .filteredOn(r -> r.uri().startsWith("/token"))
          .hasSize(2);
      assertThat(registry.requests).noneMatch(r -> r.uri().contains("/manifests/"));
    }
  }
}
