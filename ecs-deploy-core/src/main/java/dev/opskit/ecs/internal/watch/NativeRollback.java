package dev.opskit.ecs.internal.watch;

import dev.opskit.ecs.DeploymentEvent;
import dev.opskit.ecs.ServiceDeploymentFacts;
import dev.opskit.ecs.internal.CallFailedException;
import dev.opskit.ecs.internal.DeploySettings;
import dev.opskit.ecs.internal.EcsCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookDetail;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/**
 * Undoes a failed ECS-native deployment the way ECS does it: its own rollback, reported on the same
 * service deployment. A rollback ECS started by itself (a failed hook, an alarm, the circuit
 * breaker, someone's stop) is waited for. Otherwise, with {@code rollbackOnFailure}, the deployer
 * asks for one: {@code ContinueServiceDeployment(ROLLBACK)} when a PAUSE hook holds the deployment,
 * else {@code StopServiceDeployment(ROLLBACK)}; never {@code ABORT}, and never on a completed
 * deployment. The rollback is waited for until ROLLBACK_SUCCESSFUL or ROLLBACK_FAILED (reported as
 * the problem, with ECS's reason), then checked against the service.
 *
 * <p>When the deployment completed anyway, or its service deployment cannot be identified, the way
 * back is an {@code UpdateService} with the previous revision ({@link Rollback#redeploy}).
 *
 * <p>Internal to opskit; may change in any release.
 */
final class NativeRollback {
  private static final Logger LOG = LoggerFactory.getLogger(NativeRollback.class);
  private static final Set<String> OPEN = Set.of("PENDING", "IN_PROGRESS");
  private static final Set<String> DONE =
      Set.of("SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED");
  private static final Duration RECHECK_GRACE = Duration.ofSeconds(30);

  private final WatchedService service;
  private final NativeWatch watch;
  private final ServiceDeployments deployments;
  private final EcsCalls calls;
  private final boolean ours;

  NativeRollback(WatchedService service, NativeWatch watch, ServiceDeployments deployments) {
    this.service = service;
    this.watch = watch;
    this.deployments = deployments;
    this.calls = service.calls();
    this.ours = calls.settings().get(DeploySettings.ROLLBACK_ON_FAILURE);
  }

  RollbackResult run(WatchTarget failed, Outcome failure, Instant deadline) {
    String previous = failed.previousTaskDefinitionArn();
    List<Throwable> errors = new ArrayList<>();
    String problem = null;
    ServiceDeploymentFacts facts = failure.facts();
    NativeProgress p = null;
    ServiceDeployment sd = null;
    try {
      p = calls.retrying(() -> watch.progress(null, failed), deadline);
      sd = p == null ? null : describe(p, deadline);
    } catch (RuntimeException e) {
      errors.add(unwrap(e));
      sd = p == null ? null : p.last(); // the last reading is the best there is
    }
    String status = sd == null ? "" : String.valueOf(sd.statusAsString());
    if (p == null || sd == null || status.equals("SUCCESSFUL") || status.equals("STOPPED")) {
      if (!ours) {
        calls.emit(new DeploymentEvent.RollbackStarted(previous, true));
        return finish(previous, deadline, null, errors, facts);
      }
      calls.emit(new DeploymentEvent.RollbackStarted(previous, false));
      return redeploy(failed, failure, deadline, sd == null ? "unknown" : status, errors, facts);
    }
    boolean byEcs = !OPEN.contains(status);
    calls.emit(new DeploymentEvent.RollbackStarted(previous, byEcs));
    try {
      if (!byEcs && ours) {
        requestRollback(p, sd, deadline);
      }
      sd = waitForRollback(p, deadline);
      facts = p.facts(sd);
      status = String.valueOf(sd.statusAsString());
      if (status.equals("ROLLBACK_FAILED")) {
        problem =
            "ECS's rollback ended ROLLBACK_FAILED"
                + (facts.statusReason().isEmpty() ? "" : ": " + facts.statusReason());
      } else if (!DONE.contains(status)) {
        problem = "ECS's rollback was still " + status + " at the rollback timeout";
      } else if (ours && (status.equals("SUCCESSFUL") || status.equals("STOPPED"))) {
        // It completed before the stop reached it: only a new deployment brings the revision back.
        return redeploy(failed, failure, deadline, status, errors, facts);
      } else if (!status.equals("ROLLBACK_SUCCESSFUL")) {
        problem = "the service deployment ended " + status + ", not rolled back";
      }
    } catch (RuntimeException e) {
      problem = e.getMessage();
      errors.add(unwrap(e));
    }
    return finish(previous, deadline, problem, errors, facts);
  }

