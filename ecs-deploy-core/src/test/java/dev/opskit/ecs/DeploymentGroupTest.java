package dev.opskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.opskit.testing.ecs.Call;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;

/** Group deploys of up to 30 services on one fake cluster, on virtual time. */
class DeploymentGroupTest {

  @Test
  void thirtyServicesDeployedTogetherMakeThreeDescribeCallsPerPollRound() {
    try (Fleet f = new Fleet(30)) {
      GroupDeploymentResult r = f.group(Map.of()).maxParallel(30).build().deploy();

      assertThat(r.succeeded()).isTrue();
      assertThat(r.services()).hasSize(30);
      assertThat(r.servicesThat(ServiceOutcome.Deployed.class)).isEqualTo(f.names);
      for (String name : f.names) {
        assertThat(f.runs(name)).isNotEqualTo(f.v1.get(name)).contains(":task-definition/" + name);
      }
      assertThat(r.pollRounds()).isPositive();
      assertThat(r.describeCalls()).isEqualTo(3 * r.pollRounds());
      Map<Instant, List<Call>> rounds =
          f.batchedDescribes().stream()
              .collect(Collectors.groupingBy(Call::at, TreeMap::new, Collectors.toList()));
      assertThat(rounds).hasSize(r.pollRounds());
      rounds.values().forEach(calls -> assertThat(calls).hasSize(3));
      assertThat(f.batchedDescribes())
          .allSatisfy(c -> assertThat(c.request().path("services").size()).isEqualTo(10));
      // the reads before the services plan are batched too: every DescribeServices is
      assertThat(f.calls("DescribeServices")).isEqualTo(3L * r.pollRounds());
      assertThat(f.roundWaits).containsOnly(Fleet.POLL);
    }
  }

  @Test
  void wavesRunOneAfterAnother() {
    try (Fleet f = new Fleet(30)) {
      GroupDeploymentResult r =
          f.group(Map.of())
              .waves(List.of(f.names.subList(0, 10), f.names.subList(10, 30)))
              .build()
              .deploy();

      assertThat(r.succeeded()).isTrue();
      assertThat(f.eventsOf(GroupDeploymentEvent.WaveStarted.class))
          .extracting(GroupDeploymentEvent.WaveStarted::wave)
          .containsExactly(1, 2);
      List<GroupDeploymentEvent> events = List.copyOf(f.events);
      int secondWave =
          events.indexOf(new GroupDeploymentEvent.WaveStarted(2, f.names.subList(10, 30)));
      List<String> finishedBefore =
          events.subList(0, secondWave).stream()
              .filter(e -> e instanceof GroupDeploymentEvent.ServiceFinished)
              .map(e -> ((GroupDeploymentEvent.ServiceFinished) e).service())
              .toList();
      assertThat(finishedBefore).containsExactlyInAnyOrderElementsOf(f.names.subList(0, 10));
      assertThat(f.batchedDescribes())
          .extracting(c -> c.request().path("services").size())
          .containsOnly(10);
      assertThat(r.describeCalls()).isEqualTo(f.batchedDescribes().size());
      assertThat(f.calls("DescribeServices")).isEqualTo(f.batchedDescribes().size());
    }
  }

  @Test
  void maxParallelDeploysAtMostThatManyAtOnce() {
    try (Fleet f = new Fleet(30)) {
      GroupDeploymentResult r = f.group(Map.of()).maxParallel(7).build().deploy();

      assertThat(r.succeeded()).isTrue();
      int inFlight = 0;
      int most = 0;
      for (GroupDeploymentEvent e : List.copyOf(f.events)) {
        if (e instanceof GroupDeploymentEvent.ServiceProgress p
            && p.event() instanceof DeploymentEvent.Planned) {
          most = Math.max(most, ++inFlight);
        } else if (e instanceof GroupDeploymentEvent.ServiceFinished) {
          inFlight--;
        }
      }
      assertThat(most).isEqualTo(7);
      assertThat(f.batchedDescribes())
          .allSatisfy(c -> assertThat(c.request().path("services").size()).isLessThanOrEqualTo(7));
    }
  }

