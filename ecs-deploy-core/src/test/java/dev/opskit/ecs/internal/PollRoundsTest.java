package dev.opskit.ecs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  @Test
  void aServiceThatDidNotJoinIsReadAtOnceAlone() {
    assertThat(rounds.poll("c/x", ecs, "c", "x", NOW.plusSeconds(600)).services()).hasSize(1);
    assertThat(waits).isEmpty();
    assertThat(requests).containsExactly(List.of("x"));
  }
}
