package dev.opskit.ecs;

import java.util.List;
import java.util.Objects;

/**
 * What ECS's service-deployments API said about a deployment when the deploy ended: its status
 * (after ECS's own rollback, if any), ECS's reason, the lifecycle stage it had reached, the hooks
 * that failed and the alarms that went off.
 *
 * @param serviceDeploymentArn the service deployment
 * @param status its status as ECS names it, such as {@code ROLLBACK_SUCCESSFUL}, {@code
 *     ROLLBACK_FAILED} or {@code STOPPED}
 * @param statusReason ECS's {@code statusReason}, or an empty string
 * @param lifecycleStage the last lifecycle stage seen before it failed, as ECS names it, or an
 *     empty string (rolling updates have none)
 * @param failedHooks the lifecycle hooks that failed or timed out
 * @param triggeredAlarms the names of the CloudWatch alarms that went off
 */
public record ServiceDeploymentFacts(
    String serviceDeploymentArn,
    String status,
    String statusReason,
    String lifecycleStage,
    List<FailedHook> failedHooks,
    List<String> triggeredAlarms) {

  /** Checks and copies the components. */
  public ServiceDeploymentFacts {
    Objects.requireNonNull(serviceDeploymentArn, "serviceDeploymentArn");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusReason, "statusReason");
    Objects.requireNonNull(lifecycleStage, "lifecycleStage");
    failedHooks = List.copyOf(failedHooks);
    triggeredAlarms = List.copyOf(triggeredAlarms);
  }

  /**
   * Returns a one-line summary.
   *
   * @return such as {@code ecs-svc/123 ROLLBACK_SUCCESSFUL at POST_TEST_TRAFFIC_SHIFT: reason}
   */
  @Override
  public String toString() {
    return serviceDeploymentArn.substring(serviceDeploymentArn.lastIndexOf('/') + 1)
        + " "
        + status
        + (lifecycleStage.isEmpty() ? "" : " at " + lifecycleStage)
        + (statusReason.isEmpty() ? "" : ": " + statusReason);
  }

  /**
   * A lifecycle hook that failed or timed out.
   *
   * @param hookId the hook execution's id
   * @param targetType {@code AWS_LAMBDA} or {@code PAUSE}, as ECS names it
   * @param targetArn the Lambda function's ARN, or an empty string for a pause hook
   * @param lifecycleStage the stage it ran at (the deployment's stage when the hook was seen)
   * @param status {@code FAILED} or {@code TIMED_OUT}
   */
  public record FailedHook(
      String hookId, String targetType, String targetArn, String lifecycleStage, String status) {

    /** Checks the components. */
    public FailedHook {
      Objects.requireNonNull(hookId, "hookId");
      Objects.requireNonNull(targetType, "targetType");
      Objects.requireNonNull(targetArn, "targetArn");
      Objects.requireNonNull(lifecycleStage, "lifecycleStage");
      Objects.requireNonNull(status, "status");
    }

    /**
     * Returns a description.
     *
     * @return such as {@code lifecycle hook arn:aws:lambda:...:function:check FAILED at
     *     POST_TEST_TRAFFIC_SHIFT}
     */
    @Override
    public String toString() {
      String what = targetArn.isEmpty() ? "PAUSE hook " + hookId : "lifecycle hook " + targetArn;
      return what + " " + status + (lifecycleStage.isEmpty() ? "" : " at " + lifecycleStage);
    }
  }
}
