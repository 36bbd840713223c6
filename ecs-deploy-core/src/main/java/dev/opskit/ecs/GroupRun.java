package dev.opskit.ecs;

import static dev.opskit.ecs.internal.DeploySettings.LISTENER;
import static dev.opskit.ecs.internal.DeploySettings.POLL_ROUNDS;
import static dev.opskit.ecs.internal.DeploySettings.ROLLBACK_ON_FAILURE;
import static dev.opskit.ecs.internal.DeploySettings.SERVICE;
import static dev.opskit.ecs.internal.DeploySettings.THROTTLE_GATE;

import dev.opskit.ecs.internal.DaemonThreads;
import dev.opskit.ecs.internal.DeploySettings;
import dev.opskit.ecs.internal.PollRounds;
import dev.opskit.ecs.internal.ThrottleGate;
import dev.opskit.ecs.internal.watch.RollbackResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group deploy: the waves, each service on a thread of its own pool with the group's poll
 * rounds and listener, the failure policy, and the rollback of the services that deployed when the
 * policy is {@link GroupFailurePolicy#ROLLBACK_ALL}. Never throws for a service's failure: it is
 * that service's outcome.
 */
final class GroupRun {
  private static final Logger LOG = LoggerFactory.getLogger(GroupRun.class);
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final DeploymentGroup group;
  private final Map<String, EcsDeployer> members = new LinkedHashMap<>();
  private final Map<String, ServiceOutcome> outcomes = new ConcurrentHashMap<>();
  private final AtomicReference<@Nullable String> firstFailure = new AtomicReference<>();
  private final Object listenerLock = new Object();
  private final PollRounds rounds;
  private final ThrottleGate throttle = new ThrottleGate();
  private volatile boolean interrupted;

  GroupRun(DeploymentGroup group) {
    this.group = group;
    for (EcsDeployer m : group.members()) {
      members.put(m.settings().get(SERVICE), m);
    }
    this.rounds =
        new PollRounds(
            group.pollInterval(),
            group.maxPollInterval(),
            group.sleeper(),
            group.clock(),
            (e, wait) -> {
              LOG.warn("{}; next poll round in {}", e.getMessage(), wait);
              if (e.isThrottling()) {
                throttle.quietUntil(e.operation(), group.clock().instant().plus(wait));
              }
              emit(
                  new GroupDeploymentEvent.PollBackedOff(
                      e.isThrottling(), String.valueOf(e.getMessage()), wait));
            });
  }

  GroupDeploymentResult run() {
    Instant started = group.clock().instant();
    List<List<String>> waves = group.waves();
    int threads = 1;
    for (List<String> wave : waves) {
      threads = Math.max(threads, Math.min(wave.size(), group.parallelism(wave)));
    }
    threads = Math.max(threads, members.size()); // a group rollback runs every service at once
    ExecutorService pool = Executors.newFixedThreadPool(threads, threadFactory());
    try {
      for (int i = 0; i < waves.size() && !halted(); i++) {
        List<String> wave = waves.get(i);
        emit(new GroupDeploymentEvent.WaveStarted(i + 1, wave));
        LOG.info("Wave {} of {}: {}", i + 1, waves.size(), wave);
        runAll(wave, group.parallelism(wave), pool, true, this::deploy);
      }
      String failed = firstFailure.get();
      if (group.policy() == GroupFailurePolicy.ROLLBACK_ALL && failed != null && !interrupted) {
        rollBackDeployed(failed, pool);
      }
    } finally {
      pool.shutdownNow();
      awaitTermination(pool);
    }
    Map<String, ServiceOutcome> ordered = new LinkedHashMap<>();
    for (String name : members.keySet()) {
      ServiceOutcome o = outcomes.get(name);
      if (o == null) {
        o = new ServiceOutcome.NotStarted(name);
        emit(new GroupDeploymentEvent.ServiceFinished(o));
      }
      ordered.put(name, o);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new GroupDeploymentResult(
        ordered, started, group.clock().instant(), rounds.rounds(), rounds.describeCalls());
  }

  private boolean halted() {
    return interrupted
        || (group.policy() != GroupFailurePolicy.CONTINUE && firstFailure.get() != null);
  }

  /**
   * Runs a task per service, at most {@code parallel} at a time, each on a pool thread. The
   * services that start at once all join the poll rounds before the first task is submitted, so the
   * first round waits for every one of them; a service that waits for a free slot joins when it
   * gets one. Each leaves when its task ends, or at the end when its task never ran.
   */
  private void runAll(
      List<String> names,
      int parallel,
      ExecutorService pool,
      boolean deploying,
      BiConsumer<String, DeploySettings> task) {
    Semaphore slots = new Semaphore(parallel);
    List<Future<?>> running = new ArrayList<>();
    Map<String, DeploySettings> settingsOf = new LinkedHashMap<>();
    Map<String, AtomicBoolean> started = new LinkedHashMap<>();
    for (String name : names.subList(0, Math.min(parallel, names.size()))) {
      DeploySettings settings = memberSettings(name);
      settingsOf.put(name, settings);
      rounds.join(settings.where());
    }
    for (String name : names) {
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        interrupted = true;
        break;
      }
      if (deploying && halted()) {
        slots.release();
        break; // the services left are not started
      }
      DeploySettings settings = settingsOf.get(name);
      if (settings == null) {
        settings = memberSettings(name);
        settingsOf.put(name, settings);
        rounds.join(settings.where());
      }
      DeploySettings member = settings;
      AtomicBoolean began = new AtomicBoolean();
      started.put(name, began);
      running.add(
          pool.submit(
              () -> {
                began.set(true);
                try {
                  task.accept(name, member);
                } finally {
                  rounds.leave(member.where());
                  slots.release();
                }
              }));
    }
    await(running);
    if (interrupted) {
      pool.shutdownNow();
    }
    settingsOf.forEach(
        (name, settings) -> {
          AtomicBoolean began = started.get(name);
          if (began == null || (interrupted && !began.get())) {
            rounds.leave(settings.where()); // never submitted, or dropped by shutdownNow
          }
        });
  }

  private void deploy(String name, DeploySettings settings) {
    try {
      finish(new ServiceOutcome.Deployed(name, EcsDeployer.deploy(settings)));
    } catch (EcsDeployException e) {
      firstFailure.compareAndSet(null, name);
      finish(new ServiceOutcome.Failed(name, e));
    }
  }

  private void rollBackDeployed(String failed, ExecutorService pool) {
    List<String> back = new ArrayList<>();
    for (String name : members.keySet()) {
      if (outcomes.get(name) instanceof ServiceOutcome.Deployed) {
        back.add(name);
      }
    }
    if (back.isEmpty()) {
      return;
    }
    LOG.warn("{} failed; rolling back {}", failed, back);
    emit(new GroupDeploymentEvent.GroupRollbackStarted(failed, back));
    runAll(
        back,
        back.size(),
        pool,
        false,
        (name, settings) ->
            revert(name, settings, ((ServiceOutcome.Deployed) outcomes.get(name)).result()));
  }

  private void revert(String name, DeploySettings settings, DeploymentResult deployed) {
    String previous = deployed.previousTaskDefinitionArn();
    RollbackResult r = new DeployRun(settings).revert(deployed.taskDefinitionArn(), previous);
    finish(
        r.rolledBack()
            ? new ServiceOutcome.RolledBack(name, previous, deployed)
            : new ServiceOutcome.RollbackFailed(
                name, previous, String.valueOf(r.problem()), deployed));
  }

  /**
   * The member's settings with the group's rounds and listener (and rollback, if all roll back).
   */
  private DeploySettings memberSettings(String name) {
    DeploySettings own = members.get(name).settings();
    DeploymentListener tagging =
        event -> emit(new GroupDeploymentEvent.ServiceProgress(name, event));
    DeploySettings.Builder b =
        own.toBuilder()
            .set(POLL_ROUNDS, rounds)
            .set(THROTTLE_GATE, throttle)
            .set(LISTENER, DeploymentListener.composite(own.get(LISTENER), tagging));
    if (group.policy() == GroupFailurePolicy.ROLLBACK_ALL) {
      b.set(ROLLBACK_ON_FAILURE, true);
    }
    return b.build();
  }

  private void finish(ServiceOutcome outcome) {
    outcomes.put(outcome.service(), outcome);
    emit(new GroupDeploymentEvent.ServiceFinished(outcome));
  }

  private void emit(GroupDeploymentEvent event) {
    synchronized (listenerLock) {
      try {
        group.listener().onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("Group deployment listener failed on {}; carrying on", event, e);
      }
    }
  }

  /**
   * Waits for the services; when the calling thread is interrupted, stops waiting (the caller
   * interrupts them with {@code shutdownNow}, and each stops as its deployer's contract says).
   */
  private void await(List<Future<?>> running) {
    for (Future<?> f : running) {
      if (interrupted) {
        return;
      }
      try {
        f.get();
      } catch (InterruptedException e) {
        interrupted = true;
        return;
      } catch (ExecutionException e) {
        throw new IllegalStateException("a service's deploy failed unexpectedly", e.getCause());
      }
    }
  }

  private void awaitTermination(ExecutorService pool) {
    boolean wasInterrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        wasInterrupted = true;
      }
    }
    if (wasInterrupted) {
      interrupted = true;
    }
  }

  private static ThreadFactory threadFactory() {
    return DaemonThreads.named("opskit-ecs-group-" + RUNS.incrementAndGet());
  }
}
