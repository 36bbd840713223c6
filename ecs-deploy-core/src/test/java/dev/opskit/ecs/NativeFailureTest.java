package dev.opskit.ecs;

import static dev.opskit.ecs.Scenario.CLUSTER;
import static dev.opskit.ecs.Scenario.HOOK;
import static dev.opskit.ecs.Scenario.ROLE;
import static dev.opskit.ecs.Scenario.SERVICE;
import static dev.opskit.ecs.TransientErrorTest.deployFailing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.testing.ecs.Call;
import dev.opskit.testing.ecs.HookVerdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How ECS-native deployments fail: each failure has its own kind and facts (which hook, which
 * stage, which alarm, ECS's final status), ECS's own rollback is waited for, and the deployer's
 * rollback is StopServiceDeployment(ROLLBACK), or ContinueServiceDeployment(ROLLBACK) through a
 * PAUSE hook, never on a completed deployment.
 */
class NativeFailureTest {
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
  void withoutTheServiceDeploymentsApiANativeDeployCannotBeFollowedAndSaysSo() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(0))) {
      s.fake.disableServiceDeploymentsApi();

      DeploymentFailedException e = deployFailing(s, s.deploying("v2"));

      assertThat(e.kind()).isEqualTo(FailureKind.WATCH_FAILED);
      assertThat(e.reason())
          .startsWith(
              "the deployment could not be followed to its end: DescribeServiceDeployments"
                  + " failed: The service deployments API is not available here.");
      assertThat(e.rolledBack()).isFalse();
      assertThat(s.mutatingOperations()).containsExactly("RegisterTaskDefinition", "UpdateService");
    }
  }

  @Test
  void aDeploymentThatCompletedIsNeverStoppedButRolledBackWithANewOne() {
    try (Scenario s = new Scenario(2, Scenario.blueGreen(0))) {
      s.recorder.failOnce(
          calls ->
              RecordingEcsClient.count(calls, "UpdateService") == 1
                  && s.fake
                      .transitions(s.fake.currentServiceDeployment(CLUSTER, SERVICE))
                      .get(
                          s.fake
                                  .transitions(s.fake.currentServiceDeployment(CLUSTER, SERVICE))
                                  .size()
                              - 1)
                      .status()
                      .equals("SUCCESSFUL"),
          "DescribeServices",
          RecordingEcsClient.Fault.ACCESS_DENIED);

      DeploymentFailedException e = deployFailing(s, s.deploying("v2").rollbackOnFailure(true));

      assertThat(e.kind()).isEqualTo(FailureKind.WATCH_FAILED);
      assertThat(s.recorder.calls()).doesNotContain("StopServiceDeployment");
      assertThat(s.ourCalls("UpdateService")).isEqualTo(2);
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.settledOn(s.v1)).isTrue();
    }
  }
}
