package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.SdkFixture.CLUSTER;
import static dev.opskit.testing.ecs.SdkFixture.HOOK;
import static dev.opskit.testing.ecs.SdkFixture.SERVICE;
import static dev.opskit.testing.ecs.SdkFixture.hookJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ConflictException;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookAction;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookDetail;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentNotFoundException;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentStopType;

/** Hooks, breakers, alarms and StopServiceDeployment roll ECS-native deployments back. */
class NativeRollbackTest {
  private static final String BLUE_GREEN =
      "{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":%d%s}";

  @Test
  void aFailingHookRollsBackToTheSourceRevision() {
    try (SdkFixture f =
        new SdkFixture()
            .service(
                BLUE_GREEN.formatted(
                    0, ",\"lifecycleHooks\":[" + hookJson("POST_TEST_TRAFFIC_SHIFT", "") + "]"))) {
      f.fake.hook(HOOK, "POST_TEST_TRAFFIC_SHIFT", HookVerdict.FAIL);
      Instant start = f.fake.now();
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(2));

      ServiceDeployment d = f.deployment(arn);
      assertThat(f.timeline(arn, start))
          .endsWith(
              "36 IN_PROGRESS POST_TEST_TRAFFIC_SHIFT",
              "46 ROLLBACK_IN_PROGRESS POST_TEST_TRAFFIC_SHIFT",
              "51 ROLLBACK_SUCCESSFUL POST_TEST_TRAFFIC_SHIFT");
      assertThat(d.status()).isEqualTo(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL);
      assertThat(d.rollback().reason())
          .isEqualTo(
              "Service deployment rolled back because lifecycle hook "
                  + HOOK
                  + " returned FAILED at POST_TEST_TRAFFIC_SHIFT.");
      assertThat(d.statusReason()).isEqualTo(d.rollback().reason());
      assertThat(d.rollback().startedAt()).isEqualTo(start.plusSeconds(46));
      assertThat(
              f.ecs
                  .describeServiceRevisions(
                      r -> r.serviceRevisionArns(d.rollback().serviceRevisionArn()))
                  .serviceRevisions()
                  .get(0)
                  .taskDefinition())
          .isEqualTo(f.v1);
      DeploymentLifecycleHookDetail hook = d.lifecycleHookDetails().get(0);
      assertThat(d.lifecycleHookDetails()).hasSize(1);
      assertThat(hook.hookId()).isNotBlank();
      assertThat(hook.targetArn()).isEqualTo(HOOK);
      assertThat(hook.targetTypeAsString()).isEqualTo("AWS_LAMBDA");
      assertThat(hook.statusAsString()).isEqualTo("FAILED");
      assertThat(hook.expiresAt()).isEqualTo(start.plusSeconds(41).plus(Duration.ofDays(1)));
      assertThat(hook.timeoutActionAsString()).isEqualTo("ROLLBACK");
      assertThat(f.service().taskDefinition()).isEqualTo(f.v1);
      assertThat(f.service().deployments())
          .singleElement()
          .satisfies(p -> assertThat(p.taskDefinition()).isEqualTo(f.v1));
      assertThat(f.fake.runningTasks(CLUSTER, SERVICE)).containsExactly(Map.entry(f.v1, 2));
    }
  }

  @Test
  void theRollbackRunsTheTrafficShiftHooksAgain() {
    String stages =
        "{\"hookTargetArn\":\""
            + HOOK
            + "\",\"lifecycleStages\":[\"TEST_TRAFFIC_SHIFT\","
            + "\"PRODUCTION_TRAFFIC_SHIFT\",\"POST_PRODUCTION_TRAFFIC_SHIFT\"]}";
    try (SdkFixture f =
        new SdkFixture().service(BLUE_GREEN.formatted(0, ",\"lifecycleHooks\":[" + stages + "]"))) {
      f.fake.hook(HOOK, "POST_PRODUCTION_TRAFFIC_SHIFT", HookVerdict.FAIL);
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(3));

      ServiceDeployment d = f.deployment(arn);

      assertThat(d.status()).isEqualTo(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL);
      assertThat(d.lifecycleHookDetails())
          .extracting(DeploymentLifecycleHookDetail::statusAsString)
          .containsExactly("SUCCEEDED", "SUCCEEDED", "FAILED", "SUCCEEDED", "SUCCEEDED");
      assertThat(d.lifecycleHookDetails())
          .extracting(DeploymentLifecycleHookDetail::hookId)
          .doesNotHaveDuplicates();
      assertThat(d.targetServiceRevision().requestedProductionTrafficWeight()).isEqualTo(0.0);
    }
  }

  @Test
  void aHookThatNeverAnswersTimesOutAndRollsBack() {
    try (SdkFixture f =
        new SdkFixture()
            .service(
                BLUE_GREEN.formatted(
                    0,
                    ",\"lifecycleHooks\":["
                        + hookJson(
                            "POST_SCALE_UP", ",\"timeoutConfiguration\":{\"timeoutInMinutes\":2}")
                        + "]"))) {
      f.fake.hook(HOOK, "POST_SCALE_UP", HookVerdict.TIME_OUT);
      Instant start = f.fake.now();
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(2));
      assertThat(f.deployment(arn).lifecycleHookDetails().get(0).statusAsString())
          .isEqualTo("IN_PROGRESS");
      f.fake.advance(Duration.ofMinutes(1));

      ServiceDeployment d = f.deployment(arn);

      assertThat(d.lifecycleHookDetails().get(0).statusAsString()).isEqualTo("TIMED_OUT");
      assertThat(d.lifecycleHookDetails().get(0).expiresAt()).isEqualTo(start.plusSeconds(151));
      assertThat(d.rollback().startedAt()).isEqualTo(start.plusSeconds(151));
      assertThat(d.rollback().reason()).contains(HOOK, "timed out", "POST_SCALE_UP");
      assertThat(d.status()).isEqualTo(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL);
      assertThat(f.service().taskDefinition()).isEqualTo(f.v1);
    }
  }

  @Test
  void aTimedOutHookWithActionContinueLetsTheDeploymentGoOn() {
    try (SdkFixture f =
        new SdkFixture()
            .service(
                BLUE_GREEN.formatted(
                    0,
                    ",\"lifecycleHooks\":["
                        + hookJson(
                            "POST_SCALE_UP",
                            ",\"timeoutConfiguration\":{\"timeoutInMinutes\":1,\"action\":\"CONTINUE\"}")
                        + "]"))) {
      f.fake.hook(HOOK, "POST_SCALE_UP", HookVerdict.SUCCEED.after(Duration.ofMinutes(5)));
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(3));

      ServiceDeployment d = f.deployment(arn);

      assertThat(d.lifecycleHookDetails().get(0).statusAsString()).isEqualTo("TIMED_OUT");
      assertThat(d.status()).isEqualTo(ServiceDeploymentStatus.SUCCESSFUL);
    }
  }

  @Test
  void aSlowHookKeepsItsStageInProgressUntilItAnswers() {
    try (SdkFixture f =
        new SdkFixture()
            .service(
                BLUE_GREEN.formatted(
                    0, ",\"lifecycleHooks\":[" + hookJson("POST_TEST_TRAFFIC_SHIFT", "") + "]"))) {
      f.fake.hook(
          HOOK, "POST_TEST_TRAFFIC_SHIFT", HookVerdict.SUCCEED.after(Duration.ofMinutes(3)));
      Instant start = f.fake.now();
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(2));

      ServiceDeployment waiting = f.deployment(arn);
      assertThat(waiting.lifecycleStageAsString()).isEqualTo("POST_TEST_TRAFFIC_SHIFT");
      assertThat(waiting.lifecycleHookDetails().get(0).statusAsString()).isEqualTo("IN_PROGRESS");
      f.fake.advance(Duration.ofMinutes(3));

      assertThat(f.timeline(arn, start))
          .contains("221 IN_PROGRESS PRE_PRODUCTION_TRAFFIC_SHIFT", "246 SUCCESSFUL CLEAN_UP");
    }
  }

  @Test
  void stopServiceDeploymentRollsBackMidWayThroughTheRequestedStatus() {
    try (SdkFixture f = new SdkFixture().service(BLUE_GREEN.formatted(10, ""))) {
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(2));
      Instant stop = f.fake.now();

      f.ecs.stopServiceDeployment(
          r -> r.serviceDeploymentArn(arn).stopType(StopServiceDeploymentStopType.ROLLBACK));
      assertThat(f.deployment(arn).status()).isEqualTo(ServiceDeploymentStatus.ROLLBACK_REQUESTED);
      f.ecs.stopServiceDeployment(r -> r.serviceDeploymentArn(arn));
      f.fake.advance(Duration.ofMinutes(1));

      ServiceDeployment d = f.deployment(arn);
      assertThat(f.timeline(arn, stop))
          .endsWith(
              "0 ROLLBACK_REQUESTED BAKE_TIME",
              "5 ROLLBACK_IN_PROGRESS BAKE_TIME",
              "10 ROLLBACK_SUCCESSFUL BAKE_TIME");
      assertThat(d.rollback().startedAt()).isEqualTo(stop);
      assertThat(d.rollback().reason()).contains("StopServiceDeployment");
      assertThat(f.service().taskDefinition()).isEqualTo(f.v1);
      assertThat(f.fake.runningTasks(CLUSTER, SERVICE)).containsExactly(Map.entry(f.v1, 2));
      assertThat(
              catchThrowableOfType(
                  ConflictException.class,
                  () -> f.ecs.stopServiceDeployment(r -> r.serviceDeploymentArn(arn))))
          .isNotNull();
      assertThat(
              catchThrowableOfType(
                  ServiceDeploymentNotFoundException.class,
                  () -> f.ecs.stopServiceDeployment(r -> r.serviceDeploymentArn(arn + "0"))))
          .isNotNull();
    }
  }

  @Test
  void aScriptedRollbackFailureEndsRollbackFailedOnTheNewRevision() {
    try (SdkFixture f =
        new SdkFixture()
            .service(
                BLUE_GREEN.formatted(
                    0, ",\"lifecycleHooks\":[" + hookJson("PRE_SCALE_UP", "") + "]"))) {
      f.fake.hook(HOOK, "PRE_SCALE_UP", HookVerdict.FAIL);
      f.fake.rollbackFails(CLUSTER, SERVICE);
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(1));

      ServiceDeployment d = f.deployment(arn);

      assertThat(d.status()).isEqualTo(ServiceDeploymentStatus.ROLLBACK_FAILED);
      assertThat(d.statusReason()).startsWith("Service deployment rollback failed: ");
      assertThat(d.finishedAt()).isNotNull();
      assertThat(f.service().taskDefinition()).isEqualTo(f.v2);
    }
  }

  @Test
  void theCircuitBreakerRollsBackABlueGreenDeploymentWhoseTasksCrash() {
    try (SdkFixture f =
        new SdkFixture()
            .service(
                BLUE_GREEN.formatted(
                    0, ",\"deploymentCircuitBreaker\":{\"enable\":true,\"rollback\":true}"))) {
      f.fake.behavior("app:2", TaskBehavior.CRASH);
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(2));

      ServiceDeployment d = f.deployment(arn);

      assertThat(d.status()).isEqualTo(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL);
      assertThat(d.statusReason())
          .isEqualTo(
              "Service deployment rolled back because the circuit breaker threshold was exceeded.");
      assertThat(d.deploymentCircuitBreaker().statusAsString()).isEqualTo("TRIGGERED");
      assertThat(d.deploymentCircuitBreaker().failureCount()).isGreaterThanOrEqualTo(3);
      assertThat(d.deploymentCircuitBreaker().threshold()).isEqualTo(3);
      assertThat(f.fake.circuitBreakerTrippedAt(CLUSTER, SERVICE)).isNotNull();
      assertThat(f.service().taskDefinition()).isEqualTo(f.v1);
    }
  }

  @Test
  void withoutRollbackTheBreakerStopsTheDeployment() {
    try (SdkFixture f =
        new SdkFixture()
            .service(
                BLUE_GREEN.formatted(
                    0, ",\"deploymentCircuitBreaker\":{\"enable\":true,\"rollback\":false}"))) {
      f.fake.behavior("app:2", TaskBehavior.CRASH);
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(2));

      ServiceDeployment d = f.deployment(arn);

      assertThat(d.status()).isEqualTo(ServiceDeploymentStatus.STOPPED);
      assertThat(d.stoppedAt()).isNotNull();
      assertThat(d.rollback()).isNull();
    }
  }

  @Test
  void aMonitoredAlarmFiringAtItsStageRollsBack() {
    try (SdkFixture f =
        new SdkFixture()
            .service(
                BLUE_GREEN.formatted(
                    5,
                    ",\"alarms\":{\"alarmNames\":[\"high-5xx\"],\"enable\":true,\"rollback\":true}"))) {
      f.fake.alarm("not-monitored", "POST_SCALE_UP");
      f.fake.alarm("high-5xx", "BAKE_TIME");
      Instant start = f.fake.now();
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(2));

      ServiceDeployment d = f.deployment(arn);

      assertThat(d.status()).isEqualTo(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL);
      assertThat(d.rollback().startedAt()).isEqualTo(start.plusSeconds(56));
      assertThat(d.alarms().statusAsString()).isEqualTo("TRIGGERED");
      assertThat(d.alarms().triggeredAlarmNames()).containsExactly("high-5xx");
      assertThat(d.alarms().alarmNames()).containsExactly("high-5xx");
      assertThat(d.lifecycleStageAsString()).isEqualTo("BAKE_TIME");
    }
  }

  @Test
  void aPauseHookWaitsForContinueServiceDeployment() {
    String pause = "{\"targetType\":\"PAUSE\",\"lifecycleStages\":[\"POST_TEST_TRAFFIC_SHIFT\"]}";
    try (SdkFixture f =
        new SdkFixture().service(BLUE_GREEN.formatted(0, ",\"lifecycleHooks\":[" + pause + "]"))) {
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofHours(1));
      DeploymentLifecycleHookDetail paused = f.deployment(arn).lifecycleHookDetails().get(0);
      assertThat(paused.statusAsString()).isEqualTo("AWAITING_ACTION");
      assertThat(paused.targetArn()).isNull();
      assertThat(f.deployment(arn).lifecycleStageAsString()).isEqualTo("POST_TEST_TRAFFIC_SHIFT");

      f.ecs.continueServiceDeployment(
          r ->
              r.serviceDeploymentArn(arn)
                  .hookId(paused.hookId())
                  .action(DeploymentLifecycleHookAction.CONTINUE));
      f.fake.advance(Duration.ofMinutes(1));

      assertThat(f.deployment(arn).status()).isEqualTo(ServiceDeploymentStatus.SUCCESSFUL);
      assertThat(f.deployment(arn).lifecycleHookDetails().get(0).statusAsString())
          .isEqualTo("SUCCEEDED");
      assertThat(
              catchThrowableOfType(
                  ConflictException.class,
                  () ->
                      f.ecs.continueServiceDeployment(
                          r -> r.serviceDeploymentArn(arn).hookId(paused.hookId()))))
          .isNotNull();

      String second = f.deploy(f.v3);
      f.fake.advance(Duration.ofMinutes(1));
      String hookId = f.deployment(second).lifecycleHookDetails().get(0).hookId();
      f.ecs.continueServiceDeployment(
          r ->
              r.serviceDeploymentArn(second)
                  .hookId(hookId)
                  .action(DeploymentLifecycleHookAction.ROLLBACK));
      f.fake.advance(Duration.ofMinutes(1));
      assertThat(f.deployment(second).status())
          .isEqualTo(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL);
      assertThat(f.service().taskDefinition()).isEqualTo(f.v2);
    }
  }

  @Test
  void aScriptedRollbackFailureAlsoFailsTheBreakersRollingRollback() {
    try (SdkFixture f = new SdkFixture()) {
      f.fake.createService(CLUSTER, SERVICE, f.v1, 2, true, true);
      f.fake.behavior("app:2", TaskBehavior.CRASH);
      f.fake.rollbackFails(CLUSTER, SERVICE);
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(2));

      assertThat(f.fake.transitions(arn))
          .extracting(Transition::status)
          .containsExactly("IN_PROGRESS", "ROLLBACK_REQUESTED", "ROLLBACK_FAILED");
      assertThat(f.deployment(arn).statusReason()).startsWith("Service deployment rollback failed");
    }
  }

  @Test
  void stopServiceDeploymentRollsARollingDeploymentBack() {
    try (SdkFixture f = new SdkFixture()) {
      f.fake.createService(CLUSTER, SERVICE, f.v1, 2, false, false);
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofSeconds(5));

      f.ecs.stopServiceDeployment(r -> r.serviceDeploymentArn(arn));
      assertThat(f.deployment(arn).status()).isEqualTo(ServiceDeploymentStatus.ROLLBACK_REQUESTED);
      f.fake.advance(Duration.ofMinutes(1));

      assertThat(f.fake.transitions(arn))
          .extracting(Transition::status)
          .containsExactly(
              "IN_PROGRESS", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL");
      assertThat(f.deployment(arn).lifecycleStageAsString()).isNull();
      assertThat(f.service().taskDefinition()).isEqualTo(f.v1);
      assertThat(f.fake.runningTasks(CLUSTER, SERVICE)).containsExactly(Map.entry(f.v1, 2));
    }
  }
}
