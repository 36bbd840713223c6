package dev.opskit.ecs;

import java.time.Duration;

/**
 * How the deployer waits between polls; tests and simulations replace it to move a virtual clock
 * instead of sleeping.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the calling thread with {@link Thread#sleep(long)}. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  /**
   * Waits for the given time.
   *
   * @param duration how long
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