  @Test
  void rollbackAllBringsEveryChangedServiceBackWhenOneFailsInTheMiddleOfAWave() {
    try (Fleet f = new Fleet(12)) {
      GroupDeploymentFailedException e =
          catchThrowableOfType(
              GroupDeploymentFailedException.class,
              () -> threeWaves(f).onFailure(GroupFailurePolicy.ROLLBACK_ALL).build().deploy());

      GroupDeploymentResult r = e.result();
      ServiceOutcome.Failed failed = (ServiceOutcome.Failed) r.services().get("svc-05");
      DeploymentFailedException why = (DeploymentFailedException) failed.error();
      assertThat(why.kind()).isEqualTo(FailureKind.CIRCUIT_BREAKER_ROLLBACK);
      assertThat(why.rolledBack()).isTrue();
      List<String> changed = new ArrayList<>(f.names.subList(0, 8));
      changed.remove("svc-05");
      assertThat(r.servicesThat(ServiceOutcome.RolledBack.class)).isEqualTo(changed);
      for (String name : changed) {
        ServiceOutcome.RolledBack back = (ServiceOutcome.RolledBack) r.services().get(name);
        assertThat(back.revision()).isEqualTo(f.v1.get(name));
        assertThat(back.deployed().taskDefinitionArn()).endsWith(name + ":2");
      }
      assertThat(r.servicesThat(ServiceOutcome.NotStarted.class)).isEqualTo(f.names.subList(8, 12));
      for (String name : f.names) {
        assertThat(f.runs(name)).as(name).isEqualTo(f.v1.get(name));
      }
      assertThat(f.eventsOf(GroupDeploymentEvent.GroupRollbackStarted.class))
          .containsExactly(new GroupDeploymentEvent.GroupRollbackStarted("svc-05", changed));
      assertThat(e)
          .hasMessageStartingWith("group deploy failed: svc-00 rolled back to svc-00:1;")
          .hasMessageContaining("svc-05 failed: ")
          .hasMessageEndingWith("svc-11 not started");
    }
  }

  @Test
  void stopStartsNoFurtherWaveAndRollsNothingElseBack() {
    try (Fleet f = new Fleet(12)) {
      GroupDeploymentResult r =
          catchThrowableOfType(
                  GroupDeploymentFailedException.class,
                  () -> threeWaves(f).onFailure(GroupFailurePolicy.STOP).build().deploy())
              .result();

      List<String> deployed = new ArrayList<>(f.names.subList(0, 8));
      deployed.remove("svc-05");
      assertThat(r.servicesThat(ServiceOutcome.Deployed.class)).isEqualTo(deployed);
      assertThat(r.servicesThat(ServiceOutcome.Failed.class)).containsExactly("svc-05");
      assertThat(r.servicesThat(ServiceOutcome.NotStarted.class)).isEqualTo(f.names.subList(8, 12));
      for (String name : deployed) {
        assertThat(f.runs(name)).isNotEqualTo(f.v1.get(name));
      }
      // the circuit breaker rolled the failed one back; nothing else was
      assertThat(f.runs("svc-05")).isEqualTo(f.v1.get("svc-05"));
      assertThat(f.eventsOf(GroupDeploymentEvent.GroupRollbackStarted.class)).isEmpty();
      assertThat(f.eventsOf(GroupDeploymentEvent.WaveStarted.class)).hasSize(2);
    }
  }

  @Test
  void continueRunsEveryWave() {
    try (Fleet f = new Fleet(12)) {
      GroupDeploymentResult r =
          catchThrowableOfType(
                  GroupDeploymentFailedException.class,
                  () -> threeWaves(f).onFailure(GroupFailurePolicy.CONTINUE).build().deploy())
              .result();

      List<String> deployed = new ArrayList<>(f.names);
      deployed.remove("svc-05");
      assertThat(r.servicesThat(ServiceOutcome.Deployed.class)).isEqualTo(deployed);
      assertThat(r.servicesThat(ServiceOutcome.Failed.class)).containsExactly("svc-05");
      assertThat(f.eventsOf(GroupDeploymentEvent.WaveStarted.class)).hasSize(3);
    }
  }

