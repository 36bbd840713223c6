package dev.opskit.ecs;

import dev.opskit.testing.ecs.Call;
import dev.opskit.testing.ecs.FakeEcs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * One fake control plane with the sample web service on it, clients, and a listener that records
 * events with the virtual time they arrived at.
 */
final class Scenario implements AutoCloseable {
  static final String REPO = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/go-sample-webapp";
  static final String CLUSTER = "sample-webapp-cluster";
  static final String SERVICE = "sample-webapp-service";
  static final Duration POLL = Duration.ofSeconds(10);
  static final String HOOK = "arn:aws:lambda:ap-northeast-1:123456789012:function:smoke-test";
  static final String ROLE = "arn:aws:iam::123456789012:role/ecs-lifecycle-hooks";

  static final String TASK_DEFINITION =
      """
      {
        "family": "sample-webapp",
        "taskRoleArn": "arn:aws:iam::123456789012:role/app",
        "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "cpu": "256",
        "memory": "512",
        "pidMode": "task",
        "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
        "ephemeralStorage": {"sizeInGiB": 50},
        "volumes": [{"name": "scratch"}, {"name": "shared", "efsVolumeConfiguration": {"fileSystemId": "fs-12345678", "transitEncryption": "ENABLED"}}],
        "containerDefinitions": [
          {"name": "app", "image": "%s:v1", "essential": true,
           "portMappings": [{"containerPort": 8080, "name": "http", "appProtocol": "http2"}],
           "environment": [{"name": "LOG_LEVEL", "value": "info"}],
           "mountPoints": [{"sourceVolume": "scratch", "containerPath": "/scratch"}],
           "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"], "interval": 10},
           "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/sample-webapp"}}},
          {"name": "log-router", "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
           "essential": false, "firelensConfiguration": {"type": "fluentbit"}}
        ],
        "tags": [{"key": "team", "value": "web"}]
      }
      """
          .formatted(REPO);

  final FakeEcs fake = FakeEcs.start();
  private final EcsClient sdk = FakeClients.ecs(fake);

  /** Records every call our client makes and injects the failures a test asks for. */
  final RecordingEcsClient recorder = new RecordingEcsClient(sdk);

  final EcsClient ecs = recorder.client();
  final EcrClient ecr = FakeClients.ecr(fake);
  final String v1;
  final List<Timed> events = new ArrayList<>();

  Scenario(int desiredCount, boolean circuitBreaker, boolean rollback) {
    v1 = fake.registerTaskDefinition(TASK_DEFINITION);
    fake.createService(CLUSTER, SERVICE, v1, desiredCount, circuitBreaker, rollback);
    for (String tag : List.of("v1", "v2", "crash", "stuck")) {
      fake.putEcrImage("go-sample-webapp", tag);
    }
  }

  /**
   * A service with the given {@code deploymentConfiguration} in the API's JSON, such as {@code
   * {"strategy":"BLUE_GREEN","bakeTimeInMinutes":1}}.
   */
  Scenario(int desiredCount, String deploymentConfigurationJson) {
    v1 = fake.registerTaskDefinition(TASK_DEFINITION);
    fake.createService(CLUSTER, SERVICE, v1, desiredCount, deploymentConfigurationJson);
    for (String tag : List.of("v1", "v2", "crash", "stuck")) {
      fake.putEcrImage("go-sample-webapp", tag);
    }
  }

  /** A blue/green configuration with a Lambda hook at the given stages, in the API's JSON. */
  static String blueGreen(int bakeMinutes, String... hookStages) {
    String hooks =
        hookStages.length == 0
            ? ""
            : ",\"lifecycleHooks\":[{\"hookTargetArn\":\""
                + HOOK
                + "\",\"roleArn\":\""
                + ROLE
                + "\",\"lifecycleStages\":[\""
                + String.join("\",\"", hookStages)
                + "\"]}]";
    return "{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":" + bakeMinutes + hooks + "}";
  }

  EcsDeployer.Builder deployer() {
    return EcsDeployer.builder()
        .ecsClient(ecs)
        .ecrClient(ecr)
        .cluster(CLUSTER)
        .service(SERVICE)
        .pollInterval(POLL)
        .pollJitter(0)
        .clock(fake.clock())
        .sleeper(fake::advance)
        .listener(event -> events.add(new Timed(fake.now(), event)));
  }

  /** Adds another service to the cluster. */
  void addService(String name, String taskDefinitionArn, int desiredCount) {
    fake.createService(CLUSTER, name, taskDefinitionArn, desiredCount, true, true);
  }

  EcsDeployer.Builder deploying(String tag) {
    return deployer().image("app", REPO + ":" + tag).environment("app", Map.of("FEATURE_X", "on"));
  }

  /**
   * Tells whether the service has finished moving to one revision: its only deployment runs it, has
   * COMPLETED, and runs the desired count (read past the recorder, so no fault applies).
   */
  boolean settledOn(String taskDefinitionArn) {
    var service = sdk.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)).services().get(0);
    return service.deployments().size() == 1
        && service.deployments().get(0).taskDefinition().equals(taskDefinitionArn)
        && "COMPLETED".equals(service.deployments().get(0).rolloutStateAsString())
        && service.runningCount().equals(service.desiredCount())
        && fake.runningTasks(CLUSTER, SERVICE)
            .equals(Map.of(taskDefinitionArn, service.desiredCount()));
  }

  /** Calls our client made (the fake also logs another actor's calls, marked "by"). */
  List<Call> ourCalls() {
    return fake.calls().stream().filter(c -> !c.request().has("by")).toList();
  }

  long ourCalls(String operation) {
    return ourCalls().stream().filter(c -> c.operation().equals(operation)).count();
  }

  List<String> mutatingOperations() {
    return ourCalls().stream().filter(Call::isMutating).map(Call::operation).toList();
  }

  <T extends DeploymentEvent> List<Timed> eventsOf(Class<T> type) {
    return events.stream().filter(e -> type.isInstance(e.event())).toList();
  }

  @Override
  public void close() {
    sdk.close();
    ecr.close();
    fake.close();
  }

  record Timed(Instant at, DeploymentEvent event) {}
}
