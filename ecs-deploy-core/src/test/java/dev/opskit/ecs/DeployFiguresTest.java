package dev.opskit.ecs;

import static dev.opskit.ecs.Scenario.CLUSTER;
import static dev.opskit.ecs.Scenario.POLL;
import static dev.opskit.ecs.Scenario.REPO;
import static dev.opskit.ecs.Scenario.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.opskit.testing.ecs.Call;
import dev.opskit.testing.ecs.TaskBehavior;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The harness behind the figures in the README: API calls per successful deploy, and the time from
 * the failure signal (in the fake's virtual time: the circuit breaker trips, the Nth task crashes,
 * another deployment starts) to the exception. Writes {@code target/ecs-deploy-figures.txt}.
 * Assertions bound the virtual time only (one poll interval); wall time is recorded, never
 * asserted.
 */
class DeployFiguresTest {
  private static final Map<String, String> FIGURES = new LinkedHashMap<>();

  @Test
  void apiCallsPerSuccessfulDeploy() {
    for (boolean ecr : new boolean[] {false, true}) {
      try (Scenario s = new Scenario(4, true, true)) {
        EcsDeployer.Builder b = s.deploying("v2");
        if (!ecr) {
          b.verifyImages(false);
        }
        DeploymentResult result = b.build().deploy();

        Map<String, Long> perOperation =
            new TreeMap<>(
                s.ourCalls().stream()
                    .collect(Collectors.groupingBy(Call::operation, Collectors.counting())));
        long total = s.ourCalls().size();
        FIGURES.put(
            "healthy deploy, 4 tasks, poll " + POLL.toSeconds() + " s" + (ecr ? ", ECR check" : ""),
            total
                + " API calls "
                + perOperation
                + "; "
                + result.polls()
                + " polls; "
                + result.duration().toSeconds()
                + " s virtual");
        assertThat(perOperation)
            .containsEntry("UpdateService", 1L)
            .containsEntry("RegisterTaskDefinition", 1L);
        assertThat(total).isLessThanOrEqualTo(ecr ? 11 : 10);
      }
    }
  }

  @Test
  void circuitBreakerRollbackToException() {
    try (Scenario s = new Scenario(4, true, true)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
      record(
          "circuit breaker trips -> exception",
          s,
          () -> s.fake.circuitBreakerTrippedAt(CLUSTER, SERVICE),
          s.deploying("crash"));
    }
  }

  @Test
  void crashLoopWithoutBreakerToException() {
    try (Scenario s = new Scenario(4, false, false)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
      record(
          "3rd crashed task (no circuit breaker) -> exception",
          s,
          () -> s.fake.taskFailures(CLUSTER, SERVICE).get(2),
          s.deploying("crash"));
    }
  }

  @Test
  void replacedDeploymentToException() {
    try (Scenario s = new Scenario(4, true, true)) {
      String theirs = s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION);
      s.fake.behavior(REPO + ":stuck", TaskBehavior.STUCK);
      Instant[] replacedAt = new Instant[1];
      s.fake.schedule(
          Duration.ofSeconds(13),
          () -> {
            replacedAt[0] = s.fake.now();
            s.fake.updateService(CLUSTER, SERVICE, theirs);
          });
      record(
          "another deployment replaces ours -> exception",
          s,
          () -> replacedAt[0],
          s.deploying("stuck"));
    }
  }

  private static void record(
      String name, Scenario s, java.util.function.Supplier<Instant> signal, EcsDeployer.Builder b) {
    long[] detectedNanos = new long[1];
    EcsDeployer deployer =
        b.listener(
                event -> {
                  if (event instanceof DeploymentEvent.Failed) {
                    detectedNanos[0] = System.nanoTime();
                  }
                })
            .build();
    DeploymentFailedException e =
        catchThrowableOfType(DeploymentFailedException.class, deployer::deploy);
    long thrownNanos = System.nanoTime();
    Instant thrownAt = s.fake.now();
    Duration virtual = Duration.between(signal.get(), thrownAt);
    FIGURES.put(
        name,
        virtual.toMillis() / 1000.0
            + " s virtual (poll "
            + POLL.toSeconds()
            + " s) + "
            + (thrownNanos - detectedNanos[0]) / 1_000_000
            + " ms wall to explain ("
            + e.kind()
            + ", "
            + e.stoppedTasks().size()
            + " stopped tasks, "
            + e.events().size()
            + " events)");
    assertThat(virtual).isLessThanOrEqualTo(POLL);
  }

  @AfterAll
  static void write() throws IOException {
    String text =
        FIGURES.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining("\n", "", "\n"));
    Files.writeString(Path.of("target", "ecs-deploy-figures.txt"), text);
    System.out.print(text);
  }
}
