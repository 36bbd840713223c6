package dev.opskit.examples.ecs;

import dev.opskit.ecs.DeploymentEvent;
import dev.opskit.ecs.DeploymentGroup;
import dev.opskit.ecs.EcsDeployer;
import dev.opskit.ecs.GroupDeploymentEvent;
import dev.opskit.ecs.GroupDeploymentFailedException;
import dev.opskit.ecs.GroupDeploymentResult;
import dev.opskit.ecs.GroupFailurePolicy;
import dev.opskit.ecs.ServiceOutcome;
import java.io.PrintStream;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;

/**
 * Deploys a group of services as one unit: the first service alone, then the others together,
 * polled with one {@code DescribeServices} per 10 services; when a service fails, every service of
 * the group that changed goes back to the revision it ran before.
 *
 * <pre>
 * OPSKIT_ECS_CLUSTER=prod OPSKIT_ECS_SERVICES=api,worker,cron \
 * OPSKIT_ECS_IMAGE=123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/monorepo:$SHA \
 *   java -cp "$(cat examples/target/classpath.txt):examples/target/examples-0.1.0-SNAPSHOT.jar" \
 *     dev.opskit.examples.ecs.EcsGroupDeployExample
 * </pre>
 *
 * <p>Credentials and region come from the AWS SDK's default chains. {@code OPSKIT_ECS_CONTAINER}
 * names the container (default {@code app}); {@code OPSKIT_ECS_ENDPOINT} points the client at
 * another endpoint.
 */
public final class EcsGroupDeployExample {
  private EcsGroupDeployExample() {}

  /**
   * Runs the example with settings from the environment.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String cluster = env.get("OPSKIT_ECS_CLUSTER");
    String services = env.get("OPSKIT_ECS_SERVICES");
    String image = env.get("OPSKIT_ECS_IMAGE");
    if (cluster == null || services == null || image == null) {
      System.err.println(
          "set OPSKIT_ECS_CLUSTER, OPSKIT_ECS_SERVICES (comma-separated, the first deploys alone)"
              + " and OPSKIT_ECS_IMAGE (optionally OPSKIT_ECS_CONTAINER, OPSKIT_ECS_ENDPOINT)");
      System.exit(2);
    }
    Map<String, String> images = new LinkedHashMap<>();
    Arrays.stream(services.split(",")).map(String::strip).forEach(s -> images.put(s, image));
    try (EcsClient ecs = ecs(env.get("OPSKIT_ECS_ENDPOINT"))) {
      run(
          ecs,
          cluster,
          env.getOrDefault("OPSKIT_ECS_CONTAINER", "app"),
          images,
          UnaryOperator.identity(),
          UnaryOperator.identity(),
          System.out);
    }
  }

  /**
   * Deploys each service's image: the first service in wave 1, the others in wave 2, rolling every
   * changed service back when one fails; prints each service's progress and outcome.
   *
   * @param ecs the ECS client
   * @param cluster the cluster of every service
   * @param container the container whose image changes
   * @param images service name to the image it deploys, in order
   * @param tuning changes to each deployer's settings (a test points clock and sleeper at a fake)
   * @param groupTuning changes to the group's settings (the same, for the poll rounds)
   * @param out where the steps are printed
   * @return the result, also when a service failed
   */
  public static GroupDeploymentResult run(
      EcsClient ecs,
      String cluster,
      String container,
      Map<String, String> images,
      UnaryOperator<EcsDeployer.Builder> tuning,
      UnaryOperator<DeploymentGroup.Builder> groupTuning,
      PrintStream out) {
    List<String> names = List.copyOf(images.keySet());
    DeploymentGroup.Builder group =
        DeploymentGroup.builder()
            .waves(List.of(names.subList(0, 1), names.subList(1, names.size())))
            .onFailure(GroupFailurePolicy.ROLLBACK_ALL)
            .listener(event -> print(event, out));
    images.forEach(
        (service, image) ->
            group.add(
                tuning
                    .apply(
                        EcsDeployer.builder()
                            .ecsClient(ecs)
                            .cluster(cluster)
                            .service(service)
                            .image(container, image))
                    .build()));
    GroupDeploymentResult result;
    try {
      result = groupTuning.apply(group).build().deploy();
      out.println("every service deployed: " + result);
    } catch (GroupDeploymentFailedException e) {
      result = e.result();
      out.println(e.getMessage());
    }
    out.println(
        result.pollRounds()
            + " poll rounds, "
            + result.describeCalls()
            + " DescribeServices calls for "
            + names.size()
            + " services");
    return result;
  }

  private static void print(GroupDeploymentEvent event, PrintStream out) {
    if (event instanceof GroupDeploymentEvent.WaveStarted w) {
      out.println("wave " + w.wave() + ": " + w.services());
    } else if (event instanceof GroupDeploymentEvent.ServiceProgress p
        && (p.event() instanceof DeploymentEvent.ServiceUpdated
            || p.event() instanceof DeploymentEvent.Failed
            || p.event() instanceof DeploymentEvent.RollbackStarted
            || p.event() instanceof DeploymentEvent.RollbackFinished)) {
      out.println("  " + p.service() + ": " + p.event());
    } else if (event instanceof GroupDeploymentEvent.ServiceFinished f) {
      out.println("  " + f.service() + " finished: " + describe(f.outcome()));
    } else if (event instanceof GroupDeploymentEvent.GroupRollbackStarted r) {
      out.println(r.failed() + " failed; rolling back " + r.services());
    } else if (event instanceof GroupDeploymentEvent.PollBackedOff b) {
      out.println(
          "ECS "
              + (b.throttled() ? "throttled" : "failed")
              + " a poll; next in "
              + b.nextRoundIn());
    }
  }

  private static String describe(ServiceOutcome o) {
    if (o instanceof ServiceOutcome.Deployed d) {
      return "deployed " + shortName(d.result().taskDefinitionArn());
    }
    if (o instanceof ServiceOutcome.Failed f) {
      return "failed: " + f.error().getMessage();
    }
    if (o instanceof ServiceOutcome.RolledBack b) {
      return "rolled back to " + shortName(b.revision());
    }
    if (o instanceof ServiceOutcome.RollbackFailed b) {
      return "rollback to " + shortName(b.revision()) + " failed: " + b.problem();
    }
    return "not started";
  }

  private static String shortName(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  private static EcsClient ecs(@Nullable String endpoint) {
    EcsClientBuilder b = EcsClient.builder().httpClient(UrlConnectionHttpClient.create());
    if (endpoint != null) {
      b.endpointOverride(URI.create(endpoint));
    }
    return b.build();
  }
}
