package dev.opskit.ecs;

import static dev.opskit.ecs.Scenario.CLUSTER;
import static dev.opskit.ecs.Scenario.HOOK;
import static dev.opskit.ecs.Scenario.ROLE;
import static dev.opskit.ecs.Scenario.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opskit.testing.ecs.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;

/**
 * BLUE_GREEN, LINEAR and CANARY deployments against the fake control plane: the strategy travels in
 * the one UpdateService, the watch follows the service deployment stage by stage and succeeds only
 * when it is SUCCESSFUL on our revision, and each failure comes with its own kind and facts.
 */
class NativeStrategyTest {
  private static final Duration FAST_POLL = Duration.ofSeconds(1);

  @Test
  void theStrategyAndHooksTravelInTheOneUpdateServiceWithTheNewRevision() {
    try (Scenario s = new Scenario(2, true, true)) {
      LifecycleHook check =
          LifecycleHook.lambda(HOOK, ROLE, LifecycleStage.POST_TEST_TRAFFIC_SHIFT);

      DeploymentResult result =
          s.deploying("v2")
              .strategy(DeploymentStrategy.blueGreen(Duration.ofMinutes(1)))
              .addLifecycleHook(check)
              .build()
              .deploy();

      assertThat(s.mutatingOperations()).containsExactly("RegisterTaskDefinition", "UpdateService");
      JsonNode update = onlyUpdate(s);
      assertThat(update.get("taskDefinition").asText()).isEqualTo(result.taskDefinitionArn());
      JsonNode config = update.get("deploymentConfiguration");
      assertThat(config.get("strategy").asText()).isEqualTo("BLUE_GREEN");
      assertThat(config.get("bakeTimeInMinutes").asInt()).isEqualTo(1);
      assertThat(config.at("/lifecycleHooks/0/hookTargetArn").asText()).isEqualTo(HOOK);
      assertThat(config.at("/lifecycleHooks/0/roleArn").asText()).isEqualTo(ROLE);
      assertThat(config.at("/lifecycleHooks/0/targetType").asText()).isEqualTo("AWS_LAMBDA");
      assertThat(config.at("/lifecycleHooks/0/lifecycleStages/0").asText())
          .isEqualTo("POST_TEST_TRAFFIC_SHIFT");
      assertThat(config.at("/deploymentCircuitBreaker/enable").asBoolean())
          .as("the rest of the service's configuration is kept")
          .isTrue();
      assertThat(config.get("maximumPercent").asInt()).isEqualTo(200);
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE))
          .isEqualTo(result.taskDefinitionArn());
      assertThat(s.settledOn(result.taskDefinitionArn())).isTrue();
    }
  }

  @Test
  void keepingTheServicesStrategySendsNoDeploymentConfiguration() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(0))) {
      DeploymentResult result = s.deploying("v2").build().deploy();

      assertThat(onlyUpdate(s).has("deploymentConfiguration")).isFalse();
      assertThat(result.serviceDeploymentArn()).isPresent();
      assertThat(s.eventsOf(DeploymentEvent.StageReached.class)).isNotEmpty();
    }
  }

  @Test
  void aBlueGreenDeploySucceedsOnlyAfterItsBakeAndReportsEveryStage() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(3))) {
      Instant start = s.fake.now();

      DeploymentResult result = s.deploying("v2").pollInterval(FAST_POLL).build().deploy();

      assertThat(result.duration()).isGreaterThan(Duration.ofMinutes(3));
      assertThat(result.serviceDeploymentArn())
          .contains(s.fake.currentServiceDeployment(CLUSTER, SERVICE));
      assertThat(s.fake.transitions(result.serviceDeploymentArn().orElseThrow()))
          .last()
          .satisfies(t -> assertThat(t.status()).isEqualTo("SUCCESSFUL"))
          .satisfies(t -> assertThat(t.at()).isAfter(start.plus(Duration.ofMinutes(3))));
      assertThat(stages(s))
          .containsExactly(
              "PRE_SCALE_UP 0.0",
              "SCALE_UP 0.0",
              "POST_SCALE_UP 0.0",
              "TEST_TRAFFIC_SHIFT 0.0",
              "POST_TEST_TRAFFIC_SHIFT 0.0",
              "PRE_PRODUCTION_TRAFFIC_SHIFT 0.0",
              "PRODUCTION_TRAFFIC_SHIFT 0.0",
              "POST_PRODUCTION_TRAFFIC_SHIFT 100.0",
              "BAKE_TIME 100.0",
              "CLEAN_UP 100.0");
      assertThat(s.eventsOf(DeploymentEvent.ServiceDeploymentStatusChanged.class))
          .extracting(t -> ((DeploymentEvent.ServiceDeploymentStatusChanged) t.event()).status())
          .containsSubsequence("IN_PROGRESS", "SUCCESSFUL");
      assertThat(s.events)
          .extracting(t -> t.event().getClass().getSimpleName())
          .endsWith("Succeeded");
      assertThat(s.settledOn(result.taskDefinitionArn())).isTrue();
    }
  }

  @Test
  void linearAndCanaryReportEachTrafficStep() {
    try (Scenario s = new Scenario(2, true, true)) {
      s.deploying("v2")
          .strategy(DeploymentStrategy.linear(34.0, Duration.ofMinutes(1), Duration.ZERO))
          .pollInterval(FAST_POLL)
          .build()
          .deploy();

      assertThat(stages(s))
          .containsSubsequence(
              "PRODUCTION_TRAFFIC_SHIFT 0.0",
              "PRODUCTION_TRAFFIC_SHIFT 34.0",
              "PRE_PRODUCTION_TRAFFIC_SHIFT 34.0",
              "PRODUCTION_TRAFFIC_SHIFT 68.0",
              "PRE_PRODUCTION_TRAFFIC_SHIFT 68.0",
              "POST_PRODUCTION_TRAFFIC_SHIFT 100.0");
      s.events.clear();

      s.deploying("v1")
          .strategy(DeploymentStrategy.canary(10.0, Duration.ofMinutes(2), Duration.ofMinutes(1)))
          .pollInterval(FAST_POLL)
          .build()
          .deploy();

      assertThat(stages(s))
          .containsSubsequence(
              "PRODUCTION_TRAFFIC_SHIFT 10.0",
              "PRE_PRODUCTION_TRAFFIC_SHIFT 10.0",
              "POST_PRODUCTION_TRAFFIC_SHIFT 100.0");
      assertThat(
              onlyUpdates(s)
                  .get(1)
                  .at("/deploymentConfiguration/canaryConfiguration/canaryPercent")
                  .asDouble())
          .isEqualTo(10.0);
      assertThat(onlyUpdates(s).get(1).at("/deploymentConfiguration").has("linearConfiguration"))
          .as("the linear block goes when the strategy changes")
          .isFalse();
    }
  }

  @Test
  void aStaleCurrentServiceDeploymentIsNotTakenForOurs() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(0))) {
      String before = s.fake.currentServiceDeployment(CLUSTER, SERVICE);
      s.recorder.rewrite(
          "DescribeServices",
          (DescribeServicesResponse r) ->
              r.toBuilder()
                  .services(
                      r.services().stream()
                          .map(x -> x.toBuilder().currentServiceDeployment(before).build())
                          .toList())
                  .build());

      DeploymentResult result = s.deploying("v2").build().deploy();

      assertThat(result.serviceDeploymentArn())
          .get()
          .isNotEqualTo(before)
          .isEqualTo(s.fake.currentServiceDeployment(CLUSTER, SERVICE));
      assertThat(s.ourCalls("ListServiceDeployments")).isEqualTo(1);
      assertThat(s.settledOn(result.taskDefinitionArn())).isTrue();
    }
  }

  @Test
  void aStageTheSdkDoesNotKnowIsPassedOnAsEcsSpellsIt() {
    // PRE_PRODUCTION_TRAFFIC_SHIFT is missing from the SDK's ServiceDeploymentLifecycleStage enum.
    try (Scenario s = new Scenario(2, Scenario.blueGreen(0))) {
      s.deploying("v2").pollInterval(FAST_POLL).build().deploy();

      assertThat(s.eventsOf(DeploymentEvent.StageReached.class))
          .extracting(t -> (DeploymentEvent.StageReached) t.event())
          .anySatisfy(
              e -> {
                assertThat(e.stage()).isEqualTo("PRE_PRODUCTION_TRAFFIC_SHIFT");
                assertThat(e.knownStage()).contains(LifecycleStage.PRE_PRODUCTION_TRAFFIC_SHIFT);
              });
    }
  }

  @Test
  void aCodeDeployServiceIsRefusedBeforeAnythingChanges() {
    try (Scenario s = new Scenario(2, true, true)) {
      s.fake.deploymentController(CLUSTER, SERVICE, "CODE_DEPLOY");

      Throwable thrown =
          org.assertj.core.api.Assertions.catchThrowable(
              () ->
                  s.deploying("v2")
                      .strategy(DeploymentStrategy.blueGreen(Duration.ZERO))
                      .build()
                      .deploy());

      assertThat(thrown)
          .isExactlyInstanceOf(EcsDeployException.class)
          .hasMessage(
              CLUSTER
                  + "/"
                  + SERVICE
                  + " uses the CODE_DEPLOY deployment controller: EcsDeployer deploys through the"
                  + " ECS controller (rolling, BLUE_GREEN, LINEAR, CANARY); deploy it with"
                  + " CodeDeploy, or move it to the ECS controller first. Nothing was changed.");
      assertThat(s.mutatingOperations()).isEmpty();
    }
  }

  @Test
  void hooksForAServiceThatDeploysRollingAreRefusedBeforeAnythingChanges() {
    try (Scenario s = new Scenario(2, true, true)) {
      Throwable thrown =
          org.assertj.core.api.Assertions.catchThrowable(
              () ->
                  s.deploying("v2")
                      .addLifecycleHook(LifecycleHook.pause(LifecycleStage.POST_SCALE_UP))
                      .build()
                      .deploy());

      assertThat(thrown)
          .isExactlyInstanceOf(EcsDeployException.class)
          .hasMessageContaining("deploys ROLLING, where lifecycle hooks do not run");
      assertThat(s.mutatingOperations()).isEmpty();
    }
  }

  @Test
  void planShowsTheStrategyThatWillRunAndItsHooks() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(7, "POST_TEST_TRAFFIC_SHIFT"))) {
      DeploymentPlan kept = s.deploying("v2").build().plan();
      DeploymentPlan chosen =
          s.deploying("v2")
              .strategy(DeploymentStrategy.canary(5.0, Duration.ofMinutes(2), Duration.ZERO))
              .lifecycleHooks(List.of(LifecycleHook.pause(LifecycleStage.POST_SCALE_UP)))
              .build()
              .plan();
      DeploymentPlan rolling;
      try (Scenario r = new Scenario(2, true, true)) {
        rolling = r.deploying("v2").build().plan();
      }

      assertThat(kept.strategy()).isEqualTo(DeploymentStrategy.blueGreen(Duration.ofMinutes(7)));
      assertThat(kept.lifecycleHooks())
          .containsExactly(
              LifecycleHook.lambda(HOOK, ROLE, LifecycleStage.POST_TEST_TRAFFIC_SHIFT));
      assertThat(kept.toString())
          .startsWith(
              "deploy to "
                  + CLUSTER
                  + "/"
                  + SERVICE
                  + " (now sample-webapp:1) with BLUE_GREEN (bake 7 min), as configured\n"
                  + "  hook: lambda smoke-test at POST_TEST_TRAFFIC_SHIFT\n");
      assertThat(chosen.strategy()).hasToString("CANARY (5.0% for 2 min, bake 0 min)");
      assertThat(chosen.toString())
          .contains("with CANARY (5.0% for 2 min, bake 0 min)\n  hook: pause at POST_SCALE_UP\n");
      assertThat(rolling.strategy()).isEqualTo(DeploymentStrategy.rolling());
      assertThat(rolling.lifecycleHooks()).isEmpty();
      assertThat(s.fake.calls()).noneMatch(Call::isMutating);
    }
  }

  private static List<String> stages(Scenario s) {
    return s.eventsOf(DeploymentEvent.StageReached.class).stream()
        .map(t -> (DeploymentEvent.StageReached) t.event())
        .map(e -> e.stage() + " " + e.productionTrafficPercent())
        .toList();
  }

  private static JsonNode onlyUpdate(Scenario s) {
    List<JsonNode> updates = onlyUpdates(s);
    assertThat(updates).hasSize(1);
    return updates.get(0);
  }

  private static List<JsonNode> onlyUpdates(Scenario s) {
    return s.ourCalls().stream()
        .filter(c -> c.operation().equals("UpdateService"))
        .map(Call::request)
        .toList();
  }
}
