package dev.opskit.ecs;

/**
 * Why a deployment failed; each is detected within one poll of the service. More kinds may be added
 * as the deployer learns more strategies, so a {@code switch} over them needs a default.
 */
public enum FailureKind {
  /**
   * Our deployment's {@code rolloutState} is FAILED (for ECS-native strategies: the circuit breaker
   * stopped the service deployment) and ECS does not roll back.
   */
  ROLLOUT_FAILED,
  /** The deployment circuit breaker failed our deployment and ECS rolled the service back. */
  CIRCUIT_BREAKER_ROLLBACK,
  /** Another deployment (another pipeline, a person) replaced ours before it completed. */
  REPLACED,
  /** Tasks of our deployment keep stopping and no circuit breaker stops the rollout. */
  TASKS_FAILING,
  /** Our deployment did not complete within the timeout. */
  TIMEOUT,
  /**
   * The deployer could not follow our deployment to its end: ECS refused a call for good (not a
   * transient error) or something unexpected happened. The exception's cause is that error.
   */
  WATCH_FAILED,
  /**
   * A lifecycle hook of an ECS-native deployment failed or timed out, and ECS rolled the deployment
   * back; {@link DeploymentFailedException#failedHooks()} names the hook and the stage.
   */
  HOOK_FAILED,
  /**
   * A CloudWatch alarm the deployment monitors went off; {@link
   * DeploymentFailedException#triggeredAlarms()} names it.
   */
  ALARM,
  /**
   * Someone else stopped our service deployment ({@code StopServiceDeployment}) and ECS rolled it
   * back, or ECS stopped it for a reason it did not give.
   */
  STOPPED
}
