package dev.opskit.ecs;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * How ECS moves a service to the new revision ({@code deploymentConfiguration.strategy}), with its
 * parameters, checked against the ranges ECS documents when the value is created.
 *
 * <pre>{@code
 * EcsDeployer.builder()...
 *     .strategy(DeploymentStrategy.blueGreen(Duration.ofMinutes(10)))
 *     .strategy(DeploymentStrategy.linear(25.0, Duration.ofMinutes(2), Duration.ofMinutes(5)))
 *     .strategy(DeploymentStrategy.canary(10.0, Duration.ofMinutes(5), Duration.ofMinutes(10)))
 * }</pre>
 *
 * <p>The default, {@link #keep()}, deploys with whatever strategy the service is configured with.
 * Another strategy is sent in the same {@code UpdateService} as the new task definition (a change
 * of {@code deploymentConfiguration} alone starts no deployment), and stays the service's strategy
 * afterwards. Bake times are whole minutes, as ECS takes them.
 */
public sealed interface DeploymentStrategy
    permits DeploymentStrategy.Keep,
        DeploymentStrategy.Rolling,
        DeploymentStrategy.BlueGreen,
        DeploymentStrategy.Linear,
        DeploymentStrategy.Canary {

  /** The longest bake time ECS accepts: 1440 minutes (24 hours). */
  Duration MAX_BAKE_TIME = Duration.ofMinutes(1440);

  /**
   * Returns the strategy that keeps what the service is configured with (the default).
   *
   * @return the strategy
   */
  static DeploymentStrategy keep() {
    return new Keep();
  }

  /**
   * Returns the rolling update: ECS replaces tasks within {@code minimumHealthyPercent} and {@code
   * maximumPercent}.
   *
   * @return the strategy
   */
  static DeploymentStrategy rolling() {
    return new Rolling();
  }

  /**
   * Returns ECS's blue/green deployment: the new (green) tasks start beside the old (blue) ones,
   * take test then all production traffic at once, and both run for the bake time before blue
   * stops.
   *
   * @param bakeTime how long both revisions run after production traffic moved, 0 to 1440 minutes
   * @return the strategy
   * @throws IllegalArgumentException when the bake time is not whole minutes in that range
   */
  static BlueGreen blueGreen(Duration bakeTime) {
    return new BlueGreen(bakeTime);
  }

  /**
   * Returns ECS's linear deployment: production traffic moves to green in equal steps.
   *
   * @param stepPercent the traffic each step moves, a multiple of 0.1 from 3.0 to 100.0
   * @param stepBakeTime the wait after each step but the last, 0 to 1440 minutes
   * @param bakeTime how long both revisions run after all traffic moved, 0 to 1440 minutes
   * @return the strategy
   * @throws IllegalArgumentException when a value is outside ECS's range
   */
  static Linear linear(double stepPercent, Duration stepBakeTime, Duration bakeTime) {
    return new Linear(stepPercent, stepBakeTime, bakeTime);
  }

  /**
   * Returns ECS's canary deployment: a share of production traffic moves to green, then after the
   * canary bake time the rest.
   *
   * @param canaryPercent the canary's share, a multiple of 0.1 from 0.1 to 100.0
   * @param canaryBakeTime the wait with the canary's share, 0 to 1440 minutes
   * @param bakeTime how long both revisions run after all traffic moved, 0 to 1440 minutes
   * @return the strategy
   * @throws IllegalArgumentException when a value is outside ECS's range
   */
  static Canary canary(double canaryPercent, Duration canaryBakeTime, Duration bakeTime) {
    return new Canary(canaryPercent, canaryBakeTime, bakeTime);
  }

  /**
   * Returns the least time a deployment with this strategy takes: its bake times, which ECS waits
   * out whatever happens.
   *
   * @return the sum of the bake times; zero for {@link #keep()} and {@link #rolling()}
   */
  Duration bakeTimes();

  /** Keeps the strategy the service is configured with; {@link EcsDeployer#plan()} shows which. */
  record Keep() implements DeploymentStrategy {
    @Override
    public Duration bakeTimes() {
      return Duration.ZERO;
    }

    /**
     * Returns a description.
     *
     * @return {@code the service's strategy}
     */
    @Override
    public String toString() {
      return "the service's strategy";
    }
  }

  /** The rolling update ({@code ROLLING}). */
  record Rolling() implements DeploymentStrategy {
    @Override
    public Duration bakeTimes() {
      return Duration.ZERO;
    }

    /**
     * Returns the strategy's ECS name.
     *
     * @return {@code ROLLING}
     */
    @Override
    public String toString() {
      return "ROLLING";
    }
  }

  /**
   * ECS's blue/green deployment ({@code BLUE_GREEN}).
   *
   * @param bakeTime how long both revisions run after production traffic moved
   */
  record BlueGreen(Duration bakeTime) implements DeploymentStrategy {
    /** Checks the bake time. */
    public BlueGreen {
      minutes(bakeTime, "bakeTime");
    }

    @Override
    public Duration bakeTimes() {
      return bakeTime;
    }

    /**
     * Returns a description.
     *
     * @return such as {@code BLUE_GREEN (bake 10 min)}
     */
    @Override
    public String toString() {
      return "BLUE_GREEN (bake " + bakeTime.toMinutes() + " min)";
    }
  }

  /**
   * ECS's linear deployment ({@code LINEAR}).
   *
   * @param stepPercent the production traffic each step moves
   * @param stepBakeTime the wait after each step but the last
   * @param bakeTime how long both revisions run after all traffic moved
   */
  record Linear(double stepPercent, Duration stepBakeTime, Duration bakeTime)
      implements DeploymentStrategy {
    /** Checks the values against ECS's ranges. */
    public Linear {
      tenths(stepPercent, 3.0, "stepPercent");
      minutes(stepBakeTime, "stepBakeTime");
      minutes(bakeTime, "bakeTime");
    }

    /**
     * Returns how many traffic steps ECS takes: {@code ceil(100 / stepPercent)}.
     *
     * @return the number of steps
     */
    public int steps() {
      return BigDecimal.valueOf(100)
          .divide(BigDecimal.valueOf(stepPercent), 0, java.math.RoundingMode.CEILING)
          .intValue();
    }

    @Override
    public Duration bakeTimes() {
      return stepBakeTime.multipliedBy(steps() - 1L).plus(bakeTime);
    }

    /**
     * Returns a description.
     *
     * @return such as {@code LINEAR (25.0% every 2 min, bake 5 min)}
     */
    @Override
    public String toString() {
      return "LINEAR ("
          + stepPercent
          + "% every "
          + stepBakeTime.toMinutes()
          + " min, bake "
          + bakeTime.toMinutes()
          + " min)";
    }
  }

  /**
   * ECS's canary deployment ({@code CANARY}).
   *
   * @param canaryPercent the canary's share of production traffic
   * @param canaryBakeTime the wait with the canary's share
   * @param bakeTime how long both revisions run after all traffic moved
   */
  record Canary(double canaryPercent, Duration canaryBakeTime, Duration bakeTime)
      implements DeploymentStrategy {
    /** Checks the values against ECS's ranges. */
    public Canary {
      tenths(canaryPercent, 0.1, "canaryPercent");
      minutes(canaryBakeTime, "canaryBakeTime");
      minutes(bakeTime, "bakeTime");
    }

    @Override
    public Duration bakeTimes() {
      return canaryPercent < 100 ? canaryBakeTime.plus(bakeTime) : bakeTime;
    }

    /**
     * Returns a description.
     *
     * @return such as {@code CANARY (10.0% for 5 min, bake 10 min)}
     */
    @Override
    public String toString() {
      return "CANARY ("
          + canaryPercent
          + "% for "
          + canaryBakeTime.toMinutes()
          + " min, bake "
          + bakeTime.toMinutes()
          + " min)";
    }
  }

  private static void minutes(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()
        || d.compareTo(MAX_BAKE_TIME) > 0
        || d.toSeconds() % 60 != 0
        || d.getNano() != 0) {
      throw new IllegalArgumentException(
          name + " must be whole minutes from 0 to 1440 (24 h), as ECS takes it: " + d);
    }
  }

  private static void tenths(double percent, double min, String name) {
    boolean tenths = Math.abs(percent * 10 - Math.rint(percent * 10)) < 1e-6;
    if (!(percent >= min - 1e-9 && percent <= 100.0 + 1e-9) || !tenths) {
      throw new IllegalArgumentException(
          name + " must be a multiple of 0.1 from " + min + " to 100.0: " + percent);
    }
  }
}
