package dev.opskit.ecs.internal.watch;

import dev.opskit.ecs.DeploymentEvent;
import dev.opskit.ecs.FailureKind;
import dev.opskit.ecs.internal.CallFailedException;
import dev.opskit.ecs.internal.DeploySettings;
import dev.opskit.ecs.internal.EcsCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Brings the service back to the revision it ran before a failed rolling update and waits for it.
 * After a circuit-breaker rollback it waits for ECS's own rollback deployment (which may appear a
 * moment after ours is marked FAILED); otherwise, or when that deployment does not appear, it calls
 * {@code UpdateService} with the previous revision. Either way the rollback deployment is watched
 * like any other, and the answer is checked against the service before it is reported.
 *
 * <p>Internal to opskit; may change in any release.
 */
final class Rollback {
  private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);
  private static final int BREAKER_ROLLBACK_LOOKUPS = 3;
  private static final Duration RECHECK_GRACE = Duration.ofSeconds(30);

  private final WatchedService service;
  private final DeploymentWatch watch;
  private final EcsCalls calls;
  private final DeploySettings settings;

  Rollback(WatchedService service, DeploymentWatch watch) {
    this.service = service;
    this.watch = watch;
    this.calls = service.calls();
    this.settings = calls.settings();
  }

  RollbackResult run(WatchTarget failed, Outcome failure, Instant deadline) {
    boolean byBreaker = failure.failure() == FailureKind.CIRCUIT_BREAKER_ROLLBACK;
    calls.emit(new DeploymentEvent.RollbackStarted(failed.previousTaskDefinitionArn(), byBreaker));
    return rollBack(failed, failure, byBreaker, deadline);
  }

  /**
   * Rolls back with {@code UpdateService} and the previous revision, the way back for an ECS-native
   * deployment that completed (or whose service deployment is unknown); the caller has reported the
   * start of the rollback.
   */
  RollbackResult redeploy(WatchTarget failed, Outcome failure, Instant deadline) {
    return rollBack(failed, failure, false, deadline);
  }

  private RollbackResult rollBack(
      WatchTarget failed, Outcome failure, boolean byBreaker, Instant deadline) {
    String previous = failed.previousTaskDefinitionArn();
    List<Throwable> errors = new ArrayList<>();
    String problem = null;
    boolean watched = false;
    try {
      Deployment back = byBreaker ? breakerRollback(failure.service(), previous, deadline) : null;
      if (back == null) {
        if (byBreaker) {
          LOG.warn(
              "No circuit-breaker rollback to {} appeared; rolling back with UpdateService",
              previous);
        }
        back = update(previous, deadline);
      }
      Outcome outcome =
          watch.watch(
              WatchTarget.of(back, failed.taskDefinitionArn(), null, calls.now()), deadline);
      watched = outcome.succeeded();
      if (!watched) {
        problem = outcome.failure() + ": " + outcome.reason();
        if (outcome.error() != null) {
          errors.add(outcome.error());
        }
      }
    } catch (RuntimeException e) {
      problem = e.getMessage();
      errors.add(e instanceof CallFailedException f ? f.error() : e);
    }
    boolean rolledBack = watched || recheck(previous, deadline, errors);
    if (rolledBack) {
      problem = null; // the service is back: whatever went wrong on the way did not matter
    }
    calls.emit(new DeploymentEvent.RollbackFinished(previous, rolledBack));
    LOG.warn(
        "Rollback of {} to {} {}",
        settings.where(),
        previous,
        rolledBack ? "succeeded" : "failed: " + problem);
    return new RollbackResult(rolledBack, problem, errors);
  }

  /**
   * Finds the deployment ECS's circuit breaker started to roll back to {@code previous}; it may
   * appear a moment after our deployment is marked FAILED, so a few more polls look for it.
   */
  private @Nullable Deployment breakerRollback(
      @Nullable Service snapshot, String previous, Instant deadline) {
    Service s = snapshot;
    for (int attempt = 0; ; attempt++) {
      if (s != null) {
        for (Deployment d : s.deployments()) {
          if ("PRIMARY".equals(d.status()) && previous.equals(d.taskDefinition())) {
            return d;
          }
        }
      }
      if (attempt == BREAKER_ROLLBACK_LOOKUPS || !calls.now().isBefore(deadline)) {
        return null;
      }
      service.waitForNextPoll(deadline);
      try {
        s = service.poll();
      } catch (CallFailedException e) {
        if (!e.isTransient()) {
          throw e;
        }
        service.backOff(e);
      }
    }
  }

  private Deployment update(String previous, Instant deadline) {
    Service updated =
        calls
            .call(
                "UpdateService",
                () ->
                    settings
                        .get(DeploySettings.ECS)
                        .updateService(
                            r ->
                                r.cluster(settings.get(DeploySettings.CLUSTER))
                                    .service(settings.get(DeploySettings.SERVICE))
                                    .taskDefinition(previous)),
                deadline)
            .service();
    for (Deployment d : updated.deployments()) {
      if ("PRIMARY".equals(d.status()) && previous.equals(d.taskDefinition())) {
        return d;
      }
    }
    throw new IllegalStateException(
        "UpdateService returned no PRIMARY deployment of " + previous + " for " + settings.where());
  }

  /** Reads the service to tell whether it runs the previous revision again, whatever happened. */
  private boolean recheck(String previous, Instant deadline, List<Throwable> errors) {
    try {
      Instant until = deadline.isAfter(calls.now()) ? deadline : calls.now().plus(RECHECK_GRACE);
      return WatchedService.runsOnly(service.describe(until), previous);
    } catch (RuntimeException e) {
      errors.add(e instanceof CallFailedException f ? f.error() : e);
      return false;
    }
  }
}
