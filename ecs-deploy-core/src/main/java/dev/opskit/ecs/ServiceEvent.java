package dev.opskit.ecs;

import java.time.Instant;
import java.util.Objects;

/**
 * One ECS service event, such as {@code (service web) has reached a steady state.}
 *
 * @param createdAt when ECS recorded it
 * @param message the message
 */
public record ServiceEvent(Instant createdAt, String message) {
  /** Checks the parts. */
  public ServiceEvent {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Returns the event as one line.
   *
   * @return {@code <time> <message>}
   */
  @Override
  public String toString() {
    return createdAt + " " + message;
  }
}
