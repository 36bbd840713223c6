package dev.opskit.testing.ecs;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One task of a fake service. Guarded by the FakeEcs lock. */
final class FakeTask {
  final String arn;
  final String taskDefinition;
  final String deploymentId;
  final String image;
  final String containerName;
  final Instant createdAt;
  final Instant startsAt;
  String lastStatus = "PENDING";
  String desiredStatus = "RUNNING";
  @Nullable Instant startedAt;
  @Nullable Instant stoppedAt;
  @Nullable String stoppedReason;
  @Nullable String stopCode;
  @Nullable Integer exitCode;
  @Nullable String containerReason;

  FakeTask(
      String arn,
      String taskDefinition,
      String deploymentId,
      String containerName,
      String image,
      Instant createdAt,
      Instant startsAt) {
    this.arn = arn;
    this.taskDefinition = taskDefinition;
    this.deploymentId = deploymentId;
    this.containerName = containerName;
    this.image = image;
    this.createdAt = createdAt;
    this.startsAt = startsAt;
  }

  boolean isStopped() {
    return lastStatus.equals("STOPPED");
  }

  boolean isRunning() {
    return lastStatus.equals("RUNNING");
  }

  void stop(Instant now, String reason, @Nullable String code, @Nullable Integer exit) {
    lastStatus = "STOPPED";
    desiredStatus = "STOPPED";
    stoppedAt = now;
    stoppedReason = reason;
    stopCode = code;
    exitCode = exit;
  }
}
