package dev.opskit.ecs;

import dev.opskit.ecs.taskdef.TaskDefinitionCopy;
import dev.opskit.ecs.taskdef.TaskDefinitionDiff;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * What a deploy would do, computed without changing anything: the service, the revision it runs now
 * (the rollback target), the new definition and a readable diff between the two, and the strategy
 * and lifecycle hooks the deployment will run with.
 */
public final class DeploymentPlan {
  private final String cluster;
  private final String service;
  private final String previousTaskDefinitionArn;
  private final RegisterTaskDefinitionRequest taskDefinition;
  private final TaskDefinitionDiff diff;
  private final List<String> checkedImages;
  private final DeploymentStrategy strategy;
  private final List<LifecycleHook> lifecycleHooks;
  private final @Nullable DeploymentConfiguration deploymentConfiguration;

  DeploymentPlan(
      String cluster,
      String service,
      String previousTaskDefinitionArn,
      RegisterTaskDefinitionRequest taskDefinition,
      TaskDefinitionDiff diff,
      List<String> checkedImages,
      DeploymentStrategy strategy,
      List<LifecycleHook> lifecycleHooks,
      @Nullable DeploymentConfiguration deploymentConfiguration) {
    this.cluster = cluster;
    this.service = service;
    this.previousTaskDefinitionArn = previousTaskDefinitionArn;
    this.taskDefinition = Objects.requireNonNull(taskDefinition, "taskDefinition");
    this.diff = diff;
    this.checkedImages = List.copyOf(checkedImages);
    this.strategy = strategy;
    this.lifecycleHooks = List.copyOf(lifecycleHooks);
    this.deploymentConfiguration = deploymentConfiguration;
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
   * Returns the strategy the deployment will run with: the one set on the builder, or the one the
   * service is configured with; never {@link DeploymentStrategy#keep()}.
   *
   * @return the strategy
   */
  public DeploymentStrategy strategy() {
    return strategy;
  }

  /**
   * Returns the lifecycle hooks the deployment will run (those set on the builder, or the service's
   * own); hooks of the service that this version cannot describe are kept but not listed.
   *
   * @return the hooks; empty for a rolling update
   */
  public List<LifecycleHook> lifecycleHooks() {
    return lifecycleHooks;
  }

  /** The {@code deploymentConfiguration} to send with the new revision, or null to send none. */
  @Nullable DeploymentConfiguration deploymentConfiguration() {
    return deploymentConfiguration;
  }

  /**
   * Returns a summary: service, rollback target, strategy, hooks and the diff.
   *
   * @return the summary
   */
  @Override
  public String toString() {
    StringBuilder b =
        new StringBuilder("deploy to ")
            .append(cluster)
            .append('/')
            .append(service)
            .append(" (now ")
            .append(
                previousTaskDefinitionArn.substring(previousTaskDefinitionArn.lastIndexOf('/') + 1))
            .append(") with ")
            .append(strategy);
    if (deploymentConfiguration == null) {
      b.append(", as configured");
    }
    for (LifecycleHook h : lifecycleHooks) {
      b.append("\n  hook: ").append(h);
    }
    return b.append('\n').append(diff).toString();
  }
}
