package dev.opskit.ecs;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Thrown when our deployment did not complete within the timeout; its kind is TIMEOUT. */
public final class DeploymentTimeoutException extends DeploymentFailedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param service {@code cluster/service}
   * @param taskDefinitionArn the revision that was deployed
   * @param previousTaskDefinitionArn the rollback target
   * @param reason what was still missing when time ran out
   * @param events recent service events, newest first
   * @param stoppedTasks stopped tasks of the deployed revision
   * @param rolledBack whether the service runs the previous revision again
   * @param rollbackProblem why a rollback did not succeed, or {@code null}
   */
  public DeploymentTimeoutException(
      String service,
      String taskDefinitionArn,
      String previousTaskDefinitionArn,
      String reason,
      List<ServiceEvent> events,
      List<StoppedTask> stoppedTasks,
      boolean rolledBack,
      @Nullable String rollbackProblem) {
    this(
        service,
        taskDefinitionArn,
        previousTaskDefinitionArn,
        reason,
        events,
        stoppedTasks,
        rolledBack,
        rollbackProblem,
        null);
  }

  /**
   * Creates the exception with what the service-deployments API said.
   *
   * @param service {@code cluster/service}
   * @param taskDefinitionArn the revision that was deployed
   * @param previousTaskDefinitionArn the rollback target
   * @param reason what was still missing when time ran out
   * @param events recent service events, newest first
   * @param stoppedTasks stopped tasks of the deployed revision
   * @param rolledBack whether the service runs the previous revision again
   * @param rollbackProblem why a rollback did not succeed, or {@code null}
   * @param serviceDeployment what ECS said about the service deployment, or {@code null}
   */
  public DeploymentTimeoutException(
      String service,
      String taskDefinitionArn,
      String previousTaskDefinitionArn,
      String reason,
      List<ServiceEvent> events,
      List<StoppedTask> stoppedTasks,
      boolean rolledBack,
      @Nullable String rollbackProblem,
      @Nullable ServiceDeploymentFacts serviceDeployment) {
    super(
        FailureKind.TIMEOUT,
        service,
        taskDefinitionArn,
        previousTaskDefinitionArn,
        reason,
        events,
        stoppedTasks,
        rolledBack,
        rollbackProblem,
        serviceDeployment);
  }
}
