package dev.opskit.ecs.internal.watch;

import dev.opskit.ecs.DeploymentEvent;
import dev.opskit.ecs.LifecycleStage;
import dev.opskit.ecs.ServiceDeploymentFacts;
import dev.opskit.ecs.internal.EcsCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookDetail;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentAlarms;
import software.amazon.awssdk.services.ecs.model.ServiceRevisionSummary;

/**
 * What one ECS-native service deployment showed so far, read poll by poll: its status and lifecycle
 * stage (reported to the listener when they change), the stage each hook execution was first seen
 * at (ECS does not say which stage a hook ran at), the PAUSE hooks awaiting action, and the facts a
 * failure is explained with.
 *
 * <p>Stages and statuses are read as the strings ECS sent, so one this version does not know is
 * passed on rather than collapsed into the SDK's {@code UNKNOWN_TO_SDK_VERSION}.
 *
 * <p>Internal to opskit; may change in any release.
 */
final class NativeProgress {
  private static final Logger LOG = LoggerFactory.getLogger(NativeProgress.class);
  private static final Set<String> FAILED_HOOK = Set.of("FAILED", "TIMED_OUT");

  private final EcsCalls calls;
  private final String arn;
  private final Map<String, String> hookStages = new HashMap<>();
  private final Set<String> awaitingReported = new HashSet<>();
  private @Nullable String lastStatus;
  private @Nullable String lastStageKey;
  private String stage = "";
  private @Nullable String failedAt;
  private @Nullable ServiceDeployment last;

  NativeProgress(EcsCalls calls, String arn) {
    this.calls = calls;
    this.arn = arn;
  }

  String arn() {
    return arn;
  }

  @Nullable ServiceDeployment last() {
    return last;
  }

  /**
   * The stage the deployment failed at (as the first reading that showed the failure said), else
   * the last stage seen while it ran, or an empty string.
   */
  String stage() {
    return failedAt != null && !failedAt.isEmpty() ? failedAt : stage;
  }

  /** Takes one reading and reports what changed. */
  void observe(ServiceDeployment sd) {
    last = sd;
    String status = String.valueOf(sd.statusAsString());
    String reason = sd.statusReason() == null ? "" : sd.statusReason();
    if (!status.equals(lastStatus)) {
      lastStatus = status;
      calls.emit(new DeploymentEvent.ServiceDeploymentStatusChanged(arn, status, reason));
    }
    String current = sd.lifecycleStageAsString();
    boolean running = status.equals("PENDING") || status.equals("IN_PROGRESS");
    if (running && current != null) {
      double production = weight(sd.targetServiceRevision(), true);
      double test = weight(sd.targetServiceRevision(), false);
      // A traffic step moves the weight within PRODUCTION_TRAFFIC_SHIFT: that is news too.
      String key = current + "@" + production;
      if (!key.equals(lastStageKey)) {
        lastStageKey = key;
        stage = current;
        if (LifecycleStage.fromEcs(current).isEmpty()) {
          LOG.info("ECS reports the lifecycle stage {}, which this version does not know", current);
        }
        calls.emit(new DeploymentEvent.StageReached(current, production, test));
      }
    } else if (!running && failedAt == null) {
      failedAt = current != null ? current : stage;
    }
    for (DeploymentLifecycleHookDetail h : sd.lifecycleHookDetails()) {
      String id = String.valueOf(h.hookId());
      hookStages.putIfAbsent(id, current != null ? current : stage());
      if ("AWAITING_ACTION".equals(h.statusAsString()) && awaitingReported.add(id)) {
        Instant expires = h.expiresAt() == null ? Instant.MAX : h.expiresAt();
        LOG.warn(
            "PAUSE hook {} holds {} at {} until ContinueServiceDeployment or {}",
            id,
            arn,
            hookStages.get(id),
            expires);
        calls.emit(new DeploymentEvent.HookAwaitingAction(id, hookStages.get(id), expires));
      }
    }
  }

  /** A PAUSE hook that awaits action now, or null. */
  @Nullable DeploymentLifecycleHookDetail awaiting(ServiceDeployment sd) {
    for (DeploymentLifecycleHookDetail h : sd.lifecycleHookDetails()) {
      if ("AWAITING_ACTION".equals(h.statusAsString())) {
        return h;
      }
    }
    return null;
  }

  /** The stage a hook execution was first seen at. */
  String stageOf(String hookId) {
    return Objects.requireNonNullElse(hookStages.get(hookId), stage());
  }

  /** The facts of a reading: status, reason, stage, failed hooks, triggered alarms. */
  ServiceDeploymentFacts facts(ServiceDeployment sd) {
    List<ServiceDeploymentFacts.FailedHook> failed = new ArrayList<>();
    for (DeploymentLifecycleHookDetail h : sd.lifecycleHookDetails()) {
      boolean continues = "CONTINUE".equals(h.timeoutActionAsString());
      String status = String.valueOf(h.statusAsString());
      if (FAILED_HOOK.contains(status) && !(status.equals("TIMED_OUT") && continues)) {
        String id = String.valueOf(h.hookId());
        failed.add(
            new ServiceDeploymentFacts.FailedHook(
                id,
                String.valueOf(h.targetTypeAsString()),
                h.targetArn() == null ? "" : h.targetArn(),
                stageOf(id),
                status));
      }
    }
    ServiceDeploymentAlarms alarms = sd.alarms();
    List<String> triggered =
        alarms == null || !alarms.hasTriggeredAlarmNames()
            ? List.of()
            : alarms.triggeredAlarmNames();
    return new ServiceDeploymentFacts(
        arn,
        String.valueOf(sd.statusAsString()),
        sd.statusReason() == null ? "" : sd.statusReason(),
        stage(),
        failed,
        triggered);
  }

  private static double weight(@Nullable ServiceRevisionSummary r, boolean production) {
    if (r == null) {
      return 0;
    }
    Double w = production ? r.requestedProductionTrafficWeight() : r.requestedTestTrafficWeight();
    return w == null ? 0 : w;
  }
}
