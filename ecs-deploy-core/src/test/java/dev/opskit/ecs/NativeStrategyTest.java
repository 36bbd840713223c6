package dev.opskit.ecs;

import static dev.opskit.ecs.Scenario.CLUSTER;
import static dev.opskit.ecs.Scenario.HOOK;
import static dev.opskit.ecs.Scenario.ROLE;
import static dev.opskit.ecs.Scenario.SERVICE;
import static dev.opskit.ecs.TransientErrorTest.deployFailing;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opskit.testing.ecs.Call;
import dev.opskit.testing.ecs.HookVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
  void aFailingHookIsRolledBackByEcsAndNamesTheHookAndTheStage() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(5, "POST_TEST_TRAFFIC_SHIFT"))) {
      s.fake.hook(HOOK, "POST_TEST_TRAFFIC_SHIFT", HookVerdict.FAIL);

      DeploymentFailedException e = deployFailing(s, s.deploying("v2"));

      assertThat(e.kind()).isEqualTo(FailureKind.HOOK_FAILED);
      assertThat(e.failedHooks())
          .singleElement()
          .satisfies(
              h -> {
                assertThat(h.targetArn()).isEqualTo(HOOK);
                assertThat(h.lifecycleStage()).isEqualTo("POST_TEST_TRAFFIC_SHIFT");
                assertThat(h.status()).isEqualTo("FAILED");
                assertThat(h.targetType()).isEqualTo("AWS_LAMBDA");
              });
      assertThat(e.reason())
          .startsWith("lifecycle hook " + HOOK + " FAILED at POST_TEST_TRAFFIC_SHIFT");
      assertThat(e.rolledBack()).as("ECS's own rollback is waited for").isTrue();
      assertThat(e.serviceDeployment())
          .get()
          .satisfies(f -> assertThat(f.status()).isEqualTo("ROLLBACK_SUCCESSFUL"))
          .satisfies(f -> assertThat(f.lifecycleStage()).isEqualTo("POST_TEST_TRAFFIC_SHIFT"));
      assertThat(e.getMessage())
          .contains(
              "(HOOK_FAILED)", "the service runs sample-webapp:1 again", "service deployment: ");
      assertThat(s.ourCalls("StopServiceDeployment")).isZero();
      assertThat(s.settledOn(s.v1)).isTrue();
      assertThat(s.eventsOf(DeploymentEvent.RollbackStarted.class))
          .singleElement()
          .satisfies(
              t -> assertThat(((DeploymentEvent.RollbackStarted) t.event()).byEcs()).isTrue());
    }
  }

  @Test
  void aHookThatTimesOutIsAFailedHookToo() {
    String config =
        "{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":0,\"lifecycleHooks\":[{"
            + "\"hookTargetArn\":\""
            + HOOK
            + "\",\"roleArn\":\""
            + ROLE
            + "\","
            + "\"lifecycleStages\":[\"PRE_SCALE_UP\"],"
            + "\"timeoutConfiguration\":{\"timeoutInMinutes\":2}}]}";
    try (Scenario s = new Scenario(2, config)) {
      s.fake.hook(HOOK, "PRE_SCALE_UP", HookVerdict.TIME_OUT);

      DeploymentFailedException e = deployFailing(s, s.deploying("v2"));

      assertThat(e.kind()).isEqualTo(FailureKind.HOOK_FAILED);
      assertThat(e.failedHooks())
          .singleElement()
          .satisfies(h -> assertThat(h.status()).isEqualTo("TIMED_OUT"))
          .satisfies(h -> assertThat(h.lifecycleStage()).isEqualTo("PRE_SCALE_UP"));
      assertThat(e.rolledBack()).isTrue();
    }
  }

  @Test
  void anAlarmNamesTheAlarm() {
    String config =
        "{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":5,"
            + "\"alarms\":{\"enable\":true,\"rollback\":true,\"alarmNames\":[\"p99-latency\",\"5xx\"]}}";
    try (Scenario s = new Scenario(2, config)) {
      s.fake.alarm("5xx", "BAKE_TIME");

      DeploymentFailedException e = deployFailing(s, s.deploying("v2"));

      assertThat(e.kind()).isEqualTo(FailureKind.ALARM);
      assertThat(e.triggeredAlarms()).containsExactly("5xx");
      assertThat(e.reason()).startsWith("the alarm(s) 5xx went off at BAKE_TIME");
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.settledOn(s.v1)).isTrue();
    }
  }

  @Test
  void theCircuitBreakerOfANativeDeploymentRollsBack() {
    String config =
        "{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":0,"
            + "\"deploymentCircuitBreaker\":{\"enable\":true,\"rollback\":true}}";
    try (Scenario s = new Scenario(4, config)) {
      s.fake.behavior(Scenario.REPO + ":crash", dev.opskit.testing.ecs.TaskBehavior.CRASH);

      DeploymentFailedException e = deployFailing(s, s.deploying("crash"));

      assertThat(e.kind()).isEqualTo(FailureKind.CIRCUIT_BREAKER_ROLLBACK);
      assertThat(e.reason())
          .matches(
              "the circuit breaker failed the deployment after \\d+ failed tasks at SCALE_UP .*");
      assertThat(e.stoppedTasks()).isNotEmpty();
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.settledOn(s.v1)).isTrue();
    }
  }

  @Test
  void aStopBySomeoneElseIsStoppedAndItsRollbackIsWaitedFor() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(5))) {
      s.fake.schedule(
          Duration.ofSeconds(70),
          () -> {
            String arn = s.fake.currentServiceDeployment(CLUSTER, SERVICE);
            try (var other = FakeClients.ecs(s.fake)) {
              other.stopServiceDeployment(r -> r.serviceDeploymentArn(arn).stopType("ROLLBACK"));
            }
          });

      DeploymentFailedException e = deployFailing(s, s.deploying("v2"));

      assertThat(e.kind()).isEqualTo(FailureKind.STOPPED);
      assertThat(e.reason()).contains("was stopped at BAKE_TIME");
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.recorder.calls()).doesNotContain("StopServiceDeployment");
      assertThat(s.settledOn(s.v1)).isTrue();
    }
  }

  @Test
  void aNewerDeploymentReplacesOursAndIsNotRolledBack() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(5))) {
      String theirs = s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION);
      s.fake.schedule(Duration.ofSeconds(70), () -> s.fake.updateService(CLUSTER, SERVICE, theirs));

      DeploymentFailedException e = deployFailing(s, s.deploying("v2").rollbackOnFailure(true));

      assertThat(e.kind()).isEqualTo(FailureKind.REPLACED);
      assertThat(e.rolledBack()).isFalse();
      assertThat(s.ourCalls("StopServiceDeployment")).isZero();
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(theirs);
    }
  }

  @Test
  void aRollbackThatEcsCouldNotFinishIsReportedAsSuch() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(0, "POST_SCALE_UP"))) {
      s.fake.hook(HOOK, "POST_SCALE_UP", HookVerdict.FAIL);
      s.fake.rollbackFails(CLUSTER, SERVICE);

      DeploymentFailedException e = deployFailing(s, s.deploying("v2").rollbackOnFailure(true));

      assertThat(e.kind()).isEqualTo(FailureKind.HOOK_FAILED);
      assertThat(e.rolledBack()).isFalse();
      assertThat(e.rollbackProblem()).startsWith("ECS's rollback ended ROLLBACK_FAILED: ");
      assertThat(e.serviceDeployment())
          .get()
          .satisfies(f -> assertThat(f.status()).isEqualTo("ROLLBACK_FAILED"));
      assertThat(s.ourCalls("StopServiceDeployment"))
          .as("never stops a completed deployment")
          .isZero();
    }
  }

  @Test
  void aTimeoutRollsBackWithStopServiceDeploymentAndWaitsForIt() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(0, "POST_TEST_TRAFFIC_SHIFT"))) {
      s.fake.hook(
          HOOK, "POST_TEST_TRAFFIC_SHIFT", HookVerdict.SUCCEED.after(Duration.ofMinutes(30)));

      DeploymentFailedException e =
          deployFailing(
              s, s.deploying("v2").timeout(Duration.ofMinutes(3)).rollbackOnFailure(true));

      assertThat(e).isInstanceOf(DeploymentTimeoutException.class);
      assertThat(e.reason())
          .startsWith("service deployment ")
          .contains("still IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT");
      List<Call> stops =
          s.ourCalls().stream().filter(c -> c.operation().equals("StopServiceDeployment")).toList();
      assertThat(stops)
          .singleElement()
          .satisfies(c -> assertThat(c.request().get("stopType").asText()).isEqualTo("ROLLBACK"));
      assertThat(e.rolledBack()).isTrue();
      assertThat(e.serviceDeployment())
          .get()
          .satisfies(f -> assertThat(f.status()).isEqualTo("ROLLBACK_SUCCESSFUL"));
      assertThat(s.settledOn(s.v1)).isTrue();
      assertThat(s.eventsOf(DeploymentEvent.RollbackStarted.class))
          .singleElement()
          .satisfies(
              t -> assertThat(((DeploymentEvent.RollbackStarted) t.event()).byEcs()).isFalse());
    }
  }

  @Test
  void aDeploymentHeldByAPauseHookIsRolledBackThroughTheHook() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(0))) {
      DeploymentFailedException e =
          deployFailing(
              s,
              s.deploying("v2")
                  .addLifecycleHook(LifecycleHook.pause(LifecycleStage.POST_SCALE_UP))
                  .timeout(Duration.ofMinutes(5))
                  .rollbackOnFailure(true));

      assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(e.reason()).contains("held by PAUSE hook ");
      assertThat(s.eventsOf(DeploymentEvent.HookAwaitingAction.class))
          .singleElement()
          .satisfies(
              t ->
                  assertThat(((DeploymentEvent.HookAwaitingAction) t.event()).stage())
                      .isEqualTo("POST_SCALE_UP"));
      List<Call> continued =
          s.ourCalls().stream()
              .filter(c -> c.operation().equals("ContinueServiceDeployment"))
              .toList();
      assertThat(continued)
          .singleElement()
          .satisfies(c -> assertThat(c.request().get("action").asText()).isEqualTo("ROLLBACK"));
      assertThat(s.ourCalls("StopServiceDeployment")).isZero();
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.settledOn(s.v1)).isTrue();
    }
  }

  @Test
  void tasksThatKeepCrashingWithoutABreakerAreStoppedAndRolledBack() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(0))) {
      s.fake.behavior(Scenario.REPO + ":crash", dev.opskit.testing.ecs.TaskBehavior.CRASH);

      DeploymentFailedException e = deployFailing(s, s.deploying("crash").rollbackOnFailure(true));

      assertThat(e.kind()).isEqualTo(FailureKind.TASKS_FAILING);
      assertThat(e.reason())
          .contains("stopped (limit 3) and no circuit breaker stops the deployment at SCALE_UP");
      assertThat(s.ourCalls("StopServiceDeployment")).isEqualTo(1);
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.fake.runningTasks(CLUSTER, SERVICE)).isEqualTo(Map.of(s.v1, 2));
    }
  }

  @Test
  void anInterruptedNativeDeployStartsEcsRollbackAndKeepsTheInterrupt() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(5))) {
      int[] sleeps = {0};
      EcsDeployer deployer =
          s.deploying("v2")
              .rollbackOnFailure(true)
              .sleeper(
                  d -> {
                    if (++sleeps[0] == 4) {
                      throw new InterruptedException("pipeline cancelled");
                    }
                    s.fake.advance(d);
                  })
              .build();

      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(deployer::deploy);
      boolean interrupted = Thread.interrupted();

      assertThat(interrupted).isTrue();
      assertThat(thrown).isInstanceOf(DeploymentFailedException.class);
      assertThat(((DeploymentFailedException) thrown).rollbackProblem())
          .isEqualTo("not waited for: the deploying thread was interrupted");
      assertThat(s.ourCalls("StopServiceDeployment")).isEqualTo(1);
      s.fake.advance(Duration.ofMinutes(2));
      assertThat(s.settledOn(s.v1)).as("ECS finishes the rollback it was asked for").isTrue();
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
