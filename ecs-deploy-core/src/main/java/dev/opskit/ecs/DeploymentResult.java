package dev.opskit.ecs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A deployment that really succeeded: our deployment completed (for BLUE_GREEN, LINEAR and CANARY:
 * its service deployment is SUCCESSFUL, after the bake), the PRIMARY deployment runs our revision
 * and the service runs its desired count.
 */
public final class DeploymentResult {
  private final String taskDefinitionArn;
  private final String previousTaskDefinitionArn;
  private final String deploymentId;
  private final @Nullable String serviceDeploymentArn;
  private final Instant startedAt;
  private final Instant finishedAt;
  private final int runningCount;
  private final int polls;
  private final List<String> deregistered;
  private final List<String> promotedImages;

  DeploymentResult(
      String taskDefinitionArn,
      String previousTaskDefinitionArn,
      String deploymentId,
      @Nullable String serviceDeploymentArn,
      Instant startedAt,
      Instant finishedAt,
      int runningCount,
      int polls,
      List<String> deregistered,
      List<String> promotedImages) {
    this.taskDefinitionArn = Objects.requireNonNull(taskDefinitionArn);
    this.previousTaskDefinitionArn = previousTaskDefinitionArn;
    this.deploymentId = deploymentId;
    this.serviceDeploymentArn = serviceDeploymentArn;
    this.startedAt = startedAt;
    this.finishedAt = finishedAt;
    this.runningCount = runningCount;
    this.polls = polls;
    this.deregistered = List.copyOf(deregistered);
    this.promotedImages = List.copyOf(promotedImages);
  }

  /**
   * Returns the revision the service runs now.
   *
   * @return its ARN
   */
  public String taskDefinitionArn() {
    return taskDefinitionArn;
  }

  /**
   * Returns the revision the service ran before.
   *
   * @return its ARN
   */
  public String previousTaskDefinitionArn() {
    return previousTaskDefinitionArn;
  }

  /**
   * Returns the id of the deployment our {@code UpdateService} created.
   *
   * @return such as {@code ecs-svc/1234567890123456789}
   */
  public String deploymentId() {
    return deploymentId;
  }

  /**
   * Returns the service deployment that confirmed the success, where the service-deployments API
   * exists.
   *
   * @return its ARN, or empty where the API is not available
   */
  public Optional<String> serviceDeploymentArn() {
    return Optional.ofNullable(serviceDeploymentArn);
  }

  /**
   * Returns when the deploy started.
   *
   * @return the instant, from the deployer's clock
   */
  public Instant startedAt() {
    return startedAt;
  }

  /**
   * Returns when success was confirmed.
   *
   * @return the instant, from the deployer's clock
   */
  public Instant finishedAt() {
    return finishedAt;
  }

  /**
   * Returns how long the deploy took.
   *
   * @return from start to confirmed success
   */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  /**
   * Returns the number of tasks running at the end.
   *
   * @return the running count, equal to the desired count
   */
  public int runningCount() {
    return runningCount;
  }

  /**
   * Returns how many times the service was polled.
   *
   * @return the number of {@code DescribeServices} polls while waiting
   */
  public int polls() {
    return polls;
  }

  /**
   * Returns the old revisions housekeeping deregistered.
   *
   * @return their ARNs
   */
  public List<String> deregistered() {
    return deregistered;
  }

  /**
   * Returns the images that got the promotion tag.
   *
   * @return the images under their new tag
   */
  public List<String> promotedImages() {
    return promotedImages;
  }

  /**
   * Returns a one-line summary.
   *
   * @return the summary
   */
  @Override
  public String toString() {
    return "deployed "
        + taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1)
        + " ("
        + deploymentId
        + ", "
        + runningCount
        + " running) in "
        + duration().toSeconds()
        + " s after "
        + polls
        + " polls";
  }
}