  /**
   * ECS throttles each operation per account and region: once one member's RegisterTaskDefinition
   * is throttled, another member about to register waits out the same backoff instead of calling.
   */
  @Test
  void aThrottledOperationMakesTheOtherMembersWaitBeforeTheyCallIt() throws Exception {
    try (Fleet f = new Fleet(2)) {
      CountDownLatch gateSet = new CountDownLatch(1);
      List<Duration> otherSleeps = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger registers = new AtomicInteger();
      EcsClient throttledOnce =
          delegating(
              f.ecs,
              (method, call) -> {
                if (method.equals("registerTaskDefinition") && registers.getAndIncrement() == 0) {
                  throw EcsException.builder()
                      .statusCode(400)
                      .message("Rate exceeded")
                      .awsErrorDetails(
                          AwsErrorDetails.builder()
                              .errorCode("ThrottlingException")
                              .errorMessage("Rate exceeded")
                              .build())
                      .build();
                }
                return call.get();
              });
      EcsClient heldBack =
          delegating(
              f.ecs,
              (method, call) -> {
                if (method.equals("describeTaskDefinition")) {
                  // plan only once the other member was throttled and is in its backoff
                  assertThat(gateSet.await(10, TimeUnit.SECONDS)).isTrue();
                }
                return call.get();
              });
      DeploymentGroup group =
          DeploymentGroup.builder()
              .pollInterval(Fleet.POLL)
              .clock(f.fake.clock())
              .sleeper(f.fake::advance)
              .listener(f.events::add)
              .maxParallel(2)
              .add(
                  f.deployer("svc-00", "v2", throttledOnce)
                      // its backoff takes no virtual time, so the other member meets the gate
                      .sleeper(d -> gateSet.countDown())
                      .build())
              .add(
                  f.deployer("svc-01", "v2", heldBack)
                      .sleeper(
                          d -> {
                            otherSleeps.add(d);
                            f.fake.advance(d);
                          })
                      .build())
              .build();

      GroupDeploymentResult r = group.deploy();

      assertThat(r.succeeded()).isTrue();
      assertThat(f.progressOf(DeploymentEvent.Throttled.class))
          .singleElement()
          .satisfies(p -> assertThat(p.service()).isEqualTo("svc-00"));
      assertThat(otherSleeps)
          .as("svc-01 waited out svc-00's backoff")
          .startsWith(Duration.ofSeconds(1));
      assertThat(registers.get()).isEqualTo(2);
    }
  }

