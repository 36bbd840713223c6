package dev.opskit.ecs.internal.watch;

import static dev.opskit.ecs.internal.watch.WatchedService.n;

import dev.opskit.ecs.FailureKind;
import dev.opskit.ecs.ServiceDeploymentFacts;
import dev.opskit.ecs.internal.CallFailedException;
import dev.opskit.ecs.internal.EcsCalls;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookDetail;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentCircuitBreaker;

/**
 * The watch of an ECS-native deployment (BLUE_GREEN, LINEAR, CANARY): one {@code DescribeServices}
 * (service events, the PRIMARY deployment) and one {@code DescribeServiceDeployments} per poll,
 * after the service deployment our {@code UpdateService} started has been identified (the service's
 * {@code currentServiceDeployment} when its target revision runs our task definition, else the
 * service deployments listed since, matched on the revision; never on time alone).
 *
 * <p>Success: the service deployment is SUCCESSFUL, the service runs our revision and its PRIMARY
 * deployment is ours. Failure, on the first poll that shows it: a status that is not going to end
 * SUCCESSFUL (ROLLBACK_*, STOP_REQUESTED, STOPPED), explained by what ECS reports (a hook that
 * failed or timed out, an alarm, the circuit breaker, a newer deployment, or a stop by someone
 * else); tasks of our revision that keep stopping without a circuit breaker; or the deadline. The
 * watch never acts on the deployment; {@link #rollBack} does ({@link NativeRollback}).
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class NativeWatch implements DeploymentWatch {
  private final WatchedService service;
  private final EcsCalls calls;
  private final ServiceDeployments deployments;
  private @Nullable WatchTarget target;
  private @Nullable NativeProgress progress;

  /**
   * Creates the watch of the deploy's service.
   *
   * @param service the service
   */
  public NativeWatch(WatchedService service) {
    this.service = service;
    this.calls = service.calls();
    this.deployments = new ServiceDeployments(calls);
  }

  @Override
  public Outcome watch(WatchTarget t, Instant deadline) {
    if (!t.equals(target)) {
      target = t;
      progress = null;
    }
    Service last = null;
    CallFailedException lastError = null;
    TaskCountReport counts = new TaskCountReport(calls);
    while (true) {
      if (!calls.now().isBefore(deadline)) {
        return timeout(t, last, lastError);
      }
      service.waitForNextPoll(deadline);
      try {
        Service s = service.poll();
        last = s;
        lastError = null;
        counts.report(RollingWatch.find(s, t.deploymentId()));
        NativeProgress p = progress(s, t);
        ServiceDeployment sd = p == null ? null : deployments.describe(p.arn());
        if (p != null && sd != null) {
          p.observe(sd);
        }
        Outcome outcome = judge(s, sd, p, t);
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
    return new NativeRollback(service, this, deployments).run(failed, failure, deadline);
  }

  /**
   * Returns the progress of the target's service deployment, identifying it first when needed.
   *
   * @param s a recent snapshot of the service, or {@code null} to read one
   * @return the progress, or {@code null} while ECS does not list the service deployment
   * @throws CallFailedException when a call fails
   */
  @Nullable NativeProgress progress(@Nullable Service s, WatchTarget t) {
    if (progress == null || !t.equals(target)) {
      Service snapshot = s != null ? s : service.poll();
      String arn =
          deployments.identify(
              snapshot.currentServiceDeployment(), t.createdAt(), t.taskDefinitionArn());
      if (arn == null) {
        return null;
      }
      target = t;
      progress = new NativeProgress(calls, arn);
    }
    return progress;
  }

  private @Nullable Outcome judge(
      Service s, @Nullable ServiceDeployment sd, @Nullable NativeProgress p, WatchTarget t) {
    Outcome failing = tasksFailing(s, sd, p, t);
    if (sd == null || p == null) {
      return failing;
    }
    String status = String.valueOf(sd.statusAsString());
    switch (status) {
      case "PENDING", "IN_PROGRESS":
        return failing;
      case "SUCCESSFUL":
        if (t.taskDefinitionArn().equals(s.taskDefinition())
            && Objects.equals(primary(s), t.taskDefinitionArn())) {
          return Outcome.success("service deployment SUCCESSFUL", s, p.arn());
        }
        return failure(
            FailureKind.REPLACED,
            "service deployment "
                + shortName(p.arn())
                + " completed, but the service now runs "
                + shortName(s.taskDefinition()),
            s,
            p.facts(sd),
            false);
      case "ROLLBACK_REQUESTED",
      "ROLLBACK_IN_PROGRESS",
      "ROLLBACK_SUCCESSFUL",
      "ROLLBACK_FAILED",
      "STOP_REQUESTED",
      "STOPPED":
        return explain(s, sd, p, status);
      default:
        return failing; // a status this version does not know: keep watching until the deadline
    }
  }

  /** Explains a service deployment that is not going to end SUCCESSFUL. */
  private Outcome explain(Service s, ServiceDeployment sd, NativeProgress p, String status) {
    ServiceDeploymentFacts facts = p.facts(sd);
    boolean rollingBack = status.startsWith("ROLLBACK");
    String at = facts.lifecycleStage().isEmpty() ? "" : " at " + facts.lifecycleStage();
    FailureKind kind;
    String reason;
    ServiceDeploymentCircuitBreaker breaker = sd.deploymentCircuitBreaker();
    if (!facts.failedHooks().isEmpty()) {
      kind = FailureKind.HOOK_FAILED;
      reason = facts.failedHooks().get(0).toString();
    } else if (!facts.triggeredAlarms().isEmpty()) {
      kind = FailureKind.ALARM;
      reason = "the alarm(s) " + String.join(", ", facts.triggeredAlarms()) + " went off" + at;
    } else if (breaker != null && "TRIGGERED".equals(breaker.statusAsString())) {
      kind = rollingBack ? FailureKind.CIRCUIT_BREAKER_ROLLBACK : FailureKind.ROLLOUT_FAILED;
      reason =
          "the circuit breaker failed the deployment after "
              + n(breaker.failureCount())
              + " failed tasks"
              + at;
    } else if (replaced(s, p.arn(), target)) {
      kind = FailureKind.REPLACED;
      reason =
          "service deployment "
              + shortName(p.arn())
              + " was replaced by "
              + shortName(String.valueOf(s.currentServiceDeployment()))
              + at;
    } else {
      kind = FailureKind.STOPPED;
      reason = "service deployment " + shortName(p.arn()) + " was stopped" + at;
    }
    if (!facts.statusReason().isEmpty()) {
      reason += " (" + status + ": " + facts.statusReason() + ")";
    } else {
      reason += " (" + status + ")";
    }
    return failure(kind, reason, s, facts, rollingBack);
  }

  /**
   * Tasks of our revision that keep stopping while ECS does not stop the deployment (no circuit
   * breaker, or the explicit limit): ECS would retry them until its own timeouts.
   */
  private @Nullable Outcome tasksFailing(
      Service s, @Nullable ServiceDeployment sd, @Nullable NativeProgress p, WatchTarget t) {
    var ours = RollingWatch.find(s, t.deploymentId());
    if (ours == null || n(ours.failedTasks()) < t.maxFailedTasks()) {
      return null;
    }
    DeploymentCircuitBreaker cb =
        s.deploymentConfiguration() == null
            ? null
            : s.deploymentConfiguration().deploymentCircuitBreaker();
    boolean breaker = cb != null && Boolean.TRUE.equals(cb.enable());
    if (breaker && !t.maxFailedTasksAlways()) {
      return null;
    }
    return failure(
        FailureKind.TASKS_FAILING,
        n(ours.failedTasks())
            + " tasks of "
            + shortName(t.taskDefinitionArn())
            + " stopped (limit "
            + t.maxFailedTasks()
            + ") and no circuit breaker stops the deployment"
            + (p == null || p.stage().isEmpty() ? "" : " at " + p.stage()),
        s,
        p == null || sd == null ? null : p.facts(sd),
        false);
  }

  private Outcome failure(
      FailureKind kind,
      String reason,
      Service s,
      @Nullable ServiceDeploymentFacts facts,
      boolean ecsRollsBack) {
    return new Outcome(
        kind,
        reason,
        s,
        facts == null ? null : facts.serviceDeploymentArn(),
        null,
        facts,
        ecsRollsBack);
  }

  private Outcome timeout(
      WatchTarget t, @Nullable Service last, @Nullable CallFailedException error) {
    NativeProgress p = progress;
    ServiceDeployment sd = p == null ? null : p.last();
    String reason;
    ServiceDeploymentFacts facts = null;
    if (p == null || sd == null) {
      reason = "the service deployment of " + t.deploymentId() + " did not complete in time";
    } else {
      facts = p.facts(sd);
      reason =
          "service deployment "
              + shortName(p.arn())
              + " still "
              + sd.statusAsString()
              + (p.stage().isEmpty() ? "" : " at " + p.stage());
      DeploymentLifecycleHookDetail paused = p.awaiting(sd);
      if (paused != null) {
        reason +=
            ", held by PAUSE hook "
                + paused.hookId()
                + " until ContinueServiceDeployment or "
                + paused.expiresAt();
      }
    }
    if (error != null) {
      reason += "; ECS did not answer at the end: " + error.getMessage();
    }
    return new Outcome(
        FailureKind.TIMEOUT,
        reason,
        last,
        p == null ? null : p.arn(),
        error == null ? null : error.error(),
        facts,
        false);
  }

  /**
   * Whether another deployment took over the service: another current service deployment, or a
   * PRIMARY deployment of another revision than ours and the one we replaced.
   */
  private static boolean replaced(Service s, String arn, @Nullable WatchTarget t) {
    String current = s.currentServiceDeployment();
    if (current != null && !current.equals(arn)) {
      return true;
    }
    String primary = primary(s);
    return t != null
        && primary != null
        && !primary.equals(t.taskDefinitionArn())
        && !primary.equals(t.previousTaskDefinitionArn());
  }

  static @Nullable String primary(Service s) {
    for (var d : s.deployments()) {
      if ("PRIMARY".equals(d.status())) {
        return d.taskDefinition();
      }
    }
    return null;
  }

  static String shortName(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
