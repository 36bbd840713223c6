package dev.opskit.ecs;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task of the failed deployment that stopped, with the reasons ECS gives.
 *
 * @param taskArn the task
 * @param taskDefinitionArn the revision it ran
 * @param stoppedReason why ECS stopped it, such as {@code Essential container in task exited}
 * @param stopCode the stop code, such as {@code EssentialContainerExited}, or {@code null}
 * @param containers each container's exit code and reason
 */
public record StoppedTask(
    String taskArn,
    String taskDefinitionArn,
    String stoppedReason,
    @Nullable String stopCode,
    List<ContainerExit> containers) {

  /** Checks and copies the parts. */
  public StoppedTask {
    Objects.requireNonNull(taskArn, "taskArn");
    Objects.requireNonNull(taskDefinitionArn, "taskDefinitionArn");
    Objects.requireNonNull(stoppedReason, "stoppedReason");
    containers = List.copyOf(containers);
  }

  /**
   * Returns the task as one line: id, reason, stop code and each container's exit.
   *
   * @return the line
   */
  @Override
  public String toString() {
    StringBuilder b =
        new StringBuilder(taskArn.substring(taskArn.lastIndexOf('/') + 1))
            .append(": ")
            .append(stoppedReason);
    if (stopCode != null) {
      b.append(" (").append(stopCode).append(')');
    }
    for (ContainerExit c : containers) {
      b.append("; ").append(c);
    }
    return b.toString();
  }

  /**
   * How one container of a stopped task ended.
   *
   * @param name the container name
   * @param exitCode its exit code, or {@code null} when it never ran
   * @param reason ECS's reason (such as {@code CannotPullContainerError: ...}), or {@code null}
   */
  public record ContainerExit(String name, @Nullable Integer exitCode, @Nullable String reason) {
    /** Checks the name. */
    public ContainerExit {
      Objects.requireNonNull(name, "name");
    }

    /**
     * Returns the exit as text.
     *
     * @return {@code name exited 1: reason}
     */
    @Override
    public String toString() {
      return name
          + (exitCode == null ? " did not exit" : " exited " + exitCode)
          + (reason == null ? "" : ": " + reason);
    }
  }
}