  /** Rolls back with a new deployment of the previous revision ({@link Rollback#redeploy}). */
  private RollbackResult redeploy(
      WatchTarget failed,
      Outcome failure,
      Instant deadline,
      String status,
      List<Throwable> errors,
      @Nullable ServiceDeploymentFacts facts) {
    LOG.warn(
        "The service deployment is {}: rolling back with UpdateService to {}",
        status,
        failed.previousTaskDefinitionArn());
    RollbackResult r = new Rollback(service, watch).redeploy(failed, failure, deadline);
    List<Throwable> all = new ArrayList<>(errors);
    all.addAll(r.errors());
    return new RollbackResult(r.rolledBack(), r.problem(), all, facts);
  }

  /**
   * Asks ECS to roll back: through the PAUSE hook that holds the deployment, else with a stop. A
   * call refused for good is fine when the deployment has moved on meanwhile (an earlier attempt
   * whose answer was lost went through).
   */
  private void requestRollback(NativeProgress p, ServiceDeployment sd, Instant deadline) {
    DeploymentLifecycleHookDetail paused = p.awaiting(sd);
    try {
      if (paused != null) {
        LOG.warn("Rolling back {} through its PAUSE hook {}", p.arn(), paused.hookId());
        calls.retrying(
            () -> {
              deployments.continueWithRollback(p.arn(), paused.hookId());
              return null;
            },
            deadline);
      } else {
        LOG.warn("Rolling back {} with StopServiceDeployment(ROLLBACK)", p.arn());
        calls.retrying(
            () -> {
              deployments.stop(p.arn());
              return null;
            },
            deadline);
      }
    } catch (CallFailedException e) {
      ServiceDeployment now = describe(p, deadline);
      if (now == null || OPEN.contains(String.valueOf(now.statusAsString()))) {
        if (paused == null) {
          throw e;
        }
        LOG.warn("ContinueServiceDeployment failed ({}); stopping instead", e.getMessage());
        calls.retrying(
            () -> {
              deployments.stop(p.arn());
              return null;
            },
            deadline);
      }
    }
  }

  /** Polls the service deployment until it has completed or the deadline passed. */
  private ServiceDeployment waitForRollback(NativeProgress p, Instant deadline) {
    ServiceDeployment sd = p.last();
    while (sd == null || !DONE.contains(String.valueOf(sd.statusAsString()))) {
      if (!calls.now().isBefore(deadline)) {
        break;
      }
      service.waitForNextPoll(deadline);
      try {
        pollEvents();
        ServiceDeployment next = deployments.describe(p.arn());
        if (next != null) {
          p.observe(next);
          sd = next;
        }
      } catch (CallFailedException e) {
        if (!e.isTransient()) {
          throw e;
        }
        service.backOff(e);
      }
    }
    if (sd == null) {
      throw new IllegalStateException("service deployment " + p.arn() + " could not be read");
    }
    return sd;
  }

  /**
   * Reads the service for its events; while ECS rolls back, the service deployment decides, so an
   * error here (transient or not) only slows the polling down.
   */
  private void pollEvents() {
    try {
      service.poll();
    } catch (CallFailedException e) {
      if (!e.isTransient()) {
        LOG.warn("Could not read the service's events while ECS rolls back", e);
      }
      service.backOff(e);
    } catch (RuntimeException e) {
      LOG.warn("Could not read the service's events while ECS rolls back", e);
    }
  }

  private @Nullable ServiceDeployment describe(NativeProgress p, Instant deadline) {
    ServiceDeployment sd = calls.retrying(() -> deployments.describe(p.arn()), deadline);
    if (sd != null) {
      p.observe(sd);
    }
    return sd;
  }

  /** Reads the service to tell whether it runs the previous revision again, whatever happened. */
  private RollbackResult finish(
      String previous,
      Instant deadline,
      @Nullable String problem,
      List<Throwable> errors,
      @Nullable ServiceDeploymentFacts facts) {
    boolean rolledBack;
    try {
      Instant until = deadline.isAfter(calls.now()) ? deadline : calls.now().plus(RECHECK_GRACE);
      rolledBack = WatchedService.runsOnly(service.describe(until), previous);
    } catch (RuntimeException e) {
      // The service cannot be read: ECS's own verdict on its rollback is the best there is.
      errors.add(unwrap(e));
      rolledBack = facts != null && facts.status().equals("ROLLBACK_SUCCESSFUL");
    }
    String why = rolledBack ? null : problem;
    calls.emit(new DeploymentEvent.RollbackFinished(previous, rolledBack));
    LOG.warn(
        "Rollback of {} to {} {}",
        calls.settings().where(),
        previous,
        rolledBack ? "succeeded" : "failed: " + why);
    return new RollbackResult(rolledBack, why, errors, facts);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CallFailedException f ? f.error() : e;
  }
}
