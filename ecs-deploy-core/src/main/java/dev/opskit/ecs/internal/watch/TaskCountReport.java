package dev.opskit.ecs.internal.watch;

import static dev.opskit.ecs.internal.watch.WatchedService.n;

import dev.opskit.ecs.DeploymentEvent;
import dev.opskit.ecs.internal.EcsCalls;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.ecs.model.Deployment;

/**
 * Reports the watched deployment's task counts and rollout state to the listener when they change.
 *
 * <p>Internal to opskit; may change in any release.
 */
final class TaskCountReport {
  private final EcsCalls calls;
  private @Nullable String lastCounts;
  private @Nullable String lastRollout;

  TaskCountReport(EcsCalls calls) {
    this.calls = calls;
  }

  void report(@Nullable Deployment ours) {
    if (ours == null) {
      return;
    }
    String counts =
        ours.desiredCount()
            + "/"
            + ours.pendingCount()
            + "/"
            + ours.runningCount()
            + "/"
            + ours.failedTasks();
    if (!counts.equals(lastCounts)) {
      lastCounts = counts;
      calls.emit(
          new DeploymentEvent.TaskCounts(
              ours.id(),
              n(ours.desiredCount()),
              n(ours.pendingCount()),
              n(ours.runningCount()),
              n(ours.failedTasks())));
    }
    String rollout = ours.rolloutStateAsString();
    if (rollout != null && !rollout.equals(lastRollout)) {
      lastRollout = rollout;
      calls.emit(
          new DeploymentEvent.RolloutStateChanged(
              ours.id(), rollout, String.valueOf(ours.rolloutStateReason())));
    }
  }
}
