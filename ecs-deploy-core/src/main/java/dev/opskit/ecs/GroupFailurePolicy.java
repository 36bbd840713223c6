package dev.opskit.ecs;

/** What a {@link DeploymentGroup} does when one of its services fails to deploy. */
public enum GroupFailurePolicy {
  /**
   * Starts no further service and no further wave; services already deploying finish. Then every
   * service of the group that was changed goes back to the revision it ran before: the failed one
   * through its deployer's own rollback (turned on for every member), and every service that
   * deployed successfully, in earlier waves too, with an {@code UpdateService} to its previous
   * revision that is watched like a deploy.
   */
  ROLLBACK_ALL,
  /**
   * Starts no further service and no further wave; services already deploying finish. Nothing is
   * rolled back beyond what the failed service's deployer does itself ({@link
   * EcsDeployer.Builder#rollbackOnFailure(boolean)}).
   */
  STOP,
  /** Deploys every service of every wave, whatever fails. */
  CONTINUE
}
