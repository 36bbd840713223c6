package dev.opskit.ecs.internal.watch;

import static dev.opskit.ecs.internal.watch.WatchedService.n;

import dev.opskit.ecs.FailureKind;
import dev.opskit.ecs.internal.CallFailedException;
import dev.opskit.ecs.internal.DeploySettings;
import dev.opskit.ecs.internal.EcsCalls;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/**
 * The watch of a rolling update ({@code deploymentController ECS}): polls the service until the
 * watched deployment has really succeeded or has failed, with one {@code DescribeServices} per
 * poll. A poll that fails with a transient error is skipped and the next one waits longer (see
 * {@link WatchedService}); nothing but the deadline or an error that is not transient ends it.
 *
 * <p>Success: our deployment's {@code rolloutState} is COMPLETED (or, without rollout states, it is
 * the only deployment), it is the PRIMARY one, it runs our revision, and running equals desired for
 * the deployment and the service. The service-deployments API, where it exists, must agree
 * (SUCCESSFUL). Failure, on the first poll that shows it: our deployment FAILED (with or without a
 * circuit-breaker rollback), replaced by another, too many stopped tasks, or the deadline.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class RollingWatch implements DeploymentWatch {
  private static final Logger LOG = LoggerFactory.getLogger(RollingWatch.class);

  private final WatchedService service;
  private final EcsCalls calls;
  private final ServiceDeployments serviceDeployments;

  /**
   * Creates the watch of the deploy's service.
   *
   * @param service the service
   */
  public RollingWatch(WatchedService service) {
    this.service = service;
    this.calls = service.calls();
    this.serviceDeployments = new ServiceDeployments(calls);
  }

  @Override
  public Outcome watch(WatchTarget target, Instant deadline) {
    Service last = null;
    CallFailedException lastError = null;
    TaskCountReport counts = new TaskCountReport(calls);
    while (true) {
      if (!calls.now().isBefore(deadline)) {
        return timeout(target, last, lastError);
      }
      service.waitForNextPoll(deadline);
      try {
        Service s = service.poll();
        last = s;
        lastError = null;
        counts.report(find(s, target.deploymentId()));
        Outcome outcome = evaluate(s, target);
        if (outcome == null) {
          continue;
        }
        if (!outcome.succeeded()) {
          return explain(outcome, target);
        }
        outcome = confirm(outcome, target);
        if (outcome != null) {
          return outcome;
        }
      } catch (CallFailedException e) {
        if (!e.isTransient()) {
          throw e;
        }
        lastError = e;
        service.backOff(e);
      }
    }
  }

  @Override
  public RollbackResult rollBack(WatchTarget failed, Outcome failure, Instant deadline) {
    return new Rollback(service, this).run(failed, failure, deadline);
  }

  /**
   * Adds what the service-deployments API knows to a failure: ECS's reason when our deployment is
   * already gone from the deployments list (a circuit-breaker rollback that finished between two
   * polls), or why it was stopped. Best effort: transient errors are retried for a short while, and
   * a failure that cannot be explained further stays as it is.
   */
  private Outcome explain(Outcome failed, WatchTarget target) {
    Optional<ServiceDeployment> found;
    try {
      Instant until =
          calls.now().plus(calls.settings().get(DeploySettings.MAX_POLL_INTERVAL).multipliedBy(2));
      found =
          calls.retrying(
              () -> serviceDeployments.find(target.createdAt(), target.taskDefinitionArn()), until);
    } catch (RuntimeException e) {
      LOG.warn("Could not explain the failure with the service-deployments API", e);
      return failed;
    }
    if (found.isEmpty()) {
      return failed;
    }
    ServiceDeployment sd = found.get();
    String status = sd.statusAsString();
    String why = sd.statusReason();
    FailureKind kind = Objects.requireNonNull(failed.failure());
    String reason = failed.reason();
    if (status.startsWith("ROLLBACK")
        && (kind == FailureKind.REPLACED || kind == FailureKind.CIRCUIT_BREAKER_ROLLBACK)) {
      kind = FailureKind.CIRCUIT_BREAKER_ROLLBACK;
      reason = why != null ? why : reason + " (service deployment " + status + ")";
    } else if (why != null && !reason.contains(why)) {
      reason = reason + " (service deployment " + status + ": " + why + ")";
    }
    return new Outcome(kind, reason, failed.service(), sd.serviceDeploymentArn(), null);
  }

  /**
   * Confirms a success with the service-deployments API.
   *
   * @return the confirmed outcome, or {@code null} when the API says the deployment is not finished
   *     yet
   * @throws CallFailedException on a transient error, for the next poll to try again
   */
  private @Nullable Outcome confirm(Outcome listed, WatchTarget target) {
    Optional<ServiceDeployment> found =
        serviceDeployments.find(target.createdAt(), target.taskDefinitionArn());
    if (found.isEmpty()) {
      return listed;
    }
    ServiceDeployment sd = found.get();
    String status = sd.statusAsString();
    String reason = sd.statusReason() == null ? status : status + ": " + sd.statusReason();
    Service s = Objects.requireNonNull(listed.service());
    return switch (status) {
      case "SUCCESSFUL" -> Outcome.success(listed.reason(), s, sd.serviceDeploymentArn());
      case "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED" ->
          new Outcome(
              FailureKind.CIRCUIT_BREAKER_ROLLBACK, reason, s, sd.serviceDeploymentArn(), null);
      case "STOPPED", "STOP_REQUESTED" ->
          new Outcome(FailureKind.REPLACED, reason, s, sd.serviceDeploymentArn(), null);
      default -> null;
    };
  }

  /**
   * Judges one snapshot of the service.
   *
   * @param s the service
   * @param t the watched deployment
   * @return the outcome, or {@code null} while it is still in progress
   */
  static @Nullable Outcome evaluate(Service s, WatchTarget t) {
    Deployment ours = find(s, t.deploymentId());
    Deployment primary = null;
    for (Deployment d : s.deployments()) {
      if ("PRIMARY".equals(d.status())) {
        primary = d;
      }
    }
    DeploymentCircuitBreaker cb =
        s.deploymentConfiguration() == null
            ? null
            : s.deploymentConfiguration().deploymentCircuitBreaker();
    boolean breaker = cb != null && Boolean.TRUE.equals(cb.enable());
    boolean breakerRollsBack = breaker && Boolean.TRUE.equals(cb.rollback());
    if (ours == null) {
      if (primary != null
          && primary.taskDefinition().equals(t.previousTaskDefinitionArn())
          && breakerRollsBack) {
        return Outcome.failure(
            FailureKind.CIRCUIT_BREAKER_ROLLBACK,
            "deployment "
                + t.deploymentId()
                + " is gone and the service is back on "
                + shortName(t.previousTaskDefinitionArn())
                + " (circuit-breaker rollback)",
            s);
      }
      return Outcome.failure(
          FailureKind.REPLACED,
          "deployment "
              + t.deploymentId()
              + " is gone; "
              + (primary == null
                  ? "no PRIMARY deployment"
                  : "PRIMARY is "
                      + primary.id()
                      + " running "
                      + shortName(primary.taskDefinition())),
          s);
    }
    if ("FAILED".equals(ours.rolloutStateAsString())) {
      String reason = String.valueOf(ours.rolloutStateReason());
      return Outcome.failure(
          breakerRollsBack ? FailureKind.CIRCUIT_BREAKER_ROLLBACK : FailureKind.ROLLOUT_FAILED,
          reason,
          s);
    }
    if (primary != null && primary != ours) {
      return Outcome.failure(
          FailureKind.REPLACED,
          "deployment "
              + primary.id()
              + " ("
              + shortName(primary.taskDefinition())
              + ") replaced ours ("
              + t.deploymentId()
              + ") before it completed",
          s);
    }
    if (n(ours.failedTasks()) >= t.maxFailedTasks() && (t.maxFailedTasksAlways() || !breaker)) {
      return Outcome.failure(
          FailureKind.TASKS_FAILING,
          n(ours.failedTasks())
              + " tasks of "
              + shortName(t.taskDefinitionArn())
              + " stopped (limit "
              + t.maxFailedTasks()
              + ") and no circuit breaker stops the rollout",
          s);
    }
    boolean completed =
        ours.rolloutState() == null
            ? s.deployments().size() == 1
            : "COMPLETED".equals(ours.rolloutStateAsString());
    if (completed
        && ours.taskDefinition().equals(t.taskDefinitionArn())
        && n(ours.runningCount()) == n(ours.desiredCount())
        && n(s.runningCount()) == n(s.desiredCount())) {
      if (n(s.desiredCount()) == 0) {
        LOG.warn(
            "Service {} has a desired count of 0: nothing runs the new revision", s.serviceName());
      }
      return Outcome.success(String.valueOf(ours.rolloutStateReason()), s, null);
    }
    return null;
  }

  private static Outcome timeout(
      WatchTarget t, @Nullable Service last, @Nullable CallFailedException error) {
    Deployment ours = last == null ? null : find(last, t.deploymentId());
    String reason;
    if (ours == null) {
      reason = "deployment " + t.deploymentId() + " did not complete in time";
    } else {
      reason =
          "deployment "
              + t.deploymentId()
              + " still "
              + ours.rolloutStateAsString()
              + " with "
              + n(ours.runningCount())
              + "/"
              + n(ours.desiredCount())
              + " running, "
              + n(ours.pendingCount())
              + " pending and "
              + n(ours.failedTasks())
              + " failed tasks";
    }
    if (error != null) {
      reason += "; ECS did not answer at the end: " + error.getMessage();
    }
    return new Outcome(
        FailureKind.TIMEOUT, reason, last, null, error == null ? null : error.error());
  }

  static @Nullable Deployment find(Service s, String id) {
    for (Deployment d : s.deployments()) {
      if (d.id().equals(id)) {
        return d;
      }
    }
    return null;
  }

  static String shortName(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
