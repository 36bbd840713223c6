package dev.opskit.ecs;

import static dev.opskit.ecs.Scenario.CLUSTER;
import static dev.opskit.ecs.Scenario.REPO;
import static dev.opskit.ecs.Scenario.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.opskit.ecs.RecordingEcsClient.Fault;
import dev.opskit.testing.ecs.Call;
import dev.opskit.testing.ecs.HookVerdict;
import dev.opskit.testing.ecs.TaskBehavior;
import java.time.Duration;
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
 *
 * <p>The ECS-native scenarios (a blue/green deploy that succeeds, one whose hook fails and ECS
 * rolls back, one whose tasks crash and the deployer stops with {@code
 * StopServiceDeployment(ROLLBACK)}, one held by a PAUSE hook and rolled back through it) also let
 * the fake run on for ten minutes after {@code deploy()} returned: the service must end on the
 * revision the outcome promised, and no call may ever have stopped a completed service deployment
 * or asked for anything but a ROLLBACK.
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

  @TestFactory
  Stream<DynamicTest> aBlueGreenDeploySucceedsWhateverCallFailsOnce() {
    return sweep(Kind.NATIVE_HEALTHY, Fault.TRANSIENT);
  }

  @TestFactory
  Stream<DynamicTest> aFailedHookIsRolledBackByEcsWhateverCallFailsOnce() {
    return sweep(Kind.NATIVE_HOOK, Fault.TRANSIENT);
  }

  @TestFactory
  Stream<DynamicTest> theDeployersStopOfANativeDeploymentIsWaitedForWhateverCallFailsOnce() {
    return sweep(Kind.NATIVE_CRASH, Fault.TRANSIENT);
  }

  @TestFactory
  Stream<DynamicTest> aPausedDeploymentIsRolledBackThroughItsHookWhateverCallFailsOnce() {
    return sweep(Kind.NATIVE_PAUSED, Fault.TRANSIENT);
  }

  @TestFactory
  Stream<DynamicTest> anErrorThatIsNotTransientEndsANativeDeployOnlyInADocumentedWay() {
    return Stream.of(Kind.NATIVE_HEALTHY, Kind.NATIVE_CRASH, Kind.NATIVE_PAUSED)
        .flatMap(kind -> sweep(kind, List.of(Fault.ACCESS_DENIED, Fault.BUG)));
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
    if (kind.isNative()) {
      checkNative(kind, transientFault, run);
      return;
    }
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
      default -> throw new IllegalArgumentException(kind.toString());
    }
  }

  private static void checkNative(Kind kind, boolean transientFault, Run run) {
    assertThat(run.stopTypes()).as("never ABORT").allMatch("ROLLBACK"::equals);
    assertThat(run.refusedStops()).as("never a stop of a completed deployment").isZero();
    DeploymentFailedException e = run.thrown instanceof DeploymentFailedException f ? f : null;
    if (run.thrown != null && run.thrown.getClass() == EcsDeployException.class) {
      assertThat(run.onPrevious).as("refused before the service changed").isTrue();
      return;
    }
    if (kind == Kind.NATIVE_HEALTHY) {
      if (transientFault) {
        assertThat(run.thrown).as("a healthy deploy with one transient error").isNull();
        assertThat(run.result.deregistered()).contains(run.unused);
      }
      if (run.thrown == null) {
        assertThat(run.onNew).as("service on the new revision").isTrue();
        assertThat(run.settledLater)
            .as("and it stays there")
            .isEqualTo(run.result.taskDefinitionArn());
        return;
      }
    }
    assertThat(e).as("never a success").isNotNull();
    if (transientFault) {
      FailureKind expected =
          switch (kind) {
            case NATIVE_HOOK -> FailureKind.HOOK_FAILED;
            case NATIVE_CRASH -> FailureKind.TASKS_FAILING;
            default -> FailureKind.TIMEOUT;
          };
      assertThat(e.kind()).isEqualTo(expected);
      if (kind == Kind.NATIVE_HOOK) {
        assertThat(e.failedHooks())
            .singleElement()
            .satisfies(h -> assertThat(h.lifecycleStage()).isEqualTo("POST_TEST_TRAFFIC_SHIFT"));
      }
      if (kind == Kind.NATIVE_CRASH) {
        assertThat(e.stoppedTasks()).isNotEmpty();
      }
      if (kind == Kind.NATIVE_PAUSED) {
        assertThat(run.calls).contains("ContinueServiceDeployment");
      }
      assertThat(e.rollbackProblem()).isNull();
      assertThat(e.rolledBack()).isTrue();
      assertThat(e.serviceDeployment())
          .get()
          .satisfies(f -> assertThat(f.status()).isEqualTo("ROLLBACK_SUCCESSFUL"));
    }
    boolean refused =
        e.rollbackProblem() != null
            && (e.rollbackProblem().startsWith("StopServiceDeployment failed")
                || e.rollbackProblem().startsWith("UpdateService failed"));
    if (!refused) {
      assertThat(run.settledLater)
          .as("the service ends on the previous revision (" + e.kind() + ")")
          .isEqualTo(run.previous);
    }
  }

  private static boolean isMutating(String operation) {
    return !(operation.startsWith("Describe") || operation.startsWith("List"));
  }

  private static Run run(Kind kind, Consumer<RecordingEcsClient> faults) {
    try (Scenario s = scenario(kind)) {
      s.fake.behavior(REPO + ":crash", TaskBehavior.CRASH);
      s.fake.hook(
          Scenario.HOOK,
          "POST_TEST_TRAFFIC_SHIFT",
          kind == Kind.NATIVE_HOOK ? HookVerdict.FAIL : HookVerdict.SUCCEED);
      String unused = s.fake.registerTaskDefinition(Scenario.TASK_DEFINITION);
      faults.accept(s.recorder);
      EcsDeployer.Builder b =
          s.deploying(kind.crashes() ? "crash" : "v2").rollbackOnFailure(true).keepRevisions(1);
      if (kind == Kind.NATIVE_PAUSED) {
        b.addLifecycleHook(LifecycleHook.pause(LifecycleStage.POST_SCALE_UP))
            .timeout(Duration.ofMinutes(3));
      }
      EcsDeployer deployer = b.build();
      DeploymentResult[] result = new DeploymentResult[1];
      Throwable thrown = catchThrowable(() -> result[0] = deployer.deploy());
      String primary = s.fake.serviceTaskDefinition(CLUSTER, SERVICE);
      boolean onPrevious = s.settledOn(s.v1);
      boolean onNew = result[0] != null && s.settledOn(result[0].taskDefinitionArn());
      String settledLater = null;
      if (kind.isNative()) {
        s.fake.advance(Duration.ofMinutes(10));
        String now = s.fake.serviceTaskDefinition(CLUSTER, SERVICE);
        settledLater = s.settledOn(now) ? now : "not settled: " + now;
      }
      List<Call> stops =
          s.ourCalls().stream().filter(c -> c.operation().equals("StopServiceDeployment")).toList();
      return new Run(
          s.recorder.calls(),
          thrown,
          result[0],
          onPrevious,
          onNew,
          s.v1,
          primary,
          unused,
          s.fake.taskDefinitionStatus(unused),
          s.fake.taskDefinitionStatus(s.v1),
          settledLater,
          stops.stream().map(c -> c.request().path("stopType").asText("ROLLBACK")).toList(),
          stops.stream().filter(c -> c.status() == 400).count());
    }
  }

  private static Scenario scenario(Kind kind) {
    return switch (kind) {
      case HEALTHY, CRASH -> new Scenario(2, false, false);
      case BREAKER -> new Scenario(2, true, true);
      default -> new Scenario(2, Scenario.blueGreen(0, "POST_TEST_TRAFFIC_SHIFT"));
    };
  }

  private enum Kind {
    HEALTHY("healthy deploy"),
    CRASH("crashing deploy, deployer's rollback"),
    BREAKER("crashing deploy, circuit-breaker rollback"),
    NATIVE_HEALTHY("blue/green deploy"),
    NATIVE_HOOK("blue/green deploy, failing hook, ECS's rollback"),
    NATIVE_CRASH("blue/green deploy, crashing tasks, deployer's StopServiceDeployment"),
    NATIVE_PAUSED("blue/green deploy held by a PAUSE hook, rolled back through it");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    boolean isNative() {
      return name().startsWith("NATIVE");
    }

    boolean crashes() {
      return this == CRASH || this == BREAKER || this == NATIVE_CRASH;
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
      String previousStatus,
      @Nullable String settledLater,
      List<String> stopTypes,
      long refusedStops) {}
}