  /** A client that passes every call to another, through a hook that may fail or hold it. */
  private static EcsClient delegating(EcsClient target, CallHook hook) {
    return (EcsClient)
        Proxy.newProxyInstance(
            EcsClient.class.getClassLoader(),
            new Class<?>[] {EcsClient.class},
            (proxy, method, args) ->
                hook.on(
                    method.getName(),
                    () -> {
                      try {
                        return method.invoke(target, args);
                      } catch (InvocationTargetException e) {
                        throw e.getCause() instanceof RuntimeException re
                            ? re
                            : new IllegalStateException(e.getCause());
                      } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                      }
                    }));
  }

  @FunctionalInterface
  private interface CallHook {
    Object on(String method, java.util.function.Supplier<Object> call) throws Exception;
  }

  @Test
  void throttledPollRoundBacksOffOnceForTheWholeGroup() {
    try (Fleet f = new Fleet(30)) {
      // during the first round's wait: the SDK's 3 attempts of the round's first call are throttled
      f.fake.schedule(Duration.ofSeconds(5), () -> f.fake.throttle("DescribeServices", 3));

      GroupDeploymentResult r = f.group(Map.of()).maxParallel(30).build().deploy();

      assertThat(r.succeeded()).isTrue();
      assertThat(f.eventsOf(GroupDeploymentEvent.PollBackedOff.class))
          .singleElement()
          .satisfies(
              b -> {
                assertThat(b.throttled()).isTrue();
                assertThat(b.nextRoundIn()).isEqualTo(Fleet.POLL.multipliedBy(2));
              });
      assertThat(f.roundWaits.get(0)).isEqualTo(Fleet.POLL);
      assertThat(f.roundWaits.get(1)).isEqualTo(Fleet.POLL.multipliedBy(2));
      assertThat(f.roundWaits.subList(2, f.roundWaits.size())).allMatch(Fleet.POLL::equals);
      assertThat(f.progressOf(DeploymentEvent.Throttled.class)).isEmpty();
      assertThat(
              f.fake.calls().stream()
                  .filter(c -> c.operation().equals("DescribeServices") && c.status() == 400))
          .hasSize(3);
    }
  }

  @Test
  void anInterruptedGroupDeployStopsItsServicesAndLeavesNoThreadBehind() throws Exception {
    try (Fleet f = new Fleet(6)) {
      CountDownLatch roundWaiting = new CountDownLatch(1);
      CountDownLatch never = new CountDownLatch(1);
      DeploymentGroup group =
          f.group(Map.of())
              .maxParallel(3)
              .sleeper(
                  d -> {
                    roundWaiting.countDown();
                    never.await(); // the first poll round waits until the group is interrupted
                  })
              .build();
      AtomicReference<Thread> caller = new AtomicReference<>();
      ExecutorService callers = Executors.newSingleThreadExecutor();
      try {
        Future<Map.Entry<GroupDeploymentFailedException, Boolean>> run =
            callers.submit(
                () -> {
                  caller.set(Thread.currentThread());
                  GroupDeploymentFailedException e =
                      catchThrowableOfType(GroupDeploymentFailedException.class, group::deploy);
                  return Map.entry(e, Thread.interrupted());
                });
        assertThat(roundWaiting.await(30, TimeUnit.SECONDS)).isTrue();
        caller.get().interrupt();

        Map.Entry<GroupDeploymentFailedException, Boolean> outcome = run.get(60, TimeUnit.SECONDS);
        assertThat(outcome.getValue()).as("the interrupt flag is set again").isTrue();
        GroupDeploymentResult r = outcome.getKey().result();
        assertThat(r.succeeded()).isFalse();
        assertThat(r.servicesThat(ServiceOutcome.Failed.class))
            .containsExactly("svc-00", "svc-01", "svc-02");
        assertThat(r.servicesThat(ServiceOutcome.NotStarted.class))
            .containsExactly("svc-03", "svc-04", "svc-05");
        assertThat(r.services()).hasSize(6);
      } finally {
        callers.shutdownNow();
        assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      }
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith("opskit-ecs-group-")) {
          t.join(10_000);
          assertThat(t.isAlive()).as(t.getName()).isFalse();
        }
      }
    }
  }

  @Test
  void rollbackAllBringsABlueGreenServiceBackWithANewDeployment() {
    try (Fleet f = new Fleet(2)) {
      String v1 =
          f.fake.registerTaskDefinition(
              Scenario.TASK_DEFINITION.replace(
                  "\"family\": \"sample-webapp\"", "\"family\": \"web\""));
      f.fake.createService(Fleet.CLUSTER, "web", v1, 2, Scenario.blueGreen(1));
      DeploymentGroup group =
          f.group(Map.of("svc-01", "crash"))
              .add(f.deployer("web", "v2").build())
              .waves(List.of(List.of("web", "svc-00"), List.of("svc-01")))
              .onFailure(GroupFailurePolicy.ROLLBACK_ALL)
              .build();

      GroupDeploymentResult r =
          catchThrowableOfType(GroupDeploymentFailedException.class, group::deploy).result();

      assertThat(r.services().get("web"))
          .isInstanceOfSatisfying(
              ServiceOutcome.RolledBack.class, b -> assertThat(b.revision()).isEqualTo(v1));
      assertThat(f.runs("web")).isEqualTo(v1);
      assertThat(r.services().get("svc-00")).isInstanceOf(ServiceOutcome.RolledBack.class);
      assertThat(r.services().get("svc-01")).isInstanceOf(ServiceOutcome.Failed.class);
      assertThat(f.runs("svc-00")).isEqualTo(f.v1.get("svc-00"));
    }
  }

  private static DeploymentGroup.Builder threeWaves(Fleet f) {
    return f.group(Map.of("svc-05", "crash"))
        .waves(List.of(f.names.subList(0, 4), f.names.subList(4, 8), f.names.subList(8, 12)));
  }
}
