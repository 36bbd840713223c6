package dev.opskit.examples.ecs;

import dev.opskit.ecs.DeploymentEvent;
import dev.opskit.ecs.DeploymentFailedException;
import dev.opskit.ecs.DeploymentPlan;
import dev.opskit.ecs.DeploymentResult;
import dev.opskit.ecs.EcsDeployer;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;

/**
 * Replaces a CI {@code deploy.sh} ({@code aws ecs register-task-definition}, {@code
 * update-service}, {@code wait services-stable}): shows the plan, deploys an image and waits until
 * the deployment has really succeeded, then deploys a failing image, which is rolled back and
 * explained.
 *
 * <pre>
 * OPSKIT_ECS_CLUSTER=sample-webapp-cluster OPSKIT_ECS_SERVICE=sample-webapp-service \
 * OPSKIT_ECS_IMAGE=123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/go-sample-webapp:$SHA \
 * OPSKIT_ECS_BAD_IMAGE=123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/go-sample-webapp:broken \
 *   java -cp "$(cat examples/target/classpath.txt):examples/target/examples-0.1.0-SNAPSHOT.jar" \
 *     dev.opskit.examples.ecs.EcsDeployExample
 * </pre>
 *
 * <p>Credentials and region come from the AWS SDK's default chains. {@code OPSKIT_ECS_CONTAINER}
 * names the container (default {@code app}); {@code OPSKIT_ECS_ENDPOINT} points both clients at
 * another endpoint, such as a local emulator. Without {@code OPSKIT_ECS_BAD_IMAGE} only the first
 * deploy runs.
 */
public final class EcsDeployExample {
  private EcsDeployExample() {}

  /**
   * Runs the example with settings from the environment.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String cluster = env.get("OPSKIT_ECS_CLUSTER");
    String service = env.get("OPSKIT_ECS_SERVICE");
    String image = env.get("OPSKIT_ECS_IMAGE");
    if (cluster == null || service == null || image == null) {
      System.err.println(
          "set OPSKIT_ECS_CLUSTER, OPSKIT_ECS_SERVICE and OPSKIT_ECS_IMAGE"
              + " (optionally OPSKIT_ECS_BAD_IMAGE, OPSKIT_ECS_CONTAINER, OPSKIT_ECS_ENDPOINT)");
      System.exit(2);
    }
    String endpoint = env.get("OPSKIT_ECS_ENDPOINT");
    try (EcsClient ecs = ecs(endpoint);
        EcrClient ecr = ecr(endpoint)) {
      run(
          ecs,
          ecr,
          cluster,
          service,
          env.getOrDefault("OPSKIT_ECS_CONTAINER", "app"),
          image,
          env.get("OPSKIT_ECS_BAD_IMAGE"),
          UnaryOperator.identity(),
          System.out);
    }
  }

  /**
   * Plans and deploys {@code image}, then deploys {@code badImage} (when given) with rollback on,
   * printing each step.
   *
   * @param ecs the ECS client
   * @param ecr the ECR client
   * @param cluster the cluster
   * @param service the service
   * @param container the container whose image changes
   * @param image the image to deploy
   * @param badImage an image whose deploy fails, or {@code null}
   * @param tuning changes to each deployer's settings (a test points clock and sleeper at a fake)
   * @param out where the steps are printed
   * @return the successful deploy's result
   */
  public static DeploymentResult run(
      EcsClient ecs,
      EcrClient ecr,
      String cluster,
      String service,
      String container,
      String image,
      @Nullable String badImage,
      UnaryOperator<EcsDeployer.Builder> tuning,
      PrintStream out) {
    EcsDeployer deployer =
        tuning
            .apply(
                EcsDeployer.builder()
                    .ecsClient(ecs)
                    .ecrClient(ecr)
                    .cluster(cluster)
                    .service(service)
                    .image(container, image)
                    .timeout(Duration.ofMinutes(15))
                    .rollbackOnFailure(true)
                    .keepRevisions(5)
                    .listener(event -> print(event, out)))
            .build();

    DeploymentPlan plan = deployer.plan();
    out.println("plan: " + plan);
    DeploymentResult result = deployer.deploy();
    out.println(result);

    if (badImage != null) {
      out.println("now deploying " + badImage + ", which fails:");
      try {
        // The same settings, another image: copy() keeps everything else.
        deployer.copy(b -> b.image(container, badImage)).deploy();
        out.println("unexpected: " + badImage + " deployed");
      } catch (DeploymentFailedException e) {
        out.println(
            "failed: " + e.kind() + ", rolled back: " + e.rolledBack() + "\n" + e.getMessage());
      }
    }
    return result;
  }

  private static void print(DeploymentEvent event, PrintStream out) {
    String line;
    if (event instanceof DeploymentEvent.ServiceEventReceived e) {
      line = "  ecs: " + e.event().message();
    } else if (event instanceof DeploymentEvent.TaskCounts c) {
      line =
          "  tasks: "
              + c.running()
              + "/"
              + c.desired()
              + " running, "
              + c.pending()
              + " pending, "
              + c.failed()
              + " failed";
    } else if (event instanceof DeploymentEvent.Planned) {
      line = null;
    } else {
      line = "  " + event;
    }
    if (line != null) {
      out.println(line);
    }
  }

  private static EcsClient ecs(@Nullable String endpoint) {
    EcsClientBuilder b = EcsClient.builder().httpClient(UrlConnectionHttpClient.create());
    if (endpoint != null) {
      b.endpointOverride(URI.create(endpoint));
    }
    return b.build();
  }

  private static EcrClient ecr(@Nullable String endpoint) {
    EcrClientBuilder b = EcrClient.builder().httpClient(UrlConnectionHttpClient.create());
    if (endpoint != null) {
      b.endpointOverride(URI.create(endpoint));
    }
    return b.build();
  }
}
