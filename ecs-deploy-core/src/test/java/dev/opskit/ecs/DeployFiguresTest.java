package dev.opskit.ecs;

import static dev.opskit.ecs.Scenario.CLUSTER;
import static dev.opskit.ecs.Scenario.POLL;
import static dev.opskit.ecs.Scenario.REPO;
import static dev.opskit.ecs.Scenario.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.opskit.testing.ecs.Call;
import dev.opskit.testing.ecs.HookVerdict;
import dev.opskit.testing.ecs.TaskBehavior;
import dev.opskit.testing.ecs.Transition;
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
  void apiCallsPerSuccessfulNativeDeploy() {
    Map<String, DeploymentStrategy> strategies = new LinkedHashMap<>();
    strategies.put("BLUE_GREEN, bake 5 min", DeploymentStrategy.blueGreen(Duration.ofMinutes(5)));
    strategies.put(
        "LINEAR, 25% every 2 min, bake 5 min",
        DeploymentStrategy.linear(25, Duration.ofMinutes(2), Duration.ofMinutes(5)));
    strategies.put(
        "CANARY, 10% for 5 min, bake 5 min",
        DeploymentStrategy.canary(10, Duration.ofMinutes(5), Duration.ofMinutes(5)));
    strategies.forEach(
        (name, strategy) -> {
          try (Scenario s = new Scenario(4, true, true)) {
            DeploymentResult result =
                s.deploying("v2")
                    .verifyImages(false)
                    .strategy(strategy)
                    .timeout(Duration.ofMinutes(30))
                    .build()
                    .deploy();

            Map<String, Long> perOperation =
                new TreeMap<>(
                    s.ourCalls().stream()
                        .collect(Collectors.groupingBy(Call::operation, Collectors.counting())));
            long total = s.ourCalls().size();
            FIGURES.put(
                "healthy " + name + ", 4 tasks, poll " + POLL.toSeconds() + " s",
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
                .containsEntry("RegisterTaskDefinition", 1L)
                .doesNotContainKey("StopServiceDeployment");
            assertThat(total).isLessThanOrEqualTo(2L * result.polls() + 8);
            assertThat(result.duration()).isGreaterThan(strategy.bakeTimes());
          }
        });
  }

  @Test
  void nativeFailureSignalToException() {
    try (Scenario s = new Scenario(4, Scenario.blueGreen(5, "POST_TEST_TRAFFIC_SHIFT"))) {
      s.fake.hook(Scenario.HOOK, "POST_TEST_TRAFFIC_SHIFT", HookVerdict.FAIL);
      recordNative("BLUE_GREEN: a hook fails, ECS rolls back", s, s.deploying("v2"));
    }
    try (Scenario s =
        new Scenario(
            4,
            "{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":5,\"alarms\":{\"enable\":true,"
                + "\"rollback\":true,\"alarmNames\":[\"5xx\"]}}")) {
      s.fake.alarm("5xx", "BAKE_TIME");
      recordNative(
          "BLUE_GREEN: an alarm goes off during the bake, ECS rolls back", s, s.deploying("v2"));
    }
    try (Scenario s =
        new Scenario(
            4,
            "{\"strategy\":\"LINEAR\",\"bakeTimeInMinutes\":0,\"linearConfiguration\":"
                + "{\"stepPercent\":25.0,\"stepBakeTimeInMinutes\":1},"
                + "\"deploymentCircuitBreaker\":{\"enable\":true,\"rollback\":true}}")) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
      recordNative("LINEAR: the circuit breaker trips, ECS rolls back", s, s.deploying("crash"));
    }
    try (Scenario s = new Scenario(4, Scenario.blueGreen(0))) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
      recordNative(
          "BLUE_GREEN: tasks crash without a breaker, the deployer stops it (ROLLBACK)",
          s,
          s.deploying("crash").rollbackOnFailure(true));
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

  /**
   * Records, for an ECS-native deployment that fails: the signal (the first status of the service
   * deployment that is not PENDING or IN_PROGRESS, or the crash that makes the deployer stop it),
   * when the deployer reported the failure, and when the exception came, after the rollback.
   */
  private static void recordNative(String name, Scenario s, EcsDeployer.Builder b) {
    Instant[] failedAt = new Instant[1];
    DeploymentFailedException e =
        catchThrowableOfType(
            DeploymentFailedException.class,
            b.listener(
                        event -> {
                          if (event instanceof DeploymentEvent.Failed) {
                            failedAt[0] = s.fake.now();
                          }
                        })
                    .build()
                ::deploy);
    Instant thrownAt = s.fake.now();
    String arn = s.fake.currentServiceDeployment(CLUSTER, SERVICE);
    Instant signal =
        s.fake.transitions(arn).stream()
            .filter(t -> !t.status().equals("PENDING") && !t.status().equals("IN_PROGRESS"))
            .map(Transition::at)
            .findFirst()
            .orElseThrow();
    if (e.kind() == FailureKind.TASKS_FAILING) {
      signal = s.fake.taskFailures(CLUSTER, SERVICE).get(2);
    }
    Duration detected = Duration.between(signal, failedAt[0]);
    FIGURES.put(
        name,
        detected.toMillis() / 1000.0
            + " s virtual to the failure ("
            + e.kind()
            + "), "
            + Duration.between(signal, thrownAt).toSeconds()
            + " s virtual to the exception after the rollback (rolled back: "
            + e.rolledBack()
            + ", "
            + e.serviceDeployment().map(ServiceDeploymentFacts::status).orElse("?")
            + ")");
    assertThat(detected).isLessThanOrEqualTo(POLL);
    assertThat(e.rolledBack()).isTrue();
  }

  @Test
  void apiCallsOfAThirtyServiceGroupAgainstThirtySeparateDeploys() {
    Map<String, Long> separate;
    long separateSeconds;
    try (Fleet f = new Fleet(30)) {
      Instant start = f.fake.now();
      for (String name : f.names) {
        f.deployer(name, "v2").build().deploy();
      }
      separate = perOperation(f.fake.calls());
      separateSeconds = Duration.between(start, f.fake.now()).toSeconds();
    }
    Map<String, Long> grouped;
    GroupDeploymentResult result;
    try (Fleet f = new Fleet(30)) {
      result = f.group(Map.of()).maxParallel(30).build().deploy();
      grouped = perOperation(f.fake.calls());
    }
    long separateTotal = separate.values().stream().mapToLong(Long::longValue).sum();
    long groupedTotal = grouped.values().stream().mapToLong(Long::longValue).sum();
    FIGURES.put(
        "30 services of one cluster (2 tasks each), 30 separate deploys one after another",
        separateTotal + " API calls " + separate + "; " + separateSeconds + " s virtual");
    FIGURES.put(
        "the same 30 services as one DeploymentGroup (maxParallel 30)",
        groupedTotal
            + " API calls "
            + grouped
            + "; "
            + result.pollRounds()
            + " rounds (1 read before planning, then polls) of "
            + result.describeCalls() / result.pollRounds()
            + " DescribeServices calls; "
            + result.duration().toSeconds()
            + " s virtual");
    assertThat(result.describeCalls()).isEqualTo(3 * result.pollRounds());
    // 3 calls a round for the group (reads before planning included), one per service and poll
    // (and one before) for separate deploys
    assertThat(grouped.get("DescribeServices")).isEqualTo((long) result.describeCalls());
    assertThat(grouped.get("DescribeServices"))
        .isLessThanOrEqualTo(separate.get("DescribeServices") / 10);
    assertThat(groupedTotal).isLessThan(separateTotal);
  }

  private static Map<String, Long> perOperation(java.util.List<Call> calls) {
    return new TreeMap<>(
        calls.stream().collect(Collectors.groupingBy(Call::operation, Collectors.counting())));
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
