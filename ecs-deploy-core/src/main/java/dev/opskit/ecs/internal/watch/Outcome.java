package dev.opskit.ecs.internal.watch;

import dev.opskit.ecs.FailureKind;
import dev.opskit.ecs.ServiceDeploymentFacts;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * How watching one deployment ended.
 *
 * <p>Internal to opskit; may change in any release.
 *
 * @param failure why it failed, or {@code null} on success
 * @param reason ECS's or the watcher's explanation
 * @param service the last service snapshot, or {@code null} when ECS never answered
 * @param serviceDeploymentArn the service deployment that confirmed it, when known
 * @param error the error that ended the watch ({@link FailureKind#WATCH_FAILED}, or a {@link
 *     FailureKind#TIMEOUT} while calls kept failing), or {@code null}
 * @param facts what the service-deployments API said, or {@code null}
 * @param ecsRollsBack true when ECS is rolling the deployment back by itself, which the deployer
 *     waits for even without {@code rollbackOnFailure}
 */
public record Outcome(
    @Nullable FailureKind failure,
    String reason,
    @Nullable Service service,
    @Nullable String serviceDeploymentArn,
    @Nullable Throwable error,
    @Nullable ServiceDeploymentFacts facts,
    boolean ecsRollsBack) {

  /**
   * Returns an outcome without service-deployment facts.
   *
   * @param failure why it failed, or {@code null} on success
   * @param reason the explanation
   * @param service the last snapshot, or {@code null}
   * @param serviceDeploymentArn the service deployment, or {@code null}
   * @param error the error that ended the watch, or {@code null}
   */
  public Outcome(
      @Nullable FailureKind failure,
      String reason,
      @Nullable Service service,
      @Nullable String serviceDeploymentArn,
      @Nullable Throwable error) {
    this(failure, reason, service, serviceDeploymentArn, error, null, false);
  }

  /**
   * Returns a success.
   *
   * @param reason ECS's words
   * @param service the snapshot that shows it
   * @param serviceDeploymentArn the confirming service deployment, or {@code null}
   * @return the outcome
   */
  public static Outcome success(
      String reason, Service service, @Nullable String serviceDeploymentArn) {
    return new Outcome(null, reason, service, serviceDeploymentArn, null);
  }

  /**
   * Returns a failure seen in ECS's state.
   *
   * @param kind why
   * @param reason the details
   * @param service the snapshot that shows it, or {@code null}
   * @return the outcome
   */
  public static Outcome failure(FailureKind kind, String reason, @Nullable Service service) {
    return new Outcome(kind, reason, service, null, null);
  }

  /**
   * Returns the failure of a watch that an error ended.
   *
   * @param error the error
   * @param service the last snapshot, or {@code null}
   * @return the outcome, {@link FailureKind#WATCH_FAILED}
   */
  public static Outcome error(Throwable error, @Nullable Service service) {
    String what = error.getMessage() != null ? error.getMessage() : error.toString();
    return new Outcome(
        FailureKind.WATCH_FAILED,
        "the deployment could not be followed to its end: " + what,
        service,
        null,
        error);
  }

  /**
   * Tells whether the deployment succeeded.
   *
   * @return true on success
   */
  public boolean succeeded() {
    return failure == null;
  }
}
