package dev.opskit.ecs;

import static dev.opskit.ecs.RecordingEcsClient.count;
import static dev.opskit.ecs.Scenario.CLUSTER;
import static dev.opskit.ecs.Scenario.REPO;
import static dev.opskit.ecs.Scenario.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.opskit.ecs.RecordingEcsClient.Fault;
import dev.opskit.testing.ecs.Call;
import dev.opskit.testing.ecs.TaskBehavior;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The failures of issue 12, one test each: a transient error (a connection reset after the SDK's
 * own retries, a 5xx, throttling) or an unexpected one never ends a deploy without its rollback,
 * and the caller always gets the deployment's own failure.
 */
class TransientErrorTest {
  private static final String WORKER = "sample-webapp-worker";

  @Test
  void aFailedPollDuringTheWatchIsRiddenOutAndTheCrashIsRolledBack() {
    try (Scenario s = new Scenario(4, false, false)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
      s.recorder.failOnce(
          calls -> count(calls, "UpdateService") == 1, "DescribeServices", Fault.CONNECTION_RESET);

      DeploymentFailedException e = deployFailing(s, s.deploying("crash").rollbackOnFailure(true));

      assertThat(e.kind()).isEqualTo(FailureKind.TASKS_FAILING);
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(s.v1);
      assertThat(s.fake.runningTasks(CLUSTER, SERVICE)).isEqualTo(Map.of(s.v1, 4));
      assertThat(s.eventsOf(DeploymentEvent.Retrying.class))
          .extracting(t -> ((DeploymentEvent.Retrying) t.event()).operation())
          .containsExactly("DescribeServices");
    }
  }

