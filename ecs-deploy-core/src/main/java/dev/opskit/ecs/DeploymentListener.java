package dev.opskit.ecs;

import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Receives a deploy's progress as it happens: in order, {@link DeploymentEvent.Planned}, {@link
 * DeploymentEvent.Registered}, {@link DeploymentEvent.ServiceUpdated}, then while waiting any
 * number of {@link DeploymentEvent.ServiceEventReceived}, {@link DeploymentEvent.TaskCounts},
 * {@link DeploymentEvent.RolloutStateChanged}, for ECS-native strategies {@link
 * DeploymentEvent.ServiceDeploymentStatusChanged}, {@link DeploymentEvent.StageReached} and {@link
 * DeploymentEvent.HookAwaitingAction}, {@link DeploymentEvent.Throttled} and {@link
 * DeploymentEvent.Retrying} (the last two may also come earlier, whenever a call is retried), and
 * finally either {@link DeploymentEvent.Succeeded} (then {@link DeploymentEvent.Deregistered} and
 * {@link DeploymentEvent.ImagePromoted} for housekeeping) or {@link DeploymentEvent.Failed} (then
 * {@link DeploymentEvent.RollbackStarted}, {@link DeploymentEvent.ServiceDeploymentStatusChanged}
 * while ECS rolls an ECS-native deployment back, and {@link DeploymentEvent.RollbackFinished} when
 * rolling back).
 *
 * <p>Listeners run on the deploying thread and must be fast. An exception a listener throws is
 * logged at WARN and otherwise ignored: a listener never changes the outcome.
 */
@FunctionalInterface
public interface DeploymentListener {
  /** A listener that ignores every event. */
  DeploymentListener NONE = event -> {};

  /**
   * Receives one event.
   *
   * @param event the event
   */
  void onEvent(DeploymentEvent event);

  /**
   * Returns a listener that passes each event to every given listener in turn; one that throws does
   * not keep the event from the others.
   *
   * @param listeners the listeners
   * @return the combined listener
   */
  static DeploymentListener composite(DeploymentListener... listeners) {
    List<DeploymentListener> all = List.of(listeners);
    return event -> {
      for (DeploymentListener l : all) {
        try {
          l.onEvent(event);
        } catch (RuntimeException e) {
          LoggerFactory.getLogger(DeploymentListener.class)
              .warn("Deployment listener failed on {}; carrying on", event, e);
        }
      }
    };
  }
}
