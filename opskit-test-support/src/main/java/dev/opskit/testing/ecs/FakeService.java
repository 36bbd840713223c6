package dev.opskit.testing.ecs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The fake's state for one ECS service. Guarded by the FakeEcs lock. */
final class FakeService {
  final String cluster;
  final String name;
  final String arn;
  int desiredCount;
  String taskDefinition;
  DeploymentConfig config;

  /** {@code deploymentController.type}: ECS, CODE_DEPLOY or EXTERNAL. */
  String controller = "ECS";

  @Nullable String lastCompletedTaskDefinition;

  /** How many of the next rollbacks end in ROLLBACK_FAILED ({@link FakeEcs#rollbackFails}). */
  int rollbackFailures;

  /** PRIMARY first. */
  final List<Deployment> deployments = new ArrayList<>();

  /** Newest first, as DescribeServices returns them. */
  final List<Event> events = new ArrayList<>();

  final List<FakeTask> tasks = new ArrayList<>();
  final List<Instant> taskFailures = new ArrayList<>();
  @Nullable Instant circuitBreakerTrippedAt;

  /** A circuit-breaker rollback waiting for its delay, and when it starts. */
  @Nullable Deployment pendingRollback;

  @Nullable Instant pendingRollbackAt;

  FakeService(
      String cluster,
      String name,
      String arn,
      String taskDefinition,
      int desiredCount,
      DeploymentConfig config) {
    this.cluster = cluster;
    this.name = name;
    this.arn = arn;
    this.taskDefinition = taskDefinition;
    this.desiredCount = desiredCount;
    this.config = config;
  }

  Deployment primary() {
    return deployments.get(0);
  }

  /** One entry of the service's deployments list, plus its service-deployment record. */
  static final class Deployment {
    final String id;
    final String serviceDeploymentArn;
    final String taskDefinition;
    final Instant createdAt;
    final @Nullable String sourceTaskDefinition;
    String status = "PRIMARY";
    int desiredCount;
    int failedTasks;
    String rolloutState = "IN_PROGRESS";
    String rolloutStateReason = "ECS deployment in progress.";
    Instant updatedAt;

    /** The service-deployments API status; change it with {@link #status(String, Instant)}. */
    String serviceDeploymentStatus = "IN_PROGRESS";

    @Nullable String serviceDeploymentReason;
    @Nullable Instant startedAt;
    @Nullable Instant finishedAt;
    @Nullable Instant stoppedAt;
    @Nullable String circuitBreakerStatus;
    int threshold;
    boolean isRollback;
    @Nullable Deployment rolledBackFrom;

    /** The service revision rolled back to, once known. */
    @Nullable String rollbackRevisionArn;

    /** Only for BLUE_GREEN, LINEAR and CANARY deployments; rolling ones report no stage. */
    @Nullable String lifecycleStage;

    /** The ECS-native machine running this deployment, or null for a rolling one. */
    @Nullable NativeDeployment run;

    /** Every status and stage it went through, oldest first. */
    final List<Transition> transitions = new ArrayList<>();

    Deployment(
        String id,
        String serviceDeploymentArn,
        String taskDefinition,
        @Nullable String sourceTaskDefinition,
        int desiredCount,
        Instant now) {
      this.id = id;
      this.serviceDeploymentArn = serviceDeploymentArn;
      this.taskDefinition = taskDefinition;
      this.sourceTaskDefinition = sourceTaskDefinition;
      this.desiredCount = desiredCount;
      this.createdAt = now;
      this.updatedAt = now;
      this.startedAt = now;
      transitions.add(new Transition(now, serviceDeploymentStatus, null));
    }

    /** Moves the service deployment to a status and records the change. */
    void status(String status, Instant now) {
      serviceDeploymentStatus = status;
      transitions.add(new Transition(now, status, lifecycleStage));
    }

    /** Moves an ECS-native deployment to a lifecycle stage and records the change. */
    void stage(String stage, Instant now) {
      lifecycleStage = stage;
      transitions.add(new Transition(now, serviceDeploymentStatus, stage));
    }

    boolean isCompleted() {
      return switch (serviceDeploymentStatus) {
        case "SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED" -> true;
        default -> false;
      };
    }
  }

  /** A service event. */
  record Event(String id, Instant createdAt, String message) {}
}
