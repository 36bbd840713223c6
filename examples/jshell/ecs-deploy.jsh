// ecs-deploy-core from JShell: publish an image without Docker, build another from it plus a file
// (Jib core) and publish that, a rolling update to exactly that digest, then a blue/green deployment whose smoke-test hook fails after the test traffic shift and
// ECS rolls back, each explained by the listener.
//
// By default all of it runs against an in-process FakeEcs (no AWS account; its clock moves only when
// the deployer waits, so minutes of deployment take a second) and, for the publish step, a local CNCF
// registry (Debian packages docker-registry and apache2-utils; without them the step is skipped)
// whose password FakeEcs hands out as ECR's GetAuthorizationToken would. Run from the repository root:
//   examples/jshell/opskit-jshell examples/jshell/ecs-deploy.jsh
// With OPSKIT_ECS_CLUSTER, OPSKIT_ECS_SERVICE and OPSKIT_ECS_IMAGE set (setting one of them asks for
// all three), the same code deploys to that real service (credentials and region from the usual
// places: env, profile, role; OPSKIT_ECS_CONTAINER names the container, default app). With
// OPSKIT_ECS_IMAGE_ARCHIVE (an OCI archive, as `docker buildx build --output type=oci,dest=app.tar`
// writes) it is first published to OPSKIT_ECS_IMAGE in ECR, and the deploy pins its digest. The
// blue/green part then runs when OPSKIT_ECS_NEXT_IMAGE is set, needs OPSKIT_ECS_HOOK_ARN (a Lambda
// hook; one that answers FAILED shows the rollback) and OPSKIT_ECS_HOOK_ROLE_ARN, and leaves the
// service configured for BLUE_GREEN. The work runs in run(...) (opskit-startup.jsh): a missing
// setting or any failure ends jshell with status 1.
// Quieter logs (slf4j-simple reads this once, before the first log line): the listener tells the story.
System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
import dev.opskit.testing.ecs.FakeEcs;
import dev.opskit.testing.ecs.HookVerdict;
import dev.opskit.testing.registry.LocalRegistry;
import dev.opskit.ecs.image.ImagePublisher;
import dev.opskit.ecs.image.ImageReference;
import dev.opskit.ecs.image.ImageSource;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/** A gzip-compressed tar holding one file, and the digest of the uncompressed tar (its diff_id). */
byte[][] layer(String name, byte[] content) throws Exception {
  var header = new byte[512];
  var put = (java.util.function.BiConsumer<Integer, String>) (at, text) -> {
    var b = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, at, b.length);
  };
  put.accept(0, name);
  put.accept(100, "0000644");
  put.accept(108, "0000000");
  put.accept(116, "0000000");
  put.accept(124, String.format("%011o", content.length));
  put.accept(136, String.format("%011o", 0));
  header[156] = '0';
  put.accept(257, "ustar");
  put.accept(263, "00");
  java.util.Arrays.fill(header, 148, 156, (byte) ' ');
  long sum = 0;
  for (byte b : header) sum += b & 0xff;
  put.accept(148, String.format("%06o", sum));
  header[154] = 0;
  var tar = new java.io.ByteArrayOutputStream();
  tar.write(header);
  tar.write(content);
  tar.write(new byte[(512 - content.length % 512) % 512 + 1024]);
  var gz = new java.io.ByteArrayOutputStream();
  try (var out = new java.util.zip.GZIPOutputStream(gz)) {
    out.write(tar.toByteArray());
  }
  return new byte[][] {gz.toByteArray(), tar.toByteArray()};
}

