package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.FakeEcs.seconds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One execution of a lifecycle hook at one stage (a new {@code hookId} each time, also per linear
 * or canary step). A Lambda hook follows its scripted {@link HookVerdict}; a PAUSE hook waits in
 * {@code AWAITING_ACTION} for ContinueServiceDeployment. Both time out at {@code expiresAt}.
 * Guarded by the FakeEcs lock.
 */
final class HookRun {
  final String hookId = UUID.randomUUID().toString();
  final DeploymentConfig.Hook hook;
  final String stage;
  final Instant startedAt;
  final Instant expiresAt;
  private final @Nullable HookVerdict verdict;
  String status;
  private @Nullable String continueAction;

  HookRun(DeploymentConfig.Hook hook, String stage, Instant now, @Nullable HookVerdict verdict) {
    this.hook = hook;
    this.stage = stage;
    this.startedAt = now;
    this.expiresAt = now.plus(Duration.ofMinutes(hook.timeoutMinutes()));
    this.verdict = verdict;
    this.status = isPause() ? "AWAITING_ACTION" : "IN_PROGRESS";
  }

  boolean isPause() {
    return hook.targetType().equals("PAUSE");
  }

  boolean isDone() {
    return !status.equals("IN_PROGRESS") && !status.equals("AWAITING_ACTION");
  }

  /** Tells whether the hook's outcome rolls the deployment back. */
  boolean rollsBack() {
    return status.equals("FAILED")
        || (status.equals("TIMED_OUT") && hook.timeoutAction().equals("ROLLBACK"));
  }

  /** Records a ContinueServiceDeployment action for a paused hook. */
  void continueWith(String action) {
    continueAction = action;
  }

  void tick(Instant now) {
    if (isDone()) {
      return;
    }
    if (isPause()) {
      if (continueAction != null) {
        status = continueAction.equals("ROLLBACK") ? "FAILED" : "SUCCEEDED";
      } else if (!now.isBefore(expiresAt)) {
        status = "TIMED_OUT";
      }
      return;
    }
    Duration time = verdict == null ? null : verdict.time();
    Instant answersAt = time == null ? null : startedAt.plus(time);
    if (answersAt != null && answersAt.isAfter(expiresAt)) {
      answersAt = null;
    }
    if (answersAt != null && !now.isBefore(answersAt)) {
      status = verdict.outcome();
    } else if (!now.isBefore(expiresAt)) {
      status = "TIMED_OUT";
    }
  }

  String describe() {
    String target = isPause() ? "PAUSE hook " + hookId : "lifecycle hook " + hook.targetArn();
    String what =
        switch (status) {
          case "TIMED_OUT" -> "timed out";
          case "FAILED" ->
              isPause() ? "was rolled back by ContinueServiceDeployment" : "returned FAILED";
          default -> status;
        };
    return target + " " + what + " at " + stage;
  }

  ObjectNode json(ObjectNode o) {
    o.put("hookId", hookId);
    o.put("targetType", hook.targetType());
    if (hook.targetArn() != null) {
      o.put("targetArn", hook.targetArn());
    }
    o.put("status", status);
    o.put("expiresAt", seconds(expiresAt));
    o.put("timeoutAction", hook.timeoutAction());
    return o;
  }
}
