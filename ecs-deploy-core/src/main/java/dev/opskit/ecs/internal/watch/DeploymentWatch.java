package dev.opskit.ecs.internal.watch;

import dev.opskit.ecs.internal.StrategyConfig;
import java.time.Instant;

/**
 * Follows the deployment one {@code UpdateService} started until it has really succeeded or has
 * failed, and undoes it after a failure: one implementation per deployment strategy. The rolling
 * update is {@link RollingWatch}; the ECS-native strategies (blue/green, linear, canary) are {@link
 * NativeWatch}, chosen in {@link #of} from the strategy the deployment runs.
 *
 * <p>Contract for implementations: transient errors are retried until the deadline and never end a
 * watch early; a watch that runs out of time returns a {@code TIMEOUT} outcome; anything else
 * unexpected is thrown, and the deployer treats it as a failure that it rolls back. {@link
 * #rollBack} never throws: what went wrong is in its result.
 *
 * <p>Internal to opskit; may change in any release.
 */
public interface DeploymentWatch {

  /**
   * Returns the watch for a deployment strategy.
   *
   * @param service the deploy's service
   * @param strategy ECS's name of the strategy the deployment runs, such as {@code BLUE_GREEN}
   * @return the watch
   */
  static DeploymentWatch of(WatchedService service, String strategy) {
    return strategy.equals(StrategyConfig.ROLLING)
        ? new RollingWatch(service)
        : new NativeWatch(service);
  }

  /**
   * Waits until the target deployment succeeded or failed, or the deadline passed.
   *
   * @param target the deployment
   * @param deadline when to give up with a {@code TIMEOUT} outcome
   * @return the outcome, explained as far as ECS tells
   * @throws RuntimeException when an error that is not transient ends the watch
   */
  Outcome watch(WatchTarget target, Instant deadline);

  /**
   * Brings the service back to the revision it ran before the failed deployment and waits for it;
   * whether it got there is checked against the service itself before it is reported.
   *
   * @param failed the deployment that failed
   * @param failure how it failed
   * @param deadline when to stop waiting
   * @return what happened; never throws
   */
  RollbackResult rollBack(WatchTarget failed, Outcome failure, Instant deadline);
}
