package dev.opskit.ecs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a deployment did not succeed, with everything needed to explain why: the kind of
 * failure, ECS's reason, the recent service events, the stopped tasks' reasons and exit codes, and
 * whether the service is back on the revision it ran before (read from the service, not assumed).
 *
 * <p>When an error ended the watch ({@link FailureKind#WATCH_FAILED}, or a timeout while ECS could
 * not be reached), that error is the {@linkplain #getCause() cause}. Errors met while rolling back
 * are {@linkplain #getSuppressed() suppressed} exceptions of this one and {@link
 * #rollbackProblem()} says what they meant; they never replace it.
 *
 * <p>For a deployment the service-deployments API knows (every ECS-native one, and a rolling one
 * where the API answered), {@link #serviceDeployment()} holds what ECS said: the final status, the
 * lifecycle stage, {@link #failedHooks()} and {@link #triggeredAlarms()}.
 */
public class DeploymentFailedException extends EcsDeployException {
  private static final long serialVersionUID = 1L;

  private final FailureKind kind;
  private final String service;
  private final String taskDefinitionArn;
  private final String previousTaskDefinitionArn;
  private final String reason;
  private final List<ServiceEvent> events;
  private final List<StoppedTask> stoppedTasks;
  private final boolean rolledBack;
  private final @Nullable String rollbackProblem;
  private final @Nullable ServiceDeploymentFacts serviceDeployment;

  /**
   * Creates the exception; the message is built from the facts.
   *
   * @param kind why it failed
   * @param service {@code cluster/service}
   * @param taskDefinitionArn the revision that was deployed
   * @param previousTaskDefinitionArn the revision the service ran before, the rollback target
   * @param reason ECS's or the deployer's reason
   * @param events recent service events, newest first
   * @param stoppedTasks stopped tasks of the deployed revision, newest first
   * @param rolledBack whether the service runs the previous revision again at its desired count
   * @param rollbackProblem why a rollback did not succeed, or {@code null}
   */
  public DeploymentFailedException(
      FailureKind kind,
      String service,
      String taskDefinitionArn,
      String previousTaskDefinitionArn,
      String reason,
      List<ServiceEvent> events,
      List<StoppedTask> stoppedTasks,
      boolean rolledBack,
      @Nullable String rollbackProblem) {
    this(
        kind,
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
   * Creates the exception with what the service-deployments API said; the message is built from the
   * facts.
   *
   * @param kind why it failed
   * @param service {@code cluster/service}
   * @param taskDefinitionArn the revision that was deployed
   * @param previousTaskDefinitionArn the revision the service ran before, the rollback target
   * @param reason ECS's or the deployer's reason
   * @param events recent service events, newest first
   * @param stoppedTasks stopped tasks of the deployed revision, newest first
   * @param rolledBack whether the service runs the previous revision again at its desired count
   * @param rollbackProblem why a rollback did not succeed, or {@code null}
   * @param serviceDeployment what ECS said about the service deployment, or {@code null}
   */
  public DeploymentFailedException(
      FailureKind kind,
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
        message(
            kind,
            service,
            taskDefinitionArn,
            previousTaskDefinitionArn,
            reason,
            events,
            stoppedTasks,
            rolledBack,
            rollbackProblem,
            serviceDeployment));
    this.kind = Objects.requireNonNull(kind, "kind");
    this.service = service;
    this.taskDefinitionArn = taskDefinitionArn;
    this.previousTaskDefinitionArn = previousTaskDefinitionArn;
    this.reason = reason;
    this.events = List.copyOf(events);
    this.stoppedTasks = List.copyOf(stoppedTasks);
    this.rolledBack = rolledBack;
    this.rollbackProblem = rollbackProblem;
    this.serviceDeployment = serviceDeployment;
  }

  private static String message(
      FailureKind kind,
      String service,
      String taskDefinitionArn,
      String previousTaskDefinitionArn,
      String reason,
      List<ServiceEvent> events,
      List<StoppedTask> stoppedTasks,
      boolean rolledBack,
      @Nullable String rollbackProblem,
      @Nullable ServiceDeploymentFacts serviceDeployment) {
    StringBuilder b =
        new StringBuilder("deploy of ")
            .append(shortName(taskDefinitionArn))
            .append(" to ")
            .append(service)
            .append(" failed (")
            .append(kind)
            .append("): ")
            .append(reason);
    if (rolledBack) {
      b.append("; the service runs ").append(shortName(previousTaskDefinitionArn)).append(" again");
    } else if (rollbackProblem != null) {
      b.append("; rollback to ")
          .append(shortName(previousTaskDefinitionArn))
          .append(" failed: ")
          .append(rollbackProblem);
    }
    if (serviceDeployment != null) {
      b.append("\nservice deployment: ").append(serviceDeployment);
    }
    if (!stoppedTasks.isEmpty()) {
      b.append("\nstopped tasks:");
      stoppedTasks.stream().limit(5).forEach(t -> b.append("\n  ").append(t));
    }
    if (!events.isEmpty()) {
      b.append("\nrecent service events:");
      events.stream().limit(10).forEach(e -> b.append("\n  ").append(e));
    }
    return b.toString();
  }

  private static String shortName(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  /**
   * Returns why the deployment failed.
   *
   * @return the kind
   */
  public FailureKind kind() {
    return kind;
  }

  /**
   * Returns the service, as {@code cluster/service}.
   *
   * @return the service
   */
  public String service() {
    return service;
  }

  /**
   * Returns the revision that was deployed.
   *
   * @return its ARN
   */
  public String taskDefinitionArn() {
    return taskDefinitionArn;
  }

  /**
   * Returns the revision the service ran before the deploy: the rollback target.
   *
   * @return its ARN
   */
  public String previousTaskDefinitionArn() {
    return previousTaskDefinitionArn;
  }

  /**
   * Returns ECS's or the deployer's reason.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }

  /**
   * Returns the service events since the deploy started, newest first.
   *
   * @return the events
   */
  public List<ServiceEvent> events() {
    return events;
  }

  /**
   * Returns the stopped tasks of the deployed revision, newest first, with reasons and exit codes.
   *
   * @return the tasks
   */
  public List<StoppedTask> stoppedTasks() {
    return stoppedTasks;
  }

  /**
   * Tells whether the service runs the previous revision again at its desired count, as read from
   * the service when the deploy ended: its only deployment runs that revision, has completed, and
   * runs the desired count.
   *
   * @return true after a completed rollback (ECS's circuit breaker, the deployer's, or someone
   *     else's)
   */
  public boolean rolledBack() {
    return rolledBack;
  }

  /**
   * Returns why a rollback did not succeed, when one was attempted.
   *
   * @return the problem, or {@code null}
   */
  public @Nullable String rollbackProblem() {
    return rollbackProblem;
  }

  /**
   * Returns what ECS's service-deployments API said about the deployment when the deploy ended.
   *
   * @return the facts; empty where the API did not answer (a rolling update in a partition without
   *     it)
   */
  public Optional<ServiceDeploymentFacts> serviceDeployment() {
    return Optional.ofNullable(serviceDeployment);
  }

  /**
   * Returns the lifecycle hooks that failed or timed out ({@link FailureKind#HOOK_FAILED}).
   *
   * @return the hooks, with their stage; empty when none did
   */
  public List<ServiceDeploymentFacts.FailedHook> failedHooks() {
    return serviceDeployment == null ? List.of() : serviceDeployment.failedHooks();
  }

  /**
   * Returns the CloudWatch alarms that went off during the deployment ({@link FailureKind#ALARM}).
   *
   * @return the alarm names; empty when none did
   */
  public List<String> triggeredAlarms() {
    return serviceDeployment == null ? List.of() : serviceDeployment.triggeredAlarms();
  }
}
