package dev.opskit.ecs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One step of a group deploy, delivered to the {@link GroupDeploymentListener}; events about one
 * service carry its name.
 */
public sealed interface GroupDeploymentEvent {

  /**
   * A wave starts.
   *
   * @param wave its number, from 1
   * @param services the services it deploys
   */
  record WaveStarted(int wave, List<String> services) implements GroupDeploymentEvent {
    /**
     * Copies the list.
     *
     * @throws IllegalArgumentException when the wave number is below 1
     */
    public WaveStarted {
      if (wave < 1) {
        throw new IllegalArgumentException("wave must be at least 1");
      }
      services = List.copyOf(services);
    }
  }

  /**
   * An event of one service's deploy or rollback.
   *
   * @param service the service, as its deployer names it
   * @param event the event
   */
  record ServiceProgress(String service, DeploymentEvent event) implements GroupDeploymentEvent {
    /** Checks the parts. */
    public ServiceProgress {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * A service's part of the group deploy is over (deployed, failed, not started, rolled back).
   *
   * @param outcome what happened
   */
  record ServiceFinished(ServiceOutcome outcome) implements GroupDeploymentEvent {
    /** Checks the outcome. */
    public ServiceFinished {
      Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * Returns the service's name.
     *
     * @return the name
     */
    public String service() {
      return outcome.service();
    }
  }

  /**
   * A poll round of the group failed with a transient error (such as ECS throttling), and the next
   * one waits longer: one backoff for the whole group, not one per service.
   *
   * @param throttled whether ECS throttled the poll
   * @param reason the error
   * @param nextRoundIn the wait before the next round
   */
  record PollBackedOff(boolean throttled, String reason, Duration nextRoundIn)
      implements GroupDeploymentEvent {
    /** Checks the parts. */
    public PollBackedOff {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(nextRoundIn, "nextRoundIn");
    }
  }

  /**
   * With {@link GroupFailurePolicy#ROLLBACK_ALL}, a service failed and the services that deployed
   * successfully go back to their previous revisions now.
   *
   * @param failed the first service that failed
   * @param services the services being rolled back
   */
  record GroupRollbackStarted(String failed, List<String> services)
      implements GroupDeploymentEvent {
    /** Copies the list. */
    public GroupRollbackStarted {
      Objects.requireNonNull(failed, "failed");
      services = List.copyOf(services);
    }
  }
}
