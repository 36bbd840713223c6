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
  boolean circuitBreaker;
  boolean rollback;
  @Nullable String lastCompletedTaskDefinition;

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

  FakeService(String cluster, String name, String arn, String taskDefinition, int desiredCount) {
    this.cluster = cluster;
    this.name = name;
    this.arn = arn;
    this.taskDefinition = taskDefinition;
    this.desiredCount = desiredCount;
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

    /** The service-deployments API status. */
    String serviceDeploymentStatus = "IN_PROGRESS";

    @Nullable String serviceDeploymentReason;
    @Nullable Instant finishedAt;
    @Nullable String circuitBreakerStatus;
    int threshold;
    boolean isRollback;
    @Nullable Deployment rolledBackFrom;

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
    }
  }

  /** A service event. */
  record Event(String id, Instant createdAt, String message) {}
}