  @Test
  void aFailedServiceDeploymentsCallIsRetriedInsteadOfEscaping() {
    for (String operation :
        List.of(
            "ListServiceDeployments", "DescribeServiceRevisions", "DescribeServiceDeployments")) {
      try (Scenario s = new Scenario(2, true, true)) {
        s.recorder.failNth(operation, 1, Fault.CONNECTION_RESET);

        DeploymentResult result = s.deploying("v2").build().deploy();

        assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE))
            .as(operation)
            .isEqualTo(result.taskDefinitionArn());
        assertThat(result.serviceDeploymentArn()).as(operation).isPresent();
      }
    }
  }

  @Test
  void aFailedCallDuringTheRollbackWatchKeepsTheDeploymentFailure() {
    try (Scenario s = new Scenario(4, false, false)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
      s.recorder.failOnce(
          calls -> count(calls, "UpdateService") == 2,
          "ListServiceDeployments",
          Fault.CONNECTION_RESET);

      DeploymentFailedException e = deployFailing(s, s.deploying("crash").rollbackOnFailure(true));

      assertThat(e.kind()).isEqualTo(FailureKind.TASKS_FAILING);
      assertThat(e.reason()).contains("tasks of sample-webapp:2 stopped (limit 3)");
      assertThat(e.stoppedTasks())
          .isNotEmpty()
          .allSatisfy(
              t -> assertThat(t.stoppedReason()).isEqualTo("Essential container in task exited"));
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(s.v1);
    }
  }

  @Test
  void aRollbackThatSucceededIsReportedAsSuchDespiteAFailedPoll() {
    try (Scenario s = new Scenario(4, false, false)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
      s.recorder.failOnce(
          calls -> count(calls, "UpdateService") == 2, "DescribeServices", Fault.SERVER_ERROR);

      DeploymentFailedException e = deployFailing(s, s.deploying("crash").rollbackOnFailure(true));

      assertThat(e.rolledBack()).isTrue();
      assertThat(e.rollbackProblem()).isNull();
      assertThat(e.getMessage()).contains("; the service runs sample-webapp:1 again");
      assertThat(s.fake.runningTasks(CLUSTER, SERVICE)).isEqualTo(Map.of(s.v1, 4));
      assertThat(s.eventsOf(DeploymentEvent.RollbackFinished.class))
          .extracting(t -> ((DeploymentEvent.RollbackFinished) t.event()).succeeded())
          .containsExactly(true);
    }
  }

  @Test
  void housekeepingNeverDeregistersARevisionAnyServiceOfTheClusterRuns() {
    try (Scenario s = new Scenario(2, true, true)) {
      String v2 = s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION);
      String v3 = s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION.replace(":v1", ":stuck"));
      String v4 = s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION);
      s.addService(WORKER, v2, 1);
      // The worker is in the middle of a deployment: PRIMARY runs v3, the ACTIVE one still v2.
      s.fake.behavior(REPO + ":stuck", TaskBehavior.STUCK);
      s.fake.updateService(CLUSTER, WORKER, v3);
      for (int i = 0; i < 10; i++) {
        s.addService("filler-" + i, s.v1, 1); // 12 services: DescribeServices takes 2 batches
      }

      DeploymentResult result = s.deploying("v2").keepRevisions(1).build().deploy();

      assertThat(result.deregistered()).containsExactly(v4);
      assertThat(List.of(s.v1, v2, v3, result.taskDefinitionArn()))
          .allSatisfy(arn -> assertThat(s.fake.taskDefinitionStatus(arn)).isEqualTo("ACTIVE"));
      assertThat(s.fake.taskDefinitionStatus(v4)).isEqualTo("INACTIVE");
      List<Call> afterSuccess =
          s.ourCalls().stream()
              .dropWhile(c -> !c.operation().equals("DescribeServiceDeployments"))
              .filter(c -> c.operation().equals("DescribeServices"))
              .toList();
      assertThat(afterSuccess)
          .extracting(c -> c.request().get("services").size())
          .containsExactlyInAnyOrder(10, 2);
    }
  }

  @Test
  void housekeepingIsSkippedWhenTheServicesInUseCannotBeRead() {
    try (Scenario s = new Scenario(2, true, true)) {
      String v2 = s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION);
      s.recorder.failWhile(
          calls -> count(calls, "DescribeServiceDeployments") == 1, Fault.ACCESS_DENIED);

      DeploymentResult result = s.deploying("v2").keepRevisions(1).build().deploy();

      assertThat(result.deregistered()).isEmpty();
      assertThat(s.fake.taskDefinitionStatus(v2)).isEqualTo("ACTIVE");
      assertThat(s.recorder.calls()).doesNotContain("DeregisterTaskDefinition");
    }
  }

  @Test
  void transientErrorsUntilTheDeadlineEndInATimeoutAndTheRollback() {
    for (String tag : List.of("v2", "crash")) {
      try (Scenario s = new Scenario(2, false, false)) {
        s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
        Instant deadline = s.fake.now().plus(Duration.ofMinutes(3));
        // Every call fails from the UpdateService up to and including the poll at the deadline.
        s.recorder.failWhile(
            calls -> count(calls, "UpdateService") == 1 && !s.fake.now().isAfter(deadline),
            Fault.CONNECTION_RESET);

        Throwable thrown =
            catchThrowable(
                () ->
                    s.deploying(tag)
                        .timeout(Duration.ofMinutes(3))
                        .rollbackOnFailure(true)
                        .build()
                        .deploy());

        assertThat(thrown).as(tag).isInstanceOf(DeploymentTimeoutException.class);
        DeploymentTimeoutException e = (DeploymentTimeoutException) thrown;
        assertThat(e.reason()).as(tag).contains("Connection reset");
        assertThat(e.rolledBack()).as(tag).isTrue();
        assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).as(tag).isEqualTo(s.v1);
        assertThat(s.fake.runningTasks(CLUSTER, SERVICE)).as(tag).isEqualTo(Map.of(s.v1, 2));
      }
    }
  }

  @Test
  void anUnexpectedErrorDuringTheWatchIsAFailureThatRollsBack() {
    for (Fault fault : List.of(Fault.ACCESS_DENIED, Fault.BUG)) {
      try (Scenario s = new Scenario(2, true, true)) {
        s.recorder.failOnce(calls -> count(calls, "UpdateService") == 1, "DescribeServices", fault);

        DeploymentFailedException e = deployFailing(s, s.deploying("v2").rollbackOnFailure(true));

        assertThat(e.kind()).as(fault.name()).isEqualTo(FailureKind.WATCH_FAILED);
        assertThat(e.getCause()).as(fault.name()).isNotNull();
        assertThat(e.reason()).as(fault.name()).contains("DescribeServices");
        assertThat(e.rolledBack()).as(fault.name()).isTrue();
        assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(s.v1);
      }
    }
  }

  @Test
  void aRollbackThatFailsIsAttachedToTheDeploymentFailureNotInsteadOfIt() {
    try (Scenario s = new Scenario(4, false, false)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
      s.recorder.failOnce(
          calls -> count(calls, "UpdateService") == 1, "UpdateService", Fault.ACCESS_DENIED);

      DeploymentFailedException e = deployFailing(s, s.deploying("crash").rollbackOnFailure(true));

      assertThat(e.kind()).isEqualTo(FailureKind.TASKS_FAILING);
      assertThat(e.rolledBack()).isFalse();
      assertThat(e.rollbackProblem()).contains("AccessDeniedException");
      assertThat(e.getSuppressed()).hasSize(1);
      assertThat(e.stoppedTasks()).isNotEmpty();
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isNotEqualTo(s.v1);
    }
  }

  @Test
  void aCircuitBreakerRollbackFinishedBeforeTheFailureWasSeenIsReportedTruthfully() {
    try (Scenario s = new Scenario(2, true, true)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);

      DeploymentFailedException e =
          deployFailing(
              s,
              s.deploying("crash")
                  .pollInterval(Duration.ofMinutes(5))
                  .maxPollInterval(Duration.ofMinutes(5)));

      assertThat(e.kind()).isEqualTo(FailureKind.CIRCUIT_BREAKER_ROLLBACK);
      assertThat(s.fake.runningTasks(CLUSTER, SERVICE)).isEqualTo(Map.of(s.v1, 2));
      assertThat(e.rolledBack()).isTrue();
    }
  }

  @Test
  void anUpdateServiceThatWentThroughBeforeItFailedForGoodIsRolledBack() {
    try (Scenario s = new Scenario(2, true, true)) {
      s.recorder.failNth("UpdateService", 1, Fault.RESPONSE_LOST); // ECS started the deployment
      s.recorder.failNth("UpdateService", 2, Fault.ACCESS_DENIED); // and the retry is refused

      DeploymentFailedException e = deployFailing(s, s.deploying("v2").rollbackOnFailure(true));

      assertThat(e.kind()).isEqualTo(FailureKind.WATCH_FAILED);
      assertThat(e.reason()).contains("UpdateService failed");
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.settledOn(s.v1)).isTrue();
    }
  }

  @Test
  void anUpdateServiceRefusedForGoodChangesNothingAndSaysSo() {
    try (Scenario s = new Scenario(2, true, true)) {
      s.recorder.failNth("UpdateService", 1, Fault.ACCESS_DENIED);

      Throwable thrown =
          catchThrowable(() -> s.deploying("v2").rollbackOnFailure(true).build().deploy());

      assertThat(thrown)
          .isExactlyInstanceOf(EcsDeployException.class)
          .hasMessageStartingWith("UpdateService failed: AccessDeniedException")
          .hasMessageEndingWith("; the service still runs sample-webapp:1")
          .hasCauseInstanceOf(
              software.amazon.awssdk.services.ecs.model.AccessDeniedException.class);
      assertThat(s.settledOn(s.v1)).isTrue();
    }
  }

  @Test
  void anInterruptedDeployStartsItsRollbackWithoutWaitingAndKeepsTheInterrupt() {
    try (Scenario s = new Scenario(2, true, true)) {
      int[] sleeps = {0};
      EcsDeployer deployer =
          s.deploying("v2")
              .rollbackOnFailure(true)
              .sleeper(
                  d -> {
                    if (++sleeps[0] == 2) {
                      throw new InterruptedException("pipeline cancelled");
                    }
                    s.fake.advance(d);
                  })
              .build();

      Throwable thrown = catchThrowable(deployer::deploy);
      boolean interrupted = Thread.interrupted(); // also clears it for the next tests

      assertThat(interrupted).isTrue();
      assertThat(thrown).isInstanceOf(DeploymentFailedException.class);
      DeploymentFailedException e = (DeploymentFailedException) thrown;
      assertThat(e.kind()).isEqualTo(FailureKind.WATCH_FAILED);
      assertThat(e.reason()).contains("interrupted");
      assertThat(e).hasRootCauseInstanceOf(InterruptedException.class);
      assertThat(e.rolledBack()).isFalse();
      assertThat(e.rollbackProblem())
          .isEqualTo("not waited for: the deploying thread was interrupted");
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(s.v1);
      assertThat(s.ourCalls("UpdateService")).isEqualTo(2);
    }
  }

  static DeploymentFailedException deployFailing(Scenario s, EcsDeployer.Builder b) {
    Throwable thrown = catchThrowable(() -> b.build().deploy());
    assertThat(thrown).isInstanceOf(DeploymentFailedException.class);
    return (DeploymentFailedException) thrown;
  }
}
