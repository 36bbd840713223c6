package dev.opskit.ecs;

/**
 * Receives a group deploy's progress: for each wave {@link GroupDeploymentEvent.WaveStarted}, then
 * each service's own events as {@link GroupDeploymentEvent.ServiceProgress} (in the order {@link
 * DeploymentListener} documents) and its {@link GroupDeploymentEvent.ServiceFinished}; {@link
 * GroupDeploymentEvent.PollBackedOff} whenever ECS throttled or failed a poll of the group; with
 * {@link GroupFailurePolicy#ROLLBACK_ALL} after a failure, {@link
 * GroupDeploymentEvent.GroupRollbackStarted} and then the rolled-back services' events.
 *
 * <p>Events come from the threads that deploy the services, one at a time: the group never calls
 * the listener from two threads at once. Listeners must be fast; one that throws is logged at WARN
 * and otherwise ignored.
 */
@FunctionalInterface
public interface GroupDeploymentListener {
  /** A listener that ignores every event. */
  GroupDeploymentListener NONE = event -> {};

  /**
   * Receives one event.
   *
   * @param event the event
   */
  void onEvent(GroupDeploymentEvent event);
}
