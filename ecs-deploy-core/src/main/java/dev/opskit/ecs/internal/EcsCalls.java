package dev.opskit.ecs.internal;

import dev.opskit.ecs.DeploymentEvent;
import dev.opskit.ecs.EcsDeployException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one deploy talks to AWS, to the listener and to time: each call is named, transient errors
 * are retried with a jittered, doubling wait (1 s, 2 s, 4 s... up to {@code maxPollInterval}) until
 * a deadline (in a deployment group, a throttled operation makes every member's next call of it
 * wait too: see {@link ThrottleGate}), waits go through the configured sleeper and time comes from
 * the configured clock, so virtual time drives every wait in tests.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class EcsCalls {
  private static final Logger LOG = LoggerFactory.getLogger(EcsCalls.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  private final DeploySettings settings;

  /**
   * Creates the calls of one deploy.
   *
   * @param settings the deployer's settings
   */
  public EcsCalls(DeploySettings settings) {
    this.settings = settings;
  }

  /**
   * Returns the settings.
   *
   * @return the settings
   */
  public DeploySettings settings() {
    return settings;
  }

  /**
   * Makes a call, retrying transient errors until the deadline; the first attempt is always made.
   *
   * @param operation the operation, for events and messages
   * @param call the SDK call
   * @param deadline no retry starts after it
   * @param <T> the response type
   * @return the response
   * @throws CallFailedException when the error is not transient, or still there at the deadline
   */
  public <T> T call(String operation, Supplier<T> call, Instant deadline) {
    return retrying(() -> once(operation, call), deadline);
  }

  /**
   * Runs calls made with {@link #once} as one unit, repeating the unit while a call in it fails
   * with a transient error and time remains.
   *
   * @param attempt the unit
   * @param deadline no retry starts after it
   * @param <T> the result type
   * @return the result
   * @throws CallFailedException when the error is not transient, or still there at the deadline
   */
  public <T> T retrying(Supplier<T> attempt, Instant deadline) {
    Duration backoff = FIRST_RETRY;
    while (true) {
      try {
        return attempt.get();
      } catch (CallFailedException e) {
        if (!e.isTransient()) {
          throw e;
        }
        Duration wait = jittered(backoff);
        if (!now().plus(wait).isBefore(deadline)) {
          throw e;
        }
        reportRetry(e, wait);
        ThrottleGate gate = settings.get(DeploySettings.THROTTLE_GATE);
        if (gate != null && e.isThrottling()) {
          gate.quietUntil(e.operation(), now().plus(wait)); // the group waits with this member
        }
        sleep(wait);
        Duration doubled = backoff.multipliedBy(2);
        Duration max = settings.get(DeploySettings.MAX_POLL_INTERVAL);
        backoff = doubled.compareTo(max) > 0 ? max : doubled;
      }
    }
  }

  /**
   * Makes a call once, naming it in what it throws.
   *
   * @param operation the operation
   * @param call the SDK call
   * @param <T> the response type
   * @return the response
   * @throws CallFailedException wrapping anything the call throws, except an {@link
   *     EcsDeployException}: that one already says what went wrong and passes unchanged
   */
  public <T> T once(String operation, Supplier<T> call) {
    ThrottleGate gate = settings.get(DeploySettings.THROTTLE_GATE);
    if (gate != null) {
      Duration quiet = gate.waitAt(operation, now());
      if (!quiet.isZero()) {
        LOG.debug("{} of {} waits {}: the group was throttled", operation, settings.where(), quiet);
        sleep(quiet);
      }
    }
    try {
      return call.get();
    } catch (EcsDeployException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CallFailedException(operation, e);
    }
  }

  /**
   * Tells the listener that a call failed with a transient error and will be retried.
   *
   * @param e the failure
   * @param wait the wait before the next attempt
   */
  public void reportRetry(CallFailedException e, Duration wait) {
    LOG.warn("{}; next attempt in {}", e.getMessage(), wait);
    emit(
        e.isThrottling()
            ? new DeploymentEvent.Throttled(e.operation(), wait)
            : new DeploymentEvent.Retrying(e.operation(), e.getMessage(), wait));
  }

  /**
   * Passes an event to the listener; a listener that throws is logged and otherwise ignored.
   *
   * @param event the event
   */
  public void emit(DeploymentEvent event) {
    try {
      settings.get(DeploySettings.LISTENER).onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("Deployment listener failed on {}; carrying on", event, e);
    }
  }

  /**
   * Returns the current time.
   *
   * @return now, on the configured clock
   */
  public Instant now() {
    return settings.get(DeploySettings.CLOCK).instant();
  }

  /**
   * Waits.
   *
   * @param duration how long
   * @throws EcsDeployException with an {@link InterruptedException} cause when interrupted (the
   *     thread's interrupt flag is set again)
   */
  public void sleep(Duration duration) {
    try {
      settings.get(DeploySettings.SLEEPER).sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EcsDeployException("interrupted while deploying to " + settings.where(), e);
    }
  }

  /**
   * Varies a wait at random by up to the configured jitter.
   *
   * @param d the wait
   * @return the varied wait, at least 1 ms
   */
  public Duration jittered(Duration d) {
    double jitter = settings.get(DeploySettings.POLL_JITTER);
    if (jitter == 0) {
      return d;
    }
    double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter;
    return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
  }
}
