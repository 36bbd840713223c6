package dev.opskit.ecs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.ecs.EcsDeployException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;

/** The group's poll rounds: who waits for whom, and how the services are batched. */
class PollRoundsTest {
  private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
  private static final Duration POLL = Duration.ofSeconds(10);

  private final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  private final EcsClient ecs =
      (EcsClient)
          Proxy.newProxyInstance(
              EcsClient.class.getClassLoader(),
              new Class<?>[] {EcsClient.class},
              (proxy, method, args) -> {
                if (method.getName().equals("describeServices")
                    && args[0] instanceof DescribeServicesRequest r) {
                  requests.add(r.services());
                  return DescribeServicesResponse.builder()
                      .services(
                          r.services().stream()
                              .map(s -> Service.builder().serviceName(s).status("ACTIVE").build())
                              .toList())
                      .build();
                }
                if (method.isDefault()) {
                  return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                }
                throw new AssertionError(method.getName());
              });
  private final PollRounds rounds =
      new PollRounds(
          POLL, POLL.multipliedBy(6), waits::add, Clock.fixed(NOW, ZoneOffset.UTC), (e, d) -> {});
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aRoundWaitsForEveryMemberThenReadsTenServicesPerCall() throws Exception {
    List<Future<DescribeServicesResponse>> polls = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      rounds.join("c/s" + i);
    }
    for (int i = 0; i < 25; i++) {
      String service = "s" + i;
      polls.add(
          threads.submit(
              () -> rounds.poll("c/" + service, ecs, "c", service, NOW.plusSeconds(600))));
    }
    for (int i = 0; i < 25; i++) {
      assertThat(polls.get(i).get(10, TimeUnit.SECONDS).services())
          .singleElement()
          .extracting(Service::serviceName)
          .isEqualTo("s" + i);
    }
    assertThat(requests).extracting(List::size).containsExactlyInAnyOrder(10, 10, 5);
    assertThat(waits).containsExactly(POLL);
    assertThat(rounds.rounds()).isEqualTo(1);
    assertThat(rounds.describeCalls()).isEqualTo(3);
  }

  @Test
  void aMemberThatLeavesNoLongerHoldsTheRound() throws Exception {
    rounds.join("c/a");
    rounds.join("c/b");
    Future<DescribeServicesResponse> a =
        threads.submit(() -> rounds.poll("c/a", ecs, "c", "a", NOW.plusSeconds(600)));
    CompletableFuture<Void> later = new CompletableFuture<>();
    threads.submit(
        () -> {
          later.join();
          rounds.leave("c/b");
        });
    assertThat(a.isDone()).isFalse();
    later.complete(null);

    assertThat(a.get(10, TimeUnit.SECONDS).services()).hasSize(1);
    assertThat(requests).containsExactly(List.of("a"));
  }

  @Test
  void theWaitStopsAtTheEarliestDeadline() {
    rounds.join("c/a");
    rounds.poll("c/a", ecs, "c", "a", NOW.plusSeconds(3));
    assertThat(waits).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void aRoundOfReadsOnlyDoesNotWait() throws Exception {
    rounds.join("c/a");
    rounds.join("c/b");
    Future<DescribeServicesResponse> a = threads.submit(() -> rounds.read("c/a", ecs, "c", "a"));
    Future<DescribeServicesResponse> b = threads.submit(() -> rounds.read("c/b", ecs, "c", "b"));

    assertThat(a.get(10, TimeUnit.SECONDS).services()).hasSize(1);
    assertThat(b.get(10, TimeUnit.SECONDS).services()).hasSize(1);
    assertThat(waits).isEmpty();
    assertThat(requests).singleElement().asList().containsExactlyInAnyOrder("a", "b");
  }

  /**
   * A member interrupted while the leader waits has left the round: when the leader is interrupted
   * too, it must not put the member's abandoned request back, or the next round would wait the
   * abandoned poll's interval for a member that only reads (and a read that finds that round gone
   * would wait forever). Failed once in CI: a group deploy interrupted by its caller hung.
   */
  @Test
  void aMemberInterruptedWhileTheLeaderWaitsIsNotPolledForAfterwards() throws Exception {
    AtomicInteger sleeps = new AtomicInteger();
    AtomicReference<Thread> leader = new AtomicReference<>();
    CountDownLatch leaderWaiting = new CountDownLatch(1);
    PollRounds blocking =
        new PollRounds(
            POLL,
            POLL.multipliedBy(6),
            d -> {
              waits.add(d);
              if (sleeps.getAndIncrement() == 0) {
                leader.set(Thread.currentThread());
                leaderWaiting.countDown();
                new CountDownLatch(1).await(); // until interrupted
              }
            },
            Clock.fixed(NOW, ZoneOffset.UTC),
            (e, d) -> {});
    blocking.join("c/a");
    blocking.join("c/b");
    Map<String, Thread> threadOf = new ConcurrentHashMap<>();
    Map<String, Future<DescribeServicesResponse>> polls = new HashMap<>();
    for (String s : List.of("a", "b")) {
      polls.put(
          s,
          threads.submit(
              () -> {
                threadOf.put(s, Thread.currentThread());
                return blocking.poll("c/" + s, ecs, "c", s, NOW.plusSeconds(600));
              }));
    }
    assertThat(leaderWaiting.await(10, TimeUnit.SECONDS)).isTrue();
    String first = threadOf.get("a") == leader.get() ? "a" : "b";
    String other = first.equals("a") ? "b" : "a";

    threadOf.get(other).interrupt();
    assertThatThrownBy(() -> polls.get(other).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(EcsDeployException.class)
        .hasRootCauseInstanceOf(InterruptedException.class);
    leader.get().interrupt();
    assertThatThrownBy(() -> polls.get(first).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(EcsDeployException.class)
        .hasRootCauseInstanceOf(InterruptedException.class);
    requests.clear();

    // both read again, as an interrupted deploy's failure path does: one round of reads, no wait
    Future<DescribeServicesResponse> leaderRead =
        threads.submit(() -> blocking.read("c/" + first, ecs, "c", first));
    Future<DescribeServicesResponse> otherRead =
        threads.submit(() -> blocking.read("c/" + other, ecs, "c", other));
    assertThat(leaderRead.get(10, TimeUnit.SECONDS).services()).hasSize(1);
    assertThat(otherRead.get(10, TimeUnit.SECONDS).services()).hasSize(1);
    assertThat(waits).containsExactly(POLL);
    assertThat(requests).singleElement().asList().containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aServiceThatDidNotJoinIsReadAtOnceAlone() {
    assertThat(rounds.poll("c/x", ecs, "c", "x", NOW.plusSeconds(600)).services()).hasSize(1);
    assertThat(waits).isEmpty();
    assertThat(requests).containsExactly(List.of("x"));
  }
}
