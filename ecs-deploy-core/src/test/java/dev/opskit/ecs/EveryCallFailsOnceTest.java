package dev.opskit.ecs;

import static dev.opskit.ecs.Scenario.CLUSTER;
import static dev.opskit.ecs.Scenario.REPO;
import static dev.opskit.ecs.Scenario.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.opskit.ecs.RecordingEcsClient.Fault;
import dev.opskit.testing.ecs.TaskBehavior;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One failure at every API call of a deploy and of its rollback: each scenario runs once cleanly to
 * record its calls, then once per call index with that call failing once.
 *
 * <p>A transient error (connection reset before or after ECS processed the request, 500, 503,
 * throttling) must change nothing: the healthy deploy still succeeds on the new revision (a
 * transient error is retried, so failing the deploy over it would roll back a good release); the
 * crashing one still fails with its own kind, reason and stopped tasks, rolled back to the previous
 * revision. An error that is not transient may end the deploy, but only with a type {@code
 * deploy()} documents, never on the crashing revision unless the rollback itself was refused, and
 * with a {@code rolledBack} that matches the service.
 */
class EveryCallFailsOnceTest {
  private static final Set<Class<?>> DOCUMENTED =
      Set.of(
          DeploymentFailedException.class,
          DeploymentTimeoutException.class,
          ImageNotFoundException.class,
          EcsDeployException.class);

  @TestFactory
  Stream<DynamicTest> aHealthyDeploySucceedsWhateverCallFailsOnce() {
    return sweep(Kind.HEALTHY, Fault.TRANSIENT);
  }

  @TestFactory
  Stream<DynamicTest> aCrashingDeployIsRolledBackWhateverCallFailsOnce() {
    return sweep(Kind.CRASH, Fault.TRANSIENT);
  }

  @TestFactory
  Stream<DynamicTest> aCircuitBreakerRollbackIsWaitedForWhateverCallFailsOnce() {
    return sweep(Kind.BREAKER, Fault.TRANSIENT);
  }

  @TestFactory
  Stream<DynamicTest> anErrorThatIsNotTransientEndsOnlyInADocumentedWay() {
    return Stream.concat(
        sweep(Kind.HEALTHY, List.of(Fault.ACCESS_DENIED, Fault.BUG)),
        sweep(Kind.CRASH, List.of(Fault.ACCESS_DENIED, Fault.BUG)));
  }

  private static Stream<DynamicTest> sweep(Kind kind, List<Fault> faults) {
    List<String> clean = run(kind, r -> {}).calls;
    assertThat(clean).as("clean run of " + kind).hasSizeGreaterThan(8);
    return faults.stream()
        .flatMap(
            fault ->
                IntStream.range(0, clean.size())
                    .filter(i -> !fault.afterSending() || isMutating(clean.get(i)))
                    .mapToObj(
                        i ->
                            dynamicTest(
                                kind + ", " + fault + " at call " + i + " (" + clean.get(i) + ")",
                                () -> check(kind, fault, run(kind, r -> r.failCall(i, fault))))));
  }

  private static void check(Kind kind, Fault fault, Run run) {
    if (run.thrown != null) {
      assertThat(DOCUMENTED).as("documented types").contains(run.thrown.getClass());
    }
    if (run.thrown instanceof DeploymentFailedException e) {
      assertThat(e.rolledBack()).as("rolledBack is the service's state").isEqualTo(run.onPrevious);
    }
    boolean transientFault = Fault.TRANSIENT.contains(fault);
    switch (kind) {
      case HEALTHY -> {
        if (transientFault) {
          assertThat(run.thrown).as("a healthy deploy with one transient error").isNull();
        }
        if (run.thrown == null) {
          assertThat(run.onNew).as("service on the new revision").isTrue();
          if (transientFault) {
            assertThat(run.result).isNotNull();
            assertThat(run.result.deregistered()).contains(run.unused);
            assertThat(run.unusedStatus).isEqualTo("INACTIVE");
          }
        } else if (!(run.thrown instanceof DeploymentFailedException)) {
          assertThat(run.onPrevious).as("nothing changed").isTrue();
        }
        assertThat(run.previousStatus).as("the rollback target stays ACTIVE").isEqualTo("ACTIVE");
      }
      case CRASH, BREAKER -> {
        if (transientFault) {
          assertThat(run.thrown).isInstanceOf(DeploymentFailedException.class);
          DeploymentFailedException e = (DeploymentFailedException) run.thrown;
          if (kind == Kind.CRASH) {
            assertThat(e.kind()).isEqualTo(FailureKind.TASKS_FAILING);
            assertThat(e.reason())
                .matches("\\d+ tasks of sample-webapp:\\d stopped \\(limit 3\\).*");
          } else {
            assertThat(e.kind()).isEqualTo(FailureKind.CIRCUIT_BREAKER_ROLLBACK);
            assertThat(e.reason())
                .isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
          }
          assertThat(e.stoppedTasks())
              .isNotEmpty()
              .allSatisfy(
                  t -> {
                    assertThat(t.stoppedReason()).isEqualTo("Essential container in task exited");
                    assertThat(t.taskDefinitionArn()).isEqualTo(e.taskDefinitionArn());
                  });
          assertThat(e.rollbackProblem()).isNull();
          assertThat(e.rolledBack()).isTrue();
          assertThat(run.onPrevious).as("service back on the previous revision").isTrue();
        } else if (run.thrown != null && run.thrown.getClass() == EcsDeployException.class) {
          assertThat(run.onPrevious).as("refused before the service changed").isTrue();
        } else {
          assertThat(run.thrown)
              .as("never a success")
              .isInstanceOf(DeploymentFailedException.class);
          DeploymentFailedException e = (DeploymentFailedException) run.thrown;
          if (e.rollbackProblem() == null) {
            assertThat(run.onPrevious).as("service back on the previous revision").isTrue();
          } else if (!e.rollbackProblem().startsWith("UpdateService failed")) {
            assertThat(run.primary).as("rollback under way").isEqualTo(run.previous);
          }
        }
      }
    }
  }

  private static boolean isMutating(String operation) {
    return !(operation.startsWith("Describe") || operation.startsWith("List"));
  }

  private static Run run(Kind kind, Consumer<RecordingEcsClient> faults) {
    try (Scenario s = new Scenario(2, kind == Kind.BREAKER, kind == Kind.BREAKER)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
      String unused = s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION);
      faults.accept(s.recorder);
      EcsDeployer deployer =
          s.deploying(kind == Kind.HEALTHY ? "v2" : "crash")
              .rollbackOnFailure(true)
              .keepRevisions(1)
              .build();
      DeploymentResult[] result = new DeploymentResult[1];
      Throwable thrown = catchThrowable(() -> result[0] = deployer.deploy());
      String primary = s.fake.serviceTaskDefinition(CLUSTER, SERVICE);
      return new Run(
          s.recorder.calls(),
          thrown,
          result[0],
          s.settledOn(s.v1),
          result[0] != null && s.settledOn(result[0].taskDefinitionArn()),
          s.v1,
          primary,
          unused,
          s.fake.taskDefinitionStatus(unused),
          s.fake.taskDefinitionStatus(s.v1));
    }
  }

  private enum Kind {
    HEALTHY("healthy deploy"),
    CRASH("crashing deploy, deployer's rollback"),
    BREAKER("crashing deploy, circuit-breaker rollback");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private record Run(
      List<String> calls,
      @Nullable Throwable thrown,
      @Nullable DeploymentResult result,
      boolean onPrevious,
      boolean onNew,
      String previous,
      String primary,
      String unused,
      String unusedStatus,
      String previousStatus) {}
}
