package dev.opskit.ecs;

import static dev.opskit.ecs.internal.DeploySettings.CLUSTER;
import static dev.opskit.ecs.internal.DeploySettings.ECS;
import static dev.opskit.ecs.internal.DeploySettings.KEEP_REVISIONS;
import static dev.opskit.ecs.internal.DeploySettings.MAX_FAILED_TASKS;
import static dev.opskit.ecs.internal.DeploySettings.MAX_POLL_INTERVAL;
import static dev.opskit.ecs.internal.DeploySettings.PROMOTE_TAG;
import static dev.opskit.ecs.internal.DeploySettings.ROLLBACK_ON_FAILURE;
import static dev.opskit.ecs.internal.DeploySettings.SERVICE;
import static dev.opskit.ecs.internal.DeploySettings.TIMEOUT;

import dev.opskit.ecs.internal.CallFailedException;
import dev.opskit.ecs.internal.DeploySettings;
import dev.opskit.ecs.internal.EcsCalls;
import dev.opskit.ecs.internal.StrategyConfig;
import dev.opskit.ecs.internal.housekeeping.RevisionCleanup;
import dev.opskit.ecs.internal.watch.DeploymentWatch;
import dev.opskit.ecs.internal.watch.Outcome;
import dev.opskit.ecs.internal.watch.RollbackResult;
import dev.opskit.ecs.internal.watch.StoppedTasks;
import dev.opskit.ecs.internal.watch.WatchTarget;
import dev.opskit.ecs.internal.watch.WatchedService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * One deploy, in steps: plan, register, the one {@code UpdateService}, the watch, then either
 * housekeeping and promotion or the failure path, which explains, rolls back and reports.
 *
 * <p>Once {@code UpdateService} may have changed the service, nothing but a {@link
 * DeploymentFailedException} leaves this class: any error of the watch is a failure like the
 * others, and the failure path never throws.
 */
final class DeployRun {
  private static final Logger LOG = LoggerFactory.getLogger(DeployRun.class);

  private final DeploySettings settings;
  private final EcsCalls calls;
  private final WatchedService service;
  private final Planner planner;
  private final Instant started;
  private final Instant deadline;

  DeployRun(DeploySettings settings) {
    this.settings = settings;
    this.calls = new EcsCalls(settings);
    this.service = new WatchedService(calls);
    this.planner = new Planner(service);
    this.started = calls.now();
    this.deadline = started.plus(settings.get(TIMEOUT));
  }

  DeploymentPlan plan() {
    return planner.plan(deadline);
  }

  DeploymentResult deploy() {
    DeploymentPlan plan = planner.plan(deadline);
    String previous = plan.previousTaskDefinitionArn();
    calls.emit(new DeploymentEvent.Planned(previous, plan.diff()));
    DeploymentWatch watch = DeploymentWatch.of(service, StrategyConfig.ecsName(plan.strategy()));

    String arn =
        calls
            .call(
                "RegisterTaskDefinition",
                () -> settings.get(ECS).registerTaskDefinition(plan.taskDefinition()),
                deadline)
            .taskDefinition()
            .taskDefinitionArn();
    LOG.info("Registered {}", arn);
    calls.emit(new DeploymentEvent.Registered(arn));

    Deployment ours = update(arn, previous, plan, watch);
    calls.emit(new DeploymentEvent.ServiceUpdated(ours.id(), arn));
    LOG.info("Updated {} to {}: deployment {}", settings.where(), arn, ours.id());

    WatchTarget target =
        WatchTarget.of(ours, previous, settings.get(MAX_FAILED_TASKS), calls.now());
    Outcome outcome;
    try {
      outcome = watch.watch(target, deadline);
    } catch (RuntimeException e) {
      outcome = Outcome.error(e, null);
    }
    if (!outcome.succeeded()) {
      throw failure(target, outcome, watch);
    }
    calls.emit(new DeploymentEvent.Succeeded(ours.id(), arn));
    LOG.info("Deployment {} of {} succeeded", ours.id(), arn);
    return succeeded(plan, ours, arn, outcome);
  }

