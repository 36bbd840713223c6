package dev.opskit.ecs.internal;

import dev.opskit.ecs.EcsDeployException;
import dev.opskit.ecs.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Polls the services of a deployment group together: each member's watch asks for its service, and
 * once every member that has joined is waiting, one of them runs the round: it waits the shared
 * poll interval once, then reads all the waiting services with one {@code DescribeServices} per
 * cluster and 10 services ({@value #MAX_SERVICES_PER_CALL}, the API's limit), and hands each member
 * its answer. A transient error (throttling, a 5xx, a reset connection) doubles the shared interval
 * once for the whole group, up to the maximum, and is reported once; every answered round halves it
 * back towards the base interval.
 *
 * <p>A member's other reads of its service (before it plans, checks after an error) join a round
 * too, without asking it to wait: the services that start together are read together at once.
 *
 * <p>A member joins before its deploy and leaves after it, so a member still registering its
 * revision only delays a round until it polls too; members that are not in a group never see this
 * class ({@link DeploySettings#POLL_ROUNDS} is unset).
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class PollRounds {
  /** At most this many services per {@code DescribeServices} call. */
  public static final int MAX_SERVICES_PER_CALL = 10;

  private final Duration baseInterval;
  private final Duration maxInterval;
  private final Sleeper sleeper;
  private final Clock clock;
  private final BackoffListener backoffListener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Set<String> members = new HashSet<>();
  private final Map<String, Request> pending = new LinkedHashMap<>();
  private boolean roundRunning;
  private Duration interval;
  private int rounds;
  private int describeCalls;

  /**
   * Creates the rounds of one group deploy.
   *
   * @param baseInterval the normal wait before a round
   * @param maxInterval the longest wait, after transient errors
   * @param sleeper how to wait
   * @param clock the clock deadlines are read on
   * @param backoffListener told once per round that failed with a transient error
   */
  public PollRounds(
      Duration baseInterval,
      Duration maxInterval,
      Sleeper sleeper,
      Clock clock,
      BackoffListener backoffListener) {
    this.baseInterval = Objects.requireNonNull(baseInterval, "baseInterval");
    this.maxInterval = Objects.requireNonNull(maxInterval, "maxInterval");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoffListener = Objects.requireNonNull(backoffListener, "backoffListener");
    this.interval = baseInterval;
  }

  /**
   * Adds a member: rounds now wait for its poll too.
   *
   * @param member the member's key, such as {@code cluster/service}
   */
  public void join(String member) {
    lock.lock();
    try {
      members.add(member);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes a member, so rounds no longer wait for it.
   *
   * @param member the member's key
   */
  public void leave(String member) {
    lock.lock();
    try {
      members.remove(member);
      pending.remove(member);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the next round and returns the member's service as read in it.
   *
   * @param member the member's key; a key that has not joined is read at once, alone
   * @param ecs the client to read with
   * @param cluster the cluster
   * @param service the service
   * @param deadline the member's deadline: the round does not wait past it
   * @return the answer for this service alone (its service or its failure)
   * @throws CallFailedException when the round's call failed
   * @throws EcsDeployException with an {@link InterruptedException} cause when interrupted
   */
  public DescribeServicesResponse poll(
      String member, EcsClient ecs, String cluster, String service, Instant deadline) {
    return await(member, new Request(ecs, cluster, service, deadline));
  }

  /**
   * Reads the member's service in the next round without asking it to wait: a round of reads only
   * (the services that start together read before they plan) runs as soon as every member asked; a
   * read that meets polls waits with them.
   *
   * @param member the member's key; a key that has not joined is read at once, alone
   * @param ecs the client to read with
   * @param cluster the cluster
   * @param service the service
   * @return the answer for this service alone (its service or its failure)
   * @throws CallFailedException when the round's call failed
   * @throws EcsDeployException with an {@link InterruptedException} cause when interrupted
   */
  public DescribeServicesResponse read(
      String member, EcsClient ecs, String cluster, String service) {
    return await(member, new Request(ecs, cluster, service, null));
  }

  private DescribeServicesResponse await(String member, Request mine) {
    String cluster = mine.cluster;
    String service = mine.service;
    lock.lock();
    try {
      if (!members.contains(member)) {
        lock.unlock();
        try {
          describe(List.of(mine));
        } finally {
          lock.lock();
        }
        return mine.answer();
      }
      pending.put(member, mine);
      while (!mine.done) {
        if (!roundRunning && pending.keySet().containsAll(members)) {
          runRound(member);
        } else {
          try {
            changed.await();
          } catch (InterruptedException e) {
            mine.abandoned = true; // a leader interrupted later must not put it back
            pending.remove(member);
            changed.signalAll();
            Thread.currentThread().interrupt();
            throw new EcsDeployException("interrupted while polling " + cluster + "/" + service, e);
          }
        }
      }
      return mine.answer();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns how many rounds were run.
   *
   * @return the rounds
   */
  public int rounds() {
    lock.lock();
    try {
      return rounds;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns how many {@code DescribeServices} calls the rounds made.
   *
   * @return the calls
   */
  public int describeCalls() {
    lock.lock();
    try {
      return describeCalls;
    } finally {
      lock.unlock();
    }
  }

  /** Runs one round for every pending request; called and returns with the lock held. */
  private void runRound(String leader) {
    List<Request> round = new ArrayList<>(pending.values());
    Map<String, Request> byMember = new LinkedHashMap<>(pending);
    pending.clear();
    roundRunning = true;
    Duration wait = round.stream().anyMatch(r -> r.deadline != null) ? interval : Duration.ZERO;
    Instant now = clock.instant();
    for (Request r : round) {
      if (r.deadline == null) {
        continue; // a read does not ask for a wait, nor shorten one
      }
      Duration left = Duration.between(now, r.deadline);
      if (left.compareTo(wait) < 0) {
        wait = left.isNegative() ? Duration.ZERO : left;
      }
    }
    lock.unlock();
    CallFailedException failed = null;
    boolean interrupted = false;
    try {
      if (!wait.isZero()) {
        sleeper.sleep(wait);
      }
      failed = describe(round);
    } catch (RuntimeException e) {
      // a sleeper that failed: no member may wait for an answer that never comes
      for (Request r : round) {
        if (!r.done) {
          r.error = new EcsDeployException("poll round of " + r.where() + " failed: " + e, e);
          r.done = true;
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
      Thread.currentThread().interrupt();
      Request own = byMember.get(leader);
      if (own != null) {
        own.error = new EcsDeployException("interrupted while polling " + own.where(), e);
        own.done = true;
      }
    } finally {
      lock.lock();
      roundRunning = false;
      if (interrupted) {
        // the leader was interrupted: the others still waiting wait for the next round
        byMember.forEach(
            (m, r) -> {
              if (!r.done && !r.abandoned && members.contains(m)) {
                pending.put(m, r);
              }
            });
      } else {
        rounds++;
        if (failed != null && failed.isTransient()) {
          Duration doubled = interval.multipliedBy(2);
          interval = doubled.compareTo(maxInterval) > 0 ? maxInterval : doubled;
        } else if (failed == null) {
          Duration halved = interval.dividedBy(2);
          interval = halved.compareTo(baseInterval) < 0 ? baseInterval : halved;
        }
      }
      changed.signalAll();
    }
    if (failed != null && failed.isTransient()) {
      backoffListener.backedOff(failed, interval);
    }
  }

  /**
   * Reads the requests' services, grouped by client and cluster, 10 to a call; each request gets
   * its answer or its call's error. Runs without the lock.
   *
   * @return the first error of the round, or {@code null}
   */
  private @Nullable CallFailedException describe(List<Request> requests) {
    Map<EcsClient, Map<String, List<Request>>> byClient = new IdentityHashMap<>();
    for (Request r : requests) {
      byClient
          .computeIfAbsent(r.ecs, c -> new LinkedHashMap<>())
          .computeIfAbsent(r.cluster, c -> new ArrayList<>())
          .add(r);
    }
    CallFailedException first = null;
    int calls = 0;
    for (Map.Entry<EcsClient, Map<String, List<Request>>> client : byClient.entrySet()) {
      for (Map.Entry<String, List<Request>> cluster : client.getValue().entrySet()) {
        List<Request> all = cluster.getValue();
        for (int from = 0; from < all.size(); from += MAX_SERVICES_PER_CALL) {
          List<Request> chunk =
              all.subList(from, Math.min(all.size(), from + MAX_SERVICES_PER_CALL));
          List<String> names = chunk.stream().map(r -> r.service).distinct().toList();
          calls++;
          try {
            DescribeServicesResponse response =
                client.getKey().describeServices(r -> r.cluster(cluster.getKey()).services(names));
            chunk.forEach(r -> r.answer = only(response, r.service));
          } catch (RuntimeException e) {
            // each member gets its own exception: they add causes and suppressed ones to it
            for (Request r : chunk) {
              CallFailedException f = new CallFailedException("DescribeServices", e);
              r.error = f;
              if (first == null) {
                first = f;
              }
            }
          }
          chunk.forEach(r -> r.done = true);
        }
      }
    }
    lock.lock();
    try {
      describeCalls += calls;
    } finally {
      lock.unlock();
    }
    return first;
  }

  private static DescribeServicesResponse only(DescribeServicesResponse all, String service) {
    List<Service> services = new ArrayList<>();
    for (Service s : all.services()) {
      if (service.equals(s.serviceName()) || service.equals(s.serviceArn())) {
        services.add(s);
      }
    }
    List<Failure> failures = new ArrayList<>();
    for (Failure f : all.failures()) {
      String arn = String.valueOf(f.arn());
      if (arn.equals(service) || arn.endsWith("/" + service)) {
        failures.add(f);
      }
    }
    return DescribeServicesResponse.builder().services(services).failures(failures).build();
  }

  /** Told when a round failed with a transient error and the shared interval grew. */
  @FunctionalInterface
  public interface BackoffListener {
    /**
     * Receives one backoff.
     *
     * @param error the round's error
     * @param wait the wait before the next round
     */
    void backedOff(CallFailedException error, Duration wait);
  }

  /** One member's wait for its service; its fields are guarded by the lock or the round. */
  private static final class Request {
    private final EcsClient ecs;
    private final String cluster;
    private final String service;
    private final @Nullable Instant deadline; // null for a read, which asks for no wait
    private volatile boolean done;
    private volatile @Nullable DescribeServicesResponse answer;
    private volatile @Nullable EcsDeployException error;
    private boolean abandoned; // its member stopped waiting (interrupted); guarded by the lock

    Request(EcsClient ecs, String cluster, String service, @Nullable Instant deadline) {
      this.ecs = ecs;
      this.cluster = cluster;
      this.service = service;
      this.deadline = deadline;
    }

    String where() {
      return cluster + "/" + service;
    }

    DescribeServicesResponse answer() {
      EcsDeployException e = error;
      if (e != null) {
        throw e;
      }
      return Objects.requireNonNull(answer, "answer");
    }
  }
}
