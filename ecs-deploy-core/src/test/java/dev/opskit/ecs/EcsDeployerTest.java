package dev.opskit.ecs;

import static dev.opskit.ecs.Scenario.CLUSTER;
import static dev.opskit.ecs.Scenario.POLL;
import static dev.opskit.ecs.Scenario.REPO;
import static dev.opskit.ecs.Scenario.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opskit.testing.ecs.Call;
import dev.opskit.testing.ecs.TaskBehavior;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EcsDeployerTest {

  @Test
  void healthyDeployIsConfirmedWithOneUpdateService() {
    try (Scenario s = new Scenario(4, true, true)) {
      DeploymentResult result = s.deploying("v2").build().deploy();

      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE))
          .isEqualTo(result.taskDefinitionArn())
          .endsWith("task-definition/sample-webapp:2");
      assertThat(s.fake.runningTasks(CLUSTER, SERVICE))
          .isEqualTo(Map.of(result.taskDefinitionArn(), 4));
      assertThat(s.mutatingOperations()).containsExactly("RegisterTaskDefinition", "UpdateService");
      assertThat(result.previousTaskDefinitionArn()).isEqualTo(s.v1);
      assertThat(result.runningCount()).isEqualTo(4);
      assertThat(result.serviceDeploymentArn()).get().asString().contains(":service-deployment/");
      assertThat(result.polls()).isBetween(2, 4);
      assertThat(s.eventsOf(DeploymentEvent.Succeeded.class)).hasSize(1);
      assertThat(s.events)
          .extracting(t -> t.event().getClass().getSimpleName())
          .startsWith("Planned", "Registered", "ServiceUpdated")
          .contains("ServiceEventReceived", "TaskCounts", "RolloutStateChanged")
          .endsWith("Succeeded");
    }
  }

  @Test
  void planShowsTheDiffAndChangesNothing() {
    try (Scenario s = new Scenario(2, true, true)) {
      DeploymentPlan plan = s.deploying("v2").build().plan();

      assertThat(plan.previousTaskDefinitionArn()).isEqualTo(s.v1);
      assertThat(plan.diff().toString())
          .isEqualTo(
              "~ containerDefinitions[app].image: "
                  + REPO
                  + ":v1 -> "
                  + REPO
                  + ":v2\n+ containerDefinitions[app].environment[FEATURE_X].name: FEATURE_X\n"
                  + "+ containerDefinitions[app].environment[FEATURE_X].value: on\n");
      assertThat(plan.checkedImages()).containsExactly(REPO + ":v2");
      assertThat(s.fake.calls()).noneMatch(Call::isMutating);
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(s.v1);
    }
  }

  @Test
  void circuitBreakerRollbackIsAFailureExplainedWithStoppedTasksAndEvents() {
    try (Scenario s = new Scenario(4, true, true)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);

      DeploymentFailedException e =
          catchThrowableOfType(
              DeploymentFailedException.class,
              () -> s.deploying("crash").rollbackOnFailure(true).build().deploy());

      assertThat(e.kind()).isEqualTo(FailureKind.CIRCUIT_BREAKER_ROLLBACK);
      assertThat(e.reason()).isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
      assertThat(e.rolledBack()).isTrue();
      assertThat(e.previousTaskDefinitionArn()).isEqualTo(s.v1);
      assertThat(e.stoppedTasks())
          .isNotEmpty()
          .allSatisfy(
              t -> {
                assertThat(t.stoppedReason()).isEqualTo("Essential container in task exited");
                assertThat(t.taskDefinitionArn()).isEqualTo(e.taskDefinitionArn());
              })
          .anySatisfy(t -> assertThat(t.containers().get(0).exitCode()).isEqualTo(1));
      assertThat(e.events())
          .anySatisfy(ev -> assertThat(ev.message()).contains("rolling back to deployment"));
      assertThat(e.getMessage())
          .startsWith(
              "deploy of sample-webapp:2 to sample-webapp-cluster/sample-webapp-service failed"
                  + " (CIRCUIT_BREAKER_ROLLBACK): ECS deployment circuit breaker: tasks failed to start.;"
                  + " the service runs sample-webapp:1 again")
          .contains("stopped tasks:", "exited 1", "recent service events:");
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(s.v1);
      assertThat(s.fake.runningTasks(CLUSTER, SERVICE)).isEqualTo(Map.of(s.v1, 4));
      assertThat(s.ourCalls("UpdateService")).isEqualTo(1);
      Instant tripped = s.fake.circuitBreakerTrippedAt(CLUSTER, SERVICE);
      Instant detected = s.eventsOf(DeploymentEvent.Failed.class).get(0).at();
      assertThat(Duration.between(tripped, detected)).isLessThanOrEqualTo(POLL);
      assertThat(s.eventsOf(DeploymentEvent.RollbackFinished.class))
          .singleElement()
          .satisfies(
              t -> assertThat(((DeploymentEvent.RollbackFinished) t.event()).succeeded()).isTrue());
    }
  }

  @Test
  void circuitBreakerRollbackThatFinishedBetweenTwoPollsIsStillAFailureWithEcsReason() {
    for (boolean serviceDeploymentsApi : new boolean[] {true, false}) {
      try (Scenario s = new Scenario(2, true, true)) {
        s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
        if (!serviceDeploymentsApi) {
          s.fake.disableServiceDeploymentsApi();
        }

        DeploymentFailedException e =
            catchThrowableOfType(
                DeploymentFailedException.class,
                () ->
                    s.deploying("crash")
                        .pollInterval(Duration.ofMinutes(5))
                        .maxPollInterval(Duration.ofMinutes(5))
                        .build()
                        .deploy());

        assertThat(e.kind()).isEqualTo(FailureKind.CIRCUIT_BREAKER_ROLLBACK);
        assertThat(e.reason())
            .isEqualTo(
                serviceDeploymentsApi
                    ? "ECS deployment circuit breaker: tasks failed to start."
                    : "deployment "
                        + s.eventsOf(DeploymentEvent.ServiceUpdated.class).stream()
                            .map(t -> ((DeploymentEvent.ServiceUpdated) t.event()).deploymentId())
                            .findFirst()
                            .orElseThrow()
                        + " is gone and the service is back on sample-webapp:1"
                        + " (circuit-breaker rollback)");
        // The breaker's rollback finished before the failure was seen: the service runs v1 again.
        assertThat(e.rolledBack()).isTrue();
        assertThat(e.stoppedTasks()).isNotEmpty();
      }
    }
  }

  @Test
  void aCircuitBreakerRollbackThatStartsLateIsFoundAndWaitedFor() {
    try (Scenario s = new Scenario(2, true, true)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
      s.fake.circuitBreakerRollbackDelay(Duration.ofSeconds(15));

      DeploymentFailedException e =
          catchThrowableOfType(
              DeploymentFailedException.class,
              () -> s.deploying("crash").rollbackOnFailure(true).build().deploy());

      assertThat(e.kind()).isEqualTo(FailureKind.CIRCUIT_BREAKER_ROLLBACK);
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.fake.runningTasks(CLUSTER, SERVICE)).isEqualTo(Map.of(s.v1, 2));
      assertThat(s.ourCalls("UpdateService")).isEqualTo(1);
    }
  }

  @Test
  void withoutCircuitBreakerTheDeployerRollsBackToTheRevisionCapturedUpFront() {
    try (Scenario s = new Scenario(4, false, false)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
      // Another revision registered meanwhile: "revision minus one" would be wrong.
      s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION.replace(":v1", ":v2"));

      DeploymentFailedException e =
          catchThrowableOfType(
              DeploymentFailedException.class,
              () -> s.deploying("crash").rollbackOnFailure(true).build().deploy());

      assertThat(e.kind()).isEqualTo(FailureKind.TASKS_FAILING);
      assertThat(e.reason()).contains("tasks of sample-webapp:3 stopped (limit 3)");
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(s.v1);
      assertThat(s.fake.runningTasks(CLUSTER, SERVICE)).isEqualTo(Map.of(s.v1, 4));
      List<Call> updates =
          s.ourCalls().stream().filter(c -> c.operation().equals("UpdateService")).toList();
      assertThat(updates)
          .extracting(c -> c.request().get("taskDefinition").asText())
          .containsExactly(e.taskDefinitionArn(), s.v1);
      List<Instant> failures = s.fake.taskFailures(CLUSTER, SERVICE);
      Instant detected = s.eventsOf(DeploymentEvent.Failed.class).get(0).at();
      assertThat(Duration.between(failures.get(2), detected)).isLessThanOrEqualTo(POLL);
    }
  }

  @Test
  void breakerWithoutRollbackIsARolloutFailureTheDeployerRollsBack() {
    try (Scenario s = new Scenario(2, true, false)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);

      DeploymentFailedException e =
          catchThrowableOfType(
              DeploymentFailedException.class,
              () -> s.deploying("crash").rollbackOnFailure(true).build().deploy());

      assertThat(e.kind()).isEqualTo(FailureKind.ROLLOUT_FAILED);
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(s.v1);
      assertThat(s.ourCalls("UpdateService")).isEqualTo(2);
    }
  }

  @Test
  void deploymentReplacedBySomeoneElsesIsAFailureAndIsNotRolledBack() {
    try (Scenario s = new Scenario(2, true, true)) {
      String theirs =
          s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION.replace(":v1", ":hotfix"));
      s.fake.behavior(REPO + ":stuck", TaskBehavior.STUCK);
      s.fake.schedule(Duration.ofSeconds(15), () -> s.fake.updateService(CLUSTER, SERVICE, theirs));

      DeploymentFailedException e =
          catchThrowableOfType(
              DeploymentFailedException.class,
              () -> s.deploying("stuck").rollbackOnFailure(true).build().deploy());

      assertThat(e.kind()).isEqualTo(FailureKind.REPLACED);
      assertThat(e.reason()).contains("(sample-webapp:2) replaced ours");
      assertThat(e.rolledBack()).isFalse();
      assertThat(e.rollbackProblem()).isNull();
      assertThat(s.ourCalls("UpdateService")).isEqualTo(1);
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(theirs);
    }
  }

  @Test
  void throttlingStormSlowsThePollingDownAndTheDeployStillSucceeds() {
    try (Scenario s = new Scenario(2, true, true)) {
      DeploymentResult result =
          s.deploying("v2")
              .listener(
                  event -> {
                    if (event instanceof DeploymentEvent.ServiceUpdated) {
                      s.fake.throttle("DescribeServices", 10); // 3 polls of 3 SDK attempts, and one
                    }
                    s.events.add(new Scenario.Timed(s.fake.now(), event));
                  })
              .build()
              .deploy();

      assertThat(result.taskDefinitionArn())
          .isEqualTo(s.fake.serviceTaskDefinition(CLUSTER, SERVICE));
      assertThat(s.eventsOf(DeploymentEvent.Throttled.class))
          .extracting(t -> ((DeploymentEvent.Throttled) t.event()).nextPoll())
          .containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(60));
      List<Call> describes =
          s.fake.calls().stream().filter(c -> c.operation().equals("DescribeServices")).toList();
      assertThat(describes.stream().filter(c -> c.status() == 400)).hasSize(10);
      assertThat(s.ourCalls("UpdateService")).isEqualTo(1);
    }
  }

  @Test
  void timeoutIsAFailureWithWhatWasMissingAndRollsBack() {
    try (Scenario s = new Scenario(2, true, true)) {
      s.fake.behavior(REPO + ":stuck", TaskBehavior.STUCK);

      DeploymentTimeoutException e =
          catchThrowableOfType(
              DeploymentTimeoutException.class,
              () ->
                  s.deploying("stuck")
                      .timeout(Duration.ofMinutes(3))
                      .rollbackOnFailure(true)
                      .build()
                      .deploy());

      assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(e.reason())
          .endsWith("still IN_PROGRESS with 0/2 running, 2 pending and 0 failed tasks");
      assertThat(e.rolledBack()).isTrue();
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(s.v1);
      Instant deadline =
          s.eventsOf(DeploymentEvent.Planned.class).get(0).at().plus(Duration.ofMinutes(3));
      assertThat(s.eventsOf(DeploymentEvent.Failed.class).get(0).at()).isEqualTo(deadline);
    }
  }

  @Test
  void missingImageInEcrFailsBeforeAnythingChanges() {
    try (Scenario s = new Scenario(2, true, true)) {
      ImageNotFoundException e =
          catchThrowableOfType(
              ImageNotFoundException.class, () -> s.deploying("no-such-tag").build().deploy());

      assertThat(e.image()).isEqualTo(REPO + ":no-such-tag");
      assertThat(e.getMessage())
          .contains("does not exist within the repository with name 'go-sample-webapp'");
      assertThat(s.fake.calls()).noneMatch(Call::isMutating);
    }
  }

  @Test
  void fieldsAllowListToolsDropSurviveTheCopy() {
    try (Scenario s = new Scenario(2, true, true)) {
      DeploymentResult result = s.deploying("v2").build().deploy();

      ObjectNode before = (ObjectNode) s.fake.taskDefinition(s.v1);
      ObjectNode after = (ObjectNode) s.fake.taskDefinition(result.taskDefinitionArn());
      for (String readOnly : List.of("taskDefinitionArn", "revision", "registeredAt")) {
        before.remove(readOnly);
        after.remove(readOnly);
      }
      JsonNode app = after.get("containerDefinitions").get(0);
      assertThat(app.get("image").asText()).isEqualTo(REPO + ":v2");
      ((ObjectNode) after.get("containerDefinitions").get(0)).put("image", REPO + ":v1");
      ((ObjectNode) after.get("containerDefinitions").get(0))
          .set("environment", before.get("containerDefinitions").get(0).get("environment"));
      assertThat(after).isEqualTo(before);
      assertThat(
              before.has("runtimePlatform")
                  && before.has("ephemeralStorage")
                  && before.has("volumes")
                  && before.has("pidMode"))
          .isTrue();
      assertThat(
              s.ecs
                  .describeTaskDefinition(
                      r -> r.taskDefinition(result.taskDefinitionArn()).includeWithStrings("TAGS"))
                  .tags())
          .extracting(t -> t.key() + "=" + t.value())
          .containsExactly("team=web");
    }
  }

  @Test
  void housekeepingKeepsTheNewestTheRunningAndTheRollbackTarget() {
    try (Scenario s = new Scenario(2, true, true)) {
      String v2 = s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION);
      String v3 = s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION);
      String v4 = s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION);
      String other =
          s.fake.registerTaskDefinition(
              Scenario.TASK_DEFINITION.replace("\"sample-webapp\"", "\"sample-webapp-worker\""));

      DeploymentResult result = s.deploying("v2").keepRevisions(2).build().deploy();

      // v5 (new) and v4 are the newest two; v1 is the rollback target.
      assertThat(result.deregistered()).containsExactlyInAnyOrder(v2, v3);
      assertThat(s.fake.taskDefinitionStatus(s.v1)).isEqualTo("ACTIVE");
      assertThat(s.fake.taskDefinitionStatus(v4)).isEqualTo("ACTIVE");
      assertThat(s.fake.taskDefinitionStatus(result.taskDefinitionArn())).isEqualTo("ACTIVE");
      assertThat(s.fake.taskDefinitionStatus(other)).isEqualTo("ACTIVE");
      assertThat(s.eventsOf(DeploymentEvent.Deregistered.class)).hasSize(2);
    }
  }

  @Test
  void pinsTheDigestAndPromotesTheTagWithoutDocker() {
    try (Scenario s = new Scenario(2, true, true)) {
      String digest = s.fake.putEcrImage("go-sample-webapp", "release-42");

      DeploymentResult result =
          s.deploying("release-42").pinImageDigests(true).promoteTag("production").build().deploy();

      assertThat(
              s.fake
                  .taskDefinition(result.taskDefinitionArn())
                  .get("containerDefinitions")
                  .get(0)
                  .get("image")
                  .asText())
          .isEqualTo(REPO + "@" + digest);
      assertThat(result.promotedImages()).containsExactly(REPO + ":production");
      assertThat(s.fake.ecrTags("go-sample-webapp", digest))
          .containsExactlyInAnyOrder("release-42", "production");
      assertThat(s.mutatingOperations())
          .containsExactly("RegisterTaskDefinition", "UpdateService", "PutImage");
    }
  }

  @Test
  void withoutTheServiceDeploymentsApiTheDeploymentsListDecides() {
    try (Scenario s = new Scenario(2, true, true)) {
      s.fake.disableServiceDeploymentsApi();

      DeploymentResult result = s.deploying("v2").build().deploy();

      assertThat(result.serviceDeploymentArn()).isEmpty();
      assertThat(s.fake.serviceTaskDefinition(CLUSTER, SERVICE))
          .isEqualTo(result.taskDefinitionArn());
    }
  }

  @Test
  void aListenerThatThrowsDoesNotChangeTheOutcome() {
    try (Scenario s = new Scenario(2, true, true)) {
      DeploymentResult result =
          s.deploying("v2")
              .listener(
                  event -> {
                    throw new IllegalStateException("listener bug");
                  })
              .build()
              .deploy();

      assertThat(result.runningCount()).isEqualTo(2);
    }
  }

  @Test
  void deploysFromAJsonFileInTheDescribeShape(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    try (Scenario s = new Scenario(2, true, true)) {
      java.nio.file.Path file = dir.resolve("task-definition.json");
      JsonNode described = s.fake.taskDefinition(s.v1);
      java.nio.file.Files.writeString(file, "{\"taskDefinition\":" + described + "}");

      DeploymentResult result =
          s.deployer().taskDefinitionFile(file).image("app", REPO + ":v2").build().deploy();

      assertThat(
              s.fake
                  .taskDefinition(result.taskDefinitionArn())
                  .get("runtimePlatform")
                  .get("cpuArchitecture")
                  .asText())
          .isEqualTo("ARM64");
    }
  }

  @Test
  void copyKeepsEverySettingAndAddsTheChange() {
    try (Scenario s = new Scenario(2, true, true)) {
      EcsDeployer deployer = s.deploying("v2").cpu("512").build();

      DeploymentPlan plan = deployer.copy(b -> b.image("log-router", "fluent/fluent-bit:3")).plan();

      assertThat(plan.diff().changes())
          .extracting(c -> c.path())
          .containsExactly(
              "containerDefinitions[app].image",
              "containerDefinitions[app].environment[FEATURE_X].name",
              "containerDefinitions[app].environment[FEATURE_X].value",
              "containerDefinitions[log-router].image",
              "cpu");
      assertThat(deployer.plan().diff().changes()).hasSize(4);
    }
  }

  @Test
  void aMissingServiceIsNamed() {
    try (Scenario s = new Scenario(1, true, true)) {
      assertThatThrownBy(() -> s.deploying("v2").service("no-such-service").build().plan())
          .isInstanceOf(EcsDeployException.class)
          .hasMessage("service sample-webapp-cluster/no-such-service: MISSING");
    }
  }

  @Test
  void jitteredPollsStayWithinTheirBounds() {
    try (Scenario s = new Scenario(2, true, true)) {
      s.deploying("v2").pollJitter(0.5).build().deploy();

      List<Instant> polls =
          s.fake.calls().stream()
              .filter(c -> c.operation().equals("DescribeServices"))
              .skip(1)
              .map(Call::at)
              .toList();
      List<Duration> gaps = new java.util.ArrayList<>();
      Instant previous = s.eventsOf(DeploymentEvent.ServiceUpdated.class).get(0).at();
      for (Instant poll : polls) {
        gaps.add(Duration.between(previous, poll));
        previous = poll;
      }
      assertThat(gaps)
          .isNotEmpty()
          .allSatisfy(g -> assertThat(g).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15)));
    }
  }

  @Test
  void refusesToBuildWithoutRequiredFields() {
    assertThatThrownBy(() -> EcsDeployer.builder().cluster("c").service("s").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ecsClient is required");
  }
}