  /**
   * Brings a service that a deploy changed successfully back to the revision it ran before, and
   * waits for it: the way back when another service of its group failed. A service that no longer
   * runs the deployed revision as its PRIMARY deployment (someone deployed since) is left alone.
   * Never throws: what went wrong is in the result.
   *
   * @param deployed the revision the deploy brought
   * @param previous the revision to go back to
   * @return what happened
   */
  RollbackResult revert(String deployed, String previous) {
    Instant deadline = calls.now().plus(settings.rollbackTimeout());
    try {
      Service now = service.describe(deadline);
      service.ignoreEventsOf(now);
      if (WatchedService.runsOnly(now, previous)) {
        return new RollbackResult(true, null, List.of());
      }
      Deployment ours = primaryOn(now, deployed);
      if (ours == null) {
        return new RollbackResult(
            false,
            "left alone: the service now runs " + shortName(now.taskDefinition()),
            List.of());
      }
      DeploymentWatch watch =
          DeploymentWatch.of(
              service, StrategyConfig.serviceStrategy(now.deploymentConfiguration()));
      WatchTarget target =
          WatchTarget.of(ours, previous, settings.get(MAX_FAILED_TASKS), calls.now());
      Outcome why =
          Outcome.error(new EcsDeployException("another service of the group failed"), now);
      return rollBack(watch, target, why, deadline);
    } catch (RuntimeException e) {
      List<Throwable> errors = new ArrayList<>();
      errors.add(cause(e));
      return new RollbackResult(false, e.getMessage(), errors);
    }
  }

  /**
   * Makes the one {@code UpdateService} call. When it fails for good, the service is read: if the
   * call went through after all (its answer was lost), the deploy goes on to the failure path and
   * rolls back; otherwise nothing changed and the error says so.
   */
  private Deployment update(
      String arn, String previous, DeploymentPlan plan, DeploymentWatch watch) {
    RuntimeException failed;
    try {
      Service updated =
          calls
              .call(
                  "UpdateService",
                  () ->
                      settings
                          .get(ECS)
                          .updateService(
                              r ->
                                  r.cluster(settings.get(CLUSTER))
                                      .service(settings.get(SERVICE))
                                      .taskDefinition(arn)
                                      .deploymentConfiguration(plan.deploymentConfiguration())),
                  deadline)
              .service();
      Deployment ours = primaryOn(updated, arn);
      if (ours != null) {
        return ours;
      }
      failed =
          new EcsDeployException(
              "UpdateService returned no PRIMARY deployment of "
                  + arn
                  + " for "
                  + settings.where());
    } catch (RuntimeException e) {
      failed = e;
    }
    Service now;
    try {
      now = service.describe(calls.now().plus(settings.get(MAX_POLL_INTERVAL).multipliedBy(2)));
    } catch (RuntimeException e) {
      failed.addSuppressed(e);
      throw new EcsDeployException(
          failed.getMessage()
              + "; whether the service changed is unknown: it could not be read ("
              + e.getMessage()
              + ")",
          cause(failed));
    }
    Deployment ours = primaryOn(now, arn);
    if (ours == null) {
      throw new EcsDeployException(
          failed.getMessage() + "; the service still runs " + shortName(now.taskDefinition()),
          cause(failed));
    }
    WatchTarget target =
        WatchTarget.of(ours, previous, settings.get(MAX_FAILED_TASKS), calls.now());
    throw failure(target, Outcome.error(failed, now), watch);
  }

  private DeploymentResult succeeded(
      DeploymentPlan plan, Deployment ours, String arn, Outcome outcome) {
    Instant housekeepingDeadline =
        calls.now().plus(settings.get(MAX_POLL_INTERVAL).multipliedBy(2));
    List<String> deregistered = List.of();
    int keep = settings.get(KEEP_REVISIONS);
    if (keep > 0) {
      deregistered =
          RevisionCleanup.deregisterOld(
              calls,
              plan.taskDefinition().family(),
              keep,
              Set.of(arn, plan.previousTaskDefinitionArn()),
              housekeepingDeadline);
      deregistered.forEach(d -> calls.emit(new DeploymentEvent.Deregistered(d)));
    }
    List<String> promoted;
    try {
      promoted = planner.promote(plan, housekeepingDeadline);
    } catch (RuntimeException e) {
      throw new EcsDeployException(
          "deployed "
              + arn
              + ", but promoting its images to "
              + settings.get(PROMOTE_TAG)
              + " failed: "
              + e.getMessage(),
          cause(e));
    }
    Service last = Objects.requireNonNull(outcome.service());
    return new DeploymentResult(
        arn,
        plan.previousTaskDefinitionArn(),
        ours.id(),
        outcome.serviceDeploymentArn(),
        started,
        calls.now(),
        last.runningCount() == null ? 0 : last.runningCount(),
        service.polls(),
        deregistered,
        promoted);
  }

