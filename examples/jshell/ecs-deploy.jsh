// ecs-deploy-core from JShell: show the plan, deploy an image and wait until the deployment has
// really succeeded, then deploy a failing image that is rolled back and explained. Run from the
// repository root with the class path of README.md and your AWS credentials and region in the
// usual places (env, profile, role):
//   OPSKIT_ECS_CLUSTER=sample-webapp-cluster OPSKIT_ECS_SERVICE=sample-webapp-service \
//   OPSKIT_ECS_IMAGE=123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/go-sample-webapp:$SHA \
//   OPSKIT_ECS_BAD_IMAGE=123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/go-sample-webapp:broken \
//     jshell --class-path "$CP" examples/jshell/ecs-deploy.jsh
// OPSKIT_ECS_ENDPOINT, when set, points both clients at another endpoint (a local emulator).
import dev.opskit.ecs.*;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

var endpoint = System.getenv("OPSKIT_ECS_ENDPOINT");
var ecsBuilder = EcsClient.builder().httpClient(UrlConnectionHttpClient.create());
var ecrBuilder = EcrClient.builder().httpClient(UrlConnectionHttpClient.create());
if (endpoint != null) {
  ecsBuilder.endpointOverride(URI.create(endpoint));
  ecrBuilder.endpointOverride(URI.create(endpoint));
}
var ecs = ecsBuilder.build();
var ecr = ecrBuilder.build();
var cluster = System.getenv("OPSKIT_ECS_CLUSTER");
var service = System.getenv("OPSKIT_ECS_SERVICE");

// A dry run first: the new task definition and what changes against the running one.
// (The parentheses keep JShell reading until the closing one.)
var deployer = (EcsDeployer.builder()
    .ecsClient(ecs).ecrClient(ecr)
    .cluster(cluster).service(service)
    .image("app", System.getenv("OPSKIT_ECS_IMAGE"))
    .environment("app", Map.of("FEATURE_X", "on"))
    .timeout(Duration.ofMinutes(15))
    .rollbackOnFailure(true)
    .listener(event -> System.out.println("  " + event))
    .build());
System.out.println(deployer.plan());

// Deploy: one UpdateService, then wait for *our* deployment to complete on our revision.
System.out.println(deployer.deploy());

// A failing image: the circuit breaker (or the deployer) rolls back, and the exception explains why.
var bad = System.getenv("OPSKIT_ECS_BAD_IMAGE");
if (bad != null) {
  try {
    EcsDeployer.builder().ecsClient(ecs).ecrClient(ecr).cluster(cluster).service(service)
        .image("app", bad).rollbackOnFailure(true).build().deploy();
  } catch (DeploymentFailedException e) {
    System.out.println(e.kind() + ", rolled back: " + e.rolledBack());
    System.out.println(e.getMessage());   // reason, stopped tasks with exit codes, service events
  }
}
/exit
