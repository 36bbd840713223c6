package dev.opskit.ecs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Shares throttling across a deployment group: once a member's call of an operation is throttled,
 * every member waits out that backoff before it calls the same operation, instead of the others
 * going on calling an API that has just said "slow down". ECS throttles each kind of operation with
 * a token bucket of its own per account and region (RegisterTaskDefinition's is small, so a
 * 30-service group is throttled there first), so one operation's throttling never holds up another.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class ThrottleGate {
  private final Map<String, Instant> quietUntil = new HashMap<>();

  /**
   * Records that the API asked for quiet on an operation until a moment; a later moment already
   * recorded stays.
   *
   * @param operation the throttled operation, such as {@code RegisterTaskDefinition}
   * @param until when calls of it may start again
   */
  public synchronized void quietUntil(String operation, Instant until) {
    quietUntil.merge(operation, until, (a, b) -> a.isAfter(b) ? a : b);
  }

  /**
   * Returns how long a call of an operation about to start must wait.
   *
   * @param operation the operation
   * @param now the current time
   * @return the wait, zero when the group may call it
   */
  public synchronized Duration waitAt(String operation, Instant now) {
    Instant until = quietUntil.get(operation);
    return until != null && now.isBefore(until) ? Duration.between(now, until) : Duration.ZERO;
  }
}
