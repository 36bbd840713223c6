package dev.opskit.examples.ecs;

import dev.opskit.ecs.DeploymentEvent;
import dev.opskit.ecs.DeploymentFailedException;
import dev.opskit.ecs.DeploymentResult;
import dev.opskit.ecs.DeploymentStrategy;
import dev.opskit.ecs.EcsDeployer;
import dev.opskit.ecs.LifecycleHook;
import dev.opskit.ecs.LifecycleStage;
import dev.opskit.ecs.image.ImagePublisher;
import dev.opskit.ecs.image.ImageReference;
import dev.opskit.ecs.image.ImageSource;
import dev.opskit.examples.Folders;
import dev.opskit.testing.ecs.FakeEcs;
import dev.opskit.testing.ecs.HookVerdict;
import dev.opskit.testing.registry.LocalRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The ECS part of the Tour: an image published without a Docker daemon, then two deploys, each
 * explained by the listener as it goes. First a healthy rolling update to exactly the digest that
 * was published; then a blue/green deployment whose smoke-test hook fails after the test traffic
 * shift, which ECS rolls back.
 *
 * <p>By default all of it runs against an in-process {@link FakeEcs} whose clock moves only when
 * the deployer waits, so minutes of deployment take a second, and a CNCF registry on loopback
 * (Debian's {@code docker-registry} and {@code apache2-utils}, which {@code .ci/run} installs)
 * standing in for ECR; no AWS account is needed. With {@code OPSKIT_ECS_CLUSTER}, {@code
 * OPSKIT_ECS_SERVICE} and {@code OPSKIT_ECS_IMAGE} set, the same code deploys to that real service
 * (credentials and region from the AWS SDK's default chains; {@code OPSKIT_ECS_CONTAINER} names the
 * container, default {@code app}). The blue/green part then needs {@code OPSKIT_ECS_NEXT_IMAGE},
 * {@code OPSKIT_ECS_HOOK_ARN} (a Lambda hook, one that answers {@code FAILED} to see the rollback)
 * and {@code OPSKIT_ECS_HOOK_ROLE_ARN}, and leaves the service configured for BLUE_GREEN.
 */
public final class EcsTour {
  /** The smoke-test hook of the fake service. */
  static final String FAKE_HOOK = "arn:aws:lambda:ap-northeast-1:123456789012:function:smoke-test";

  private static final String FAKE_ROLE = "arn:aws:iam::123456789012:role/ecs-lifecycle-hooks";
  private static final String IMAGE = "public.ecr.aws/nginx/nginx:";

  private EcsTour() {}

  /**
   * Runs both deploys and prints what happens, against the fake unless the environment names a real
   * service.
   *
   * @param out where to print
   * @param environment the {@code OPSKIT_ECS_*} settings, usually {@link System#getenv()}
   */
  public static void run(PrintStream out, Map<String, String> environment) {
    String cluster = environment.get("OPSKIT_ECS_CLUSTER");
    String service = environment.get("OPSKIT_ECS_SERVICE");
    String image = environment.get("OPSKIT_ECS_IMAGE");
    if (cluster != null && service != null && image != null) {
      out.println("  against " + cluster + "/" + service + " on AWS (OPSKIT_ECS_* settings)");
      try (EcsClient ecs =
          EcsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
        deployTwice(
            ecs,
            cluster,
            service,
            environment.getOrDefault("OPSKIT_ECS_CONTAINER", "app"),
            image,
            environment.get("OPSKIT_ECS_NEXT_IMAGE"),
            environment.get("OPSKIT_ECS_HOOK_ARN"),
            environment.get("OPSKIT_ECS_HOOK_ROLE_ARN"),
            UnaryOperator.identity(),
            out);
      }
      return;
    }
    out.println(
        "  against an in-process FakeEcs on a simulated clock"
            + " (set OPSKIT_ECS_CLUSTER/_SERVICE/_IMAGE for AWS)");
    try (FakeEcs fake = FakeEcs.start();
        EcsClient ecs = onFake(EcsClient.builder(), fake);
        EcrClient ecr = onFake(EcrClient.builder(), fake)) {
      String rollingImage = IMAGE + "1.28";
      if (LocalRegistry.available()) {
        try (LocalRegistry registry = LocalRegistry.start()) {
          // the fake's "ECR" is a CNCF registry on loopback; FakeEcs hands out its password as
          // GetAuthorizationToken does
          fake.ecrAuthorization(registry.endpoint(), Duration.ofHours(12), registry.password());
          Path layout = DemoImage.write();
          try {
            rollingImage = publish(ecr, layout, registry.host() + "/tour-web:v2", true, out);
          } finally {
            Folders.deleteRecursively(layout);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        out.println(
            "  0. publish: skipped, it needs a local registry"
                + " (apt-get install docker-registry apache2-utils)");
      }
      String v1 =
          fake.registerTaskDefinition(
              "{\"family\":\"tour-web\",\"containerDefinitions\":[{\"name\":\"app\","
                  + "\"image\":\""
                  + IMAGE
                  + "1.27\",\"essential\":true}]}");
      fake.createService("tour", "web", v1, 2, true, true);
      fake.hook(FAKE_HOOK, "POST_TEST_TRAFFIC_SHIFT", HookVerdict.FAIL);
      deployTwice(
          ecs,
          "tour",
          "web",
          "app",
          rollingImage,
          IMAGE + "1.29",
          FAKE_HOOK,
          FAKE_ROLE,
          // The fake's clock moves when the deployer waits; polls every 5 s see each 5 s stage.
          b ->
              b.clock(fake.clock())
                  .sleeper(fake::advance)
                  .pollInterval(Duration.ofSeconds(5))
                  .pollJitter(0),
          out);
    }
  }

  /** An SDK client of the fake's endpoint, with its region and credentials. */
  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C onFake(
      B builder, FakeEcs fake) {
    return builder
        .endpointOverride(fake.endpoint())
        .region(Region.of(FakeEcs.REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(FakeEcs.ACCESS_KEY, "not-checked")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /**
   * Publishes an image a build wrote (an OCI layout here) to ECR without a Docker daemon, and
   * returns the reference to deploy: the repository and the digest the registry stored.
   *
   * @param ecr the ECR client whose {@code GetAuthorizationToken} gives the registry's credentials
   * @param layout the OCI image layout
   * @param target the repository and tag to publish to
   * @param loopback whether the registry is a plain-HTTP one on loopback (the fake's)
   * @param out where to print
   * @return {@code repository@sha256:...}
   */
  static String publish(
      EcrClient ecr, Path layout, String target, boolean loopback, PrintStream out) {
    out.println("  0. publish an image to " + target + " without a Docker daemon");
    // tour:publish {
    ImageReference pushed =
        ImagePublisher.builder()
            .ecrClient(ecr) // credentials from GetAuthorizationToken, cached and renewed
            .allowInsecureRegistries(loopback) // plain HTTP, for a registry on loopback only
            .listener(
                e ->
                    out.printf(
                        "       %s %s (%,d bytes)%n",
                        e.kind(),
                        e.digest().substring(0, Math.min(19, e.digest().length())),
                        e.bytes()))
            .build()
            .publish(ImageSource.ociLayout(layout), target);
    String image = pushed.withDigest(pushed.digest()).toString(); // deploy exactly what was pushed
    // }
    out.println("     published " + pushed.digest());
    return image;
  }

  /**
   * Deploys {@code image} with a rolling update, then {@code nextImage} blue/green with a Lambda
   * hook after the test traffic shift, and prints each step.
   *
   * @param ecs the ECS client
   * @param cluster the cluster
   * @param service the service
   * @param container the container whose image changes
   * @param image the image of the rolling update
   * @param nextImage the image of the blue/green deployment, or {@code null} to skip it
   * @param hookArn the hook's Lambda function, or {@code null} to skip the blue/green deployment
   * @param hookRoleArn the role ECS invokes the hook with, or {@code null} to skip it
   * @param tuning changes to each deployer's settings (the fake's clock and sleeper)
   * @param out where to print
   */
  public static void deployTwice(
      EcsClient ecs,
      String cluster,
      String service,
      String container,
      String image,
      @Nullable String nextImage,
      @Nullable String hookArn,
      @Nullable String hookRoleArn,
      UnaryOperator<EcsDeployer.Builder> tuning,
      PrintStream out) {
    // tour:rolling {
    EcsDeployer rolling =
        tuning
            .apply(
                EcsDeployer.builder()
                    .ecsClient(ecs)
                    .cluster(cluster)
                    .service(service)
                    .image(container, image)
                    .strategy(DeploymentStrategy.rolling())
                    .rollbackOnFailure(true)
                    .listener(event -> explain(event, out)))
            .build();
    out.println("  1. rolling update to " + image);
    DeploymentResult result = rolling.deploy();
    out.println("     " + result);
    // }
    if (nextImage == null || hookArn == null || hookRoleArn == null) {
      out.println(
          "  2. blue/green: skipped (set OPSKIT_ECS_NEXT_IMAGE, _HOOK_ARN, _HOOK_ROLE_ARN)");
      return;
    }
    out.println("  2. blue/green to " + nextImage + ", smoke-test hook after the test traffic");
    // tour:blue-green {
    EcsDeployer blueGreen =
        rolling.copy(
            b ->
                b.image(container, nextImage)
                    .strategy(DeploymentStrategy.blueGreen(Duration.ofMinutes(5)))
                    .addLifecycleHook(
                        LifecycleHook.lambda(
                            hookArn, hookRoleArn, LifecycleStage.POST_TEST_TRAFFIC_SHIFT))
                    .timeout(Duration.ofMinutes(20)));
    try {
      out.println("     " + blueGreen.deploy());
    } catch (DeploymentFailedException e) {
      out.println(
          "     "
              + e.kind()
              + ", rolled back: "
              + e.rolledBack()
              + ", service deployment "
              + e.serviceDeployment().map(f -> f.status()).orElse("unknown"));
    }
    // }
  }

  /** Prints one line for the events that tell the story; the others stay quiet. */
  static void explain(DeploymentEvent event, PrintStream out) {
    String line = null;
    if (event instanceof DeploymentEvent.Registered e) {
      line = "registered " + shortName(e.taskDefinitionArn());
    } else if (event instanceof DeploymentEvent.TaskCounts c) {
      line =
          "tasks: "
              + c.running()
              + "/"
              + c.desired()
              + " running, "
              + c.pending()
              + " pending, "
              + c.failed()
              + " failed";
    } else if (event instanceof DeploymentEvent.StageReached s) {
      long production = Math.round(s.productionTrafficPercent());
      line = "stage " + s.stage() + (production > 0 ? " (" + production + "% of production)" : "");
    } else if (event instanceof DeploymentEvent.ServiceDeploymentStatusChanged c
        && c.status().startsWith("ROLLBACK")) {
      line = "service deployment " + c.status();
    } else if (event instanceof DeploymentEvent.Failed f) {
      // The reason ends with ECS's own words in parentheses; the first part says it all here.
      line = "failed (" + f.kind() + "): " + f.reason().split(" \\(", 2)[0];
    } else if (event instanceof DeploymentEvent.RollbackStarted r) {
      line =
          "rolling back to "
              + shortName(r.taskDefinitionArn())
              + (r.byEcs() ? " (ECS's own rollback)" : "");
    } else if (event instanceof DeploymentEvent.RollbackFinished r) {
      line = r.succeeded() ? "back on " + shortName(r.taskDefinitionArn()) : "rollback failed";
    } else if (event instanceof DeploymentEvent.HookAwaitingAction h) {
      line = "PAUSE hook " + h.hookId() + " at " + h.stage() + " awaits ContinueServiceDeployment";
    } else if (event instanceof DeploymentEvent.Retrying r) {
      line = "retrying " + r.operation() + ": " + r.error();
    }
    if (line != null) {
      out.println("       " + line);
    }
  }

  private static String shortName(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