/** Writes a small OCI image layout (one layer), standing in for what a build produces. */
Path demoImage() throws Exception {
  Path dir = Files.createTempDirectory("opskit-jshell-image");
  Files.createDirectories(dir.resolve("blobs/sha256"));
  var sha = (java.util.function.Function<byte[], String>) b -> {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  };
  var content = new byte[64 * 1024];
  new java.util.Random().nextBytes(content);
  var layers = layer("srv/data.bin", content);
  var layer = layers[0];
  var config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/usr/bin:/bin\"]},"
      + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + sha.apply(layers[1]) + "\"]}}").getBytes();
  var manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
      + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + sha.apply(config) + "\",\"size\":" + config.length + "},"
      + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:" + sha.apply(layer) + "\",\"size\":" + layer.length + "}]}").getBytes();
  for (var blob : java.util.List.of(layer, config, manifest)) {
    Files.write(dir.resolve("blobs/sha256/" + sha.apply(blob)), blob);
  }
  Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
  Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
      + sha.apply(manifest) + "\",\"size\":" + manifest.length + "}]}");
  return dir;
}

int status = 1;
status = run(() -> {
  var env = System.getenv();
  var onAws = env.containsKey("OPSKIT_ECS_CLUSTER") || env.containsKey("OPSKIT_ECS_SERVICE") || env.containsKey("OPSKIT_ECS_IMAGE");
  var cluster = onAws ? setting("OPSKIT_ECS_CLUSTER", "the ECS cluster of the service to deploy to") : "tour";
  var service = onAws ? setting("OPSKIT_ECS_SERVICE", "the ECS service to deploy to") : "web";
  var container = env.getOrDefault("OPSKIT_ECS_CONTAINER", "app");
  var imageSetting = onAws ? setting("OPSKIT_ECS_IMAGE", "the image to deploy, such as 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:v2") : "public.ecr.aws/nginx/nginx:1.28";
  var archive = onAws ? env.get("OPSKIT_ECS_IMAGE_ARCHIVE") : null;   // publish first only when set
  var nextImage = onAws ? env.get("OPSKIT_ECS_NEXT_IMAGE") : "public.ecr.aws/nginx/nginx:1.29";   // blue/green only when set
  var hookArn = nextImage == null ? null : onAws ? setting("OPSKIT_ECS_HOOK_ARN", "the Lambda function the blue/green deployment calls after the test traffic shift") : "arn:aws:lambda:ap-northeast-1:123456789012:function:smoke-test";
  var hookRoleArn = nextImage == null ? null : onAws ? setting("OPSKIT_ECS_HOOK_ROLE_ARN", "the IAM role ECS assumes to call that hook") : "arn:aws:iam::123456789012:role/ecs-lifecycle-hooks";

  FakeEcs fake = onAws ? null : FakeEcs.start();
  var ecsBuilder = EcsClient.builder().httpClient(UrlConnectionHttpClient.create());
  if (!onAws) {
    ecsBuilder.endpointOverride(fake.endpoint()).region(Region.of(FakeEcs.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(FakeEcs.ACCESS_KEY, "not-checked")));
  }
  var ecs = ecsBuilder.build();
  var ecrBuilder = EcrClient.builder().httpClient(UrlConnectionHttpClient.create());
  if (!onAws) {
    ecrBuilder.endpointOverride(fake.endpoint()).region(Region.of(FakeEcs.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(FakeEcs.ACCESS_KEY, "not-checked")));
  }
  var ecr = ecrBuilder.build();
  LocalRegistry registry = !onAws && LocalRegistry.available() ? LocalRegistry.start() : null;
  try {
    // 0. Publish the image a build produced (an OCI archive or layout) to ECR, without a Docker
    //    daemon: blobs the registry has are skipped, the tag is written last, and the result carries
    //    the digest the registry stored. On the fake, the "ECR" is the local registry.
    String image = imageSetting;
    if (registry != null || archive != null) {
      ImageSource source = archive != null ? ImageSource.ociArchive(Path.of(archive)) : ImageSource.ociLayout(demoImage());
      String target = archive != null ? imageSetting : registry.host() + "/tour-web:v2";
      if (registry != null) {
        fake.ecrAuthorization(registry.endpoint(), Duration.ofHours(12), registry.password());
      }
      ImagePublisher publisher = ImagePublisher.builder()
          .ecrClient(ecr)                                  // credentials from GetAuthorizationToken
          .allowInsecureRegistries(registry != null)       // plain HTTP, loopback only
          .listener(e -> System.out.println("  " + e))
          .build();
      ImageReference pushed = publisher.publish(source, target);
      System.out.println("published " + pushed);
      image = pushed.withDigest(pushed.digest()).toString();   // deploy exactly what was pushed
      if (registry != null) {
        // Or build the image from a base image plus files, entrypoint and environment (Jib core,
        // an optional dependency: com.google.cloud.tools:jib-core) and publish it the same way: the
        // base is pulled with the publisher's credentials, and its layers are mounted, not uploaded.
        Path page = Files.writeString(Files.createTempFile("opskit-jshell-index", ".html"), "<h1>tour v3</h1>\n");
        try {
          ImageReference built = publisher.publish(
              ImageSource.from(pushed.toString())
                  .addFile(page, "/usr/share/nginx/html/index.html")
                  .entrypoint("nginx", "-g", "daemon off;")
                  .putEnv("TOUR", "v3")
                  .build(),
              registry.host() + "/tour-web:v3");
          System.out.println("built and published " + built);
          image = built.withDigest(built.digest()).toString();
        } finally {
          Files.delete(page);
        }
      }
    } else if (!onAws) {
      System.out.println("publish step skipped: install docker-registry and apache2-utils to run it");
    }

    // The fake: a service of two tasks on nginx 1.27, and a smoke-test hook that will answer FAILED.
    if (!onAws) {
      var v1 = fake.registerTaskDefinition("{\"family\":\"tour-web\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"public.ecr.aws/nginx/nginx:1.27\",\"essential\":true}]}");
      fake.createService(cluster, service, v1, 2, true, true);
      fake.hook(hookArn, "POST_TEST_TRAFFIC_SHIFT", HookVerdict.FAIL);
    }
    // On the fake, the deployer reads the fake's clock and waits by moving it.
    UnaryOperator<EcsDeployer.Builder> clock = b -> onAws ? b : b.clock(fake.clock()).sleeper(fake::advance).pollInterval(Duration.ofSeconds(5));

    // The listener explains each step: stages, task counts, ECS's rollback. Events are records.
    DeploymentListener explain = event -> {
      if (!(event instanceof DeploymentEvent.ServiceEventReceived) && !(event instanceof DeploymentEvent.Planned)) {
        System.out.println("  " + event);
      }
    };

    // 1. A rolling update, planned first (nothing changes), then deployed and watched to the end.
    var rolling = clock.apply(EcsDeployer.builder()
        .ecsClient(ecs)
        .cluster(cluster).service(service)
        .image(container, image)
        .strategy(DeploymentStrategy.rolling())
        .rollbackOnFailure(true)
        .listener(explain)).build();
    System.out.println(rolling.plan());
    System.out.println(rolling.deploy());

    // 2. Blue/green with a Lambda hook after the test traffic shift; the hook fails, ECS rolls back,
    //    and the exception names the hook, the stage and ECS's final status.
    if (nextImage != null) {
      var blueGreen = rolling.copy(b -> b
          .image(container, nextImage)
          .strategy(DeploymentStrategy.blueGreen(Duration.ofMinutes(5)))
          .addLifecycleHook(LifecycleHook.lambda(hookArn, hookRoleArn, LifecycleStage.POST_TEST_TRAFFIC_SHIFT))
          .timeout(Duration.ofMinutes(20)));
      System.out.println(blueGreen.plan());
      try {
        System.out.println(blueGreen.deploy());
      } catch (DeploymentFailedException e) {
        System.out.println(e.kind() + " " + e.failedHooks() + ", rolled back: " + e.rolledBack());
        System.out.println(e.getMessage());
      }
    }
  } finally {
    ecs.close();
    ecr.close();
    if (registry != null) registry.close();
    if (fake != null) fake.close();
  }
});
/exit status
