package dev.opskit.ecs;

import dev.opskit.ecs.taskdef.TaskDefinitionDiff;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One step of a deploy, delivered to the {@link DeploymentListener} as it happens. Each kind is a
 * record; tell them apart with {@code instanceof} patterns.
 */
public sealed interface DeploymentEvent {

  /**
   * The new definition is known and checked (images exist); nothing has been changed yet.
   *
   * @param previousTaskDefinitionArn what the service runs now, the rollback target
   * @param diff what changes
   */
  record Planned(String previousTaskDefinitionArn, TaskDefinitionDiff diff)
      implements DeploymentEvent {
    /**
     * Returns a one-line summary; the diff itself is in {@link #diff()}.
     *
     * @return such as {@code Planned[previous=web:7, 3 changes]}
     */
    @Override
    public String toString() {
      return "Planned[previous="
          + previousTaskDefinitionArn.substring(previousTaskDefinitionArn.lastIndexOf('/') + 1)
          + ", "
          + diff.changes().size()
          + " changes]";
    }
  }

  /**
   * The new task-definition revision was registered.
   *
   * @param taskDefinitionArn its ARN
   */
  record Registered(String taskDefinitionArn) implements DeploymentEvent {}

  /**
   * The one {@code UpdateService} call was made; the deployment it created is the one watched.
   *
   * @param deploymentId the deployment's id, such as {@code ecs-svc/1234567890123456789}
   * @param taskDefinitionArn the revision it deploys
   */
  record ServiceUpdated(String deploymentId, String taskDefinitionArn) implements DeploymentEvent {}

  /**
   * A new service event appeared.
   *
   * @param event the event
   */
  record ServiceEventReceived(ServiceEvent event) implements DeploymentEvent {}

  /**
   * The task counts of the watched deployment changed.
   *
   * @param deploymentId the deployment
   * @param desired desired tasks
   * @param pending pending tasks
   * @param running running tasks
   * @param failed tasks that failed to start or stopped
   */
  record TaskCounts(String deploymentId, int desired, int pending, int running, int failed)
      implements DeploymentEvent {}

  /**
   * The watched deployment's rollout state changed.
   *
   * @param deploymentId the deployment
   * @param rolloutState {@code IN_PROGRESS}, {@code COMPLETED} or {@code FAILED}
   * @param reason ECS's reason
   */
  record RolloutStateChanged(String deploymentId, String rolloutState, String reason)
      implements DeploymentEvent {}

  /**
   * The service deployment of an ECS-native strategy (BLUE_GREEN, LINEAR, CANARY) is at a new
   * lifecycle stage, or a LINEAR or CANARY one repeats a traffic stage for its next step. Stages
   * ECS moves through between two polls are not seen.
   *
   * @param stage the stage as ECS names it, such as {@code PRODUCTION_TRAFFIC_SHIFT}; a stage this
   *     version does not know is passed on as is
   * @param productionTrafficPercent the share of production traffic ECS has asked for the new
   *     revision (a snapshot ECS may update late)
   * @param testTrafficPercent the share of test traffic asked for the new revision
   */
  record StageReached(String stage, double productionTrafficPercent, double testTrafficPercent)
      implements DeploymentEvent {
    /**
     * Returns the stage, when it is one this version knows.
     *
     * @return the stage, or empty
     */
    public Optional<LifecycleStage> knownStage() {
      return LifecycleStage.fromEcs(stage);
    }
  }

  /**
   * The watched service deployment (or ECS's rollback of it, reported on the same ARN) changed
   * status.
   *
   * @param serviceDeploymentArn the service deployment
   * @param status such as {@code IN_PROGRESS}, {@code ROLLBACK_IN_PROGRESS} or {@code
   *     ROLLBACK_SUCCESSFUL}, as ECS names it
   * @param reason ECS's {@code statusReason}, or an empty string
   */
  record ServiceDeploymentStatusChanged(String serviceDeploymentArn, String status, String reason)
      implements DeploymentEvent {}

  /**
   * A PAUSE lifecycle hook waits for {@code ContinueServiceDeployment}; the deploy keeps waiting
   * until someone continues it, it expires, or the deploy's timeout rolls it back.
   *
   * @param hookId the hook execution's id, for {@code ContinueServiceDeployment}
   * @param stage the lifecycle stage it pauses
   * @param expiresAt when ECS applies the hook's timeout action
   */
  record HookAwaitingAction(String hookId, String stage, Instant expiresAt)
      implements DeploymentEvent {}

  /**
   * ECS throttled a poll even after the SDK's retries; the next poll waits longer.
   *
   * @param operation the throttled operation
   * @param nextPoll the wait before the next poll
   */
  record Throttled(String operation, Duration nextPoll) implements DeploymentEvent {}

  /**
   * A call failed with a transient error (a connection reset, a 5xx answer) even after the SDK's
   * retries; it is retried after a wait, until the deadline.
   *
   * @param operation the failed operation, such as {@code DescribeServices}
   * @param error what went wrong
   * @param nextAttempt the wait before the next attempt
   */
  record Retrying(String operation, String error, Duration nextAttempt)
      implements DeploymentEvent {}

  /**
   * Our deployment completed: the service runs the new revision at its desired count.
   *
   * @param deploymentId the deployment
   * @param taskDefinitionArn the revision now running
   */
  record Succeeded(String deploymentId, String taskDefinitionArn) implements DeploymentEvent {}

  /**
   * Our deployment failed; a rollback may follow.
   *
   * @param kind why
   * @param reason the details
   */
  record Failed(FailureKind kind, String reason) implements DeploymentEvent {}

  /**
   * The service is being brought back to the revision it ran before the deploy.
   *
   * @param taskDefinitionArn the rollback target
   * @param byEcs true when ECS rolls back by itself (its circuit breaker, a failed lifecycle hook,
   *     an alarm, or a stop requested by someone), false when the deployer starts the rollback
   */
  record RollbackStarted(String taskDefinitionArn, boolean byEcs) implements DeploymentEvent {}

  /**
   * The rollback finished.
   *
   * @param taskDefinitionArn the rollback target
   * @param succeeded whether the service runs it again at its desired count
   */
  record RollbackFinished(String taskDefinitionArn, boolean succeeded) implements DeploymentEvent {}

  /**
   * An old revision was deregistered by housekeeping.
   *
   * @param taskDefinitionArn the revision
   */
  record Deregistered(String taskDefinitionArn) implements DeploymentEvent {}

  /**
   * A deployed ECR image got the promotion tag.
   *
   * @param image the image under its new tag
   */
  record ImagePromoted(String image) implements DeploymentEvent {}
}
