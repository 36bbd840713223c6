package dev.opskit.ecs;

import dev.opskit.ecs.taskdef.TaskDefinitionCopy;
import dev.opskit.ecs.taskdef.TaskDefinitionDiff;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * What a deploy would do, computed without changing anything: the service, the revision it runs now
 * (the rollback target), the new definition and a readable diff between the two.
 */
public final class DeploymentPlan {
  private final String cluster;
  private final String service;
  private final String previousTaskDefinitionArn;
  private final RegisterTaskDefinitionRequest taskDefinition;
  private final TaskDefinitionDiff diff;
  private final List<String> checkedImages;

  DeploymentPlan(
      String cluster,
      String service,
      String previousTaskDefinitionArn,
      RegisterTaskDefinitionRequest taskDefinition,
      TaskDefinitionDiff diff,
      List<String> checkedImages) {
    this.cluster = cluster;
    this.service = service;
    this.previousTaskDefinitionArn = previousTaskDefinitionArn;
    this.taskDefinition = Objects.requireNonNull(taskDefinition, "taskDefinition");
    this.diff = diff;
    this.checkedImages = List.copyOf(checkedImages);
  }

  /**
   * Returns the cluster.
   *
   * @return the cluster name or ARN, as given
   */
  public String cluster() {
    return cluster;
  }

  /**
   * Returns the service.
   *
   * @return the service name or ARN, as given
   */
  public String service() {
    return service;
  }

  /**
   * Returns the revision the service runs now, which a rollback returns to.
   *
   * @return its ARN
   */
  public String previousTaskDefinitionArn() {
    return previousTaskDefinitionArn;
  }

  /**
   * Returns the definition that would be registered.
   *
   * @return the registration request
   */
  public RegisterTaskDefinitionRequest taskDefinition() {
    return taskDefinition;
  }

  /**
   * Returns the new definition as JSON in the register shape.
   *
   * @return pretty-printed JSON
   */
  public String taskDefinitionJson() {
    return TaskDefinitionCopy.toJson(taskDefinition);
  }

  /**
   * Returns what changes against the running revision.
   *
   * @return the diff
   */
  public TaskDefinitionDiff diff() {
    return diff;
  }

  /**
   * Returns the ECR images that were checked to exist.
   *
   * @return the images, as deployed
   */
  public List<String> checkedImages() {
    return checkedImages;
  }

  /**
   * Returns a summary: service, rollback target and the diff.
   *
   * @return the summary
   */
  @Override
  public String toString() {
    return "deploy to "
        + cluster
        + "/"
        + service
        + " (now "
        + previousTaskDefinitionArn.substring(previousTaskDefinitionArn.lastIndexOf('/') + 1)
        + ")\n"
        + diff;
  }
}