  /**
   * The failure path: reports the failure, reads the stopped tasks, rolls back (unless switched off
   * or someone else's deployment replaced ours) and builds the exception. Never throws; an
   * interrupted deploy still starts its rollback but does not wait for it.
   */
  private DeploymentFailedException failure(
      WatchTarget target, Outcome outcome, DeploymentWatch watch) {
    boolean interrupted = Thread.interrupted() || isInterruption(outcome.error());
    FailureKind kind = Objects.requireNonNull(outcome.failure());
    String arn = target.taskDefinitionArn();
    String previous = target.previousTaskDefinitionArn();
    LOG.warn("Deployment of {} failed ({}): {}", arn, kind, outcome.reason());
    calls.emit(new DeploymentEvent.Failed(kind, outcome.reason()));
    Instant now = calls.now();
    Instant rollbackDeadline = interrupted ? now : now.plus(settings.rollbackTimeout());
    Duration factsBudget = settings.get(MAX_POLL_INTERVAL).multipliedBy(2);
    List<StoppedTask> stopped =
        StoppedTasks.of(
            calls, arn, interrupted ? now : min(rollbackDeadline, now.plus(factsBudget)));

    RollbackResult rollback;
    boolean rollingBack = settings.get(ROLLBACK_ON_FAILURE) || outcome.ecsRollsBack();
    if (rollingBack && kind != FailureKind.REPLACED) {
      rollback = rollBack(watch, target, outcome, rollbackDeadline);
    } else {
      Service last = outcome.service();
      rollback =
          new RollbackResult(
              last != null && WatchedService.runsOnly(last, previous), null, List.of());
    }
    String problem = rollback.problem();
    ServiceDeploymentFacts facts = rollback.facts() != null ? rollback.facts() : outcome.facts();
    if (interrupted && !rollback.rolledBack() && rollingBack) {
      problem = "not waited for: the deploying thread was interrupted";
    }
    DeploymentFailedException e =
        kind == FailureKind.TIMEOUT
            ? new DeploymentTimeoutException(
                settings.where(),
                arn,
                previous,
                outcome.reason(),
                service.received(),
                stopped,
                rollback.rolledBack(),
                problem,
                facts)
            : new DeploymentFailedException(
                kind,
                settings.where(),
                arn,
                previous,
                outcome.reason(),
                service.received(),
                stopped,
                rollback.rolledBack(),
                problem,
                facts);
    if (outcome.error() != null) {
      e.initCause(cause(outcome.error()));
    }
    rollback.errors().forEach(e::addSuppressed);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return e;
  }

  private static RollbackResult rollBack(
      DeploymentWatch watch, WatchTarget target, Outcome outcome, Instant rollbackDeadline) {
    try {
      return watch.rollBack(target, outcome, rollbackDeadline);
    } catch (RuntimeException e) { // the contract says never; a bug must not hide the failure
      List<Throwable> errors = new ArrayList<>();
      errors.add(e);
      return new RollbackResult(false, String.valueOf(e), errors);
    }
  }

  private static @Nullable Deployment primaryOn(Service s, String arn) {
    for (Deployment d : s.deployments()) {
      if ("PRIMARY".equals(d.status()) && arn.equals(d.taskDefinition())) {
        return d;
      }
    }
    return null;
  }

  /** The SDK's exception rather than the internal wrapper that named the call. */
  private static Throwable cause(Throwable e) {
    return e instanceof CallFailedException f ? f.error() : e;
  }

  private static boolean isInterruption(@Nullable Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static String shortName(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
