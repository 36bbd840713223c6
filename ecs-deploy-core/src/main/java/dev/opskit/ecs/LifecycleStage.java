package dev.opskit.ecs;

import java.util.Optional;

/**
 * The lifecycle stages of an ECS-native deployment (BLUE_GREEN, LINEAR, CANARY), in the order ECS
 * walks them. The order is written down here, not taken from the AWS SDK's enum: ECS adds stages
 * without notice ({@code PRE_PRODUCTION_TRAFFIC_SHIFT} is missing from the SDK's stage enum), so
 * {@link DeploymentEvent.StageReached} carries the stage as ECS spelled it and {@link
 * #fromEcs(String)} tells whether it is one of these.
 *
 * <p>LINEAR and CANARY deployments repeat {@link #PRE_PRODUCTION_TRAFFIC_SHIFT} and {@link
 * #PRODUCTION_TRAFFIC_SHIFT} once per traffic step. Rolling deployments report no stage.
 */
public enum LifecycleStage {
  /** Only when more than one revision is active at the start: ECS settles them first. */
  RECONCILE_SERVICE(true, true),
  /** Before the new (green) tasks start. */
  PRE_SCALE_UP(true, true),
  /** The green tasks start; no hooks run here. */
  SCALE_UP(false, false),
  /** The green tasks run. */
  POST_SCALE_UP(true, true),
  /** Test traffic moves to green. */
  TEST_TRAFFIC_SHIFT(true, false),
  /** Test traffic runs on green. */
  POST_TEST_TRAFFIC_SHIFT(true, true),
  /** Before a production traffic step (once per step). */
  PRE_PRODUCTION_TRAFFIC_SHIFT(true, true),
  /** Production traffic moves (one step of it for LINEAR and CANARY). */
  PRODUCTION_TRAFFIC_SHIFT(true, false),
  /** All production traffic runs on green. */
  POST_PRODUCTION_TRAFFIC_SHIFT(true, true),
  /** Blue and green both run for {@code bakeTimeInMinutes}; ECS can still roll back. */
  BAKE_TIME(false, false),
  /** The old (blue) tasks stop; no hooks run here. */
  CLEAN_UP(false, false);

  private final boolean hooks;
  private final boolean pauseHooks;

  LifecycleStage(boolean hooks, boolean pauseHooks) {
    this.hooks = hooks;
    this.pauseHooks = pauseHooks;
  }

  /**
   * Tells whether lifecycle hooks can run at this stage (ECS refuses them at {@link #SCALE_UP},
   * {@link #BAKE_TIME} and {@link #CLEAN_UP}).
   *
   * @return true when a hook may name this stage
   */
  public boolean acceptsHooks() {
    return hooks;
  }

  /**
   * Tells whether a PAUSE hook can run at this stage (ECS also refuses them at the two traffic
   * shifts, where it re-runs hooks during a rollback).
   *
   * @return true when a PAUSE hook may name this stage
   */
  public boolean acceptsPauseHooks() {
    return pauseHooks;
  }

  /**
   * Returns the stage ECS named, when it is one of these.
   *
   * @param stage the stage as ECS spells it, such as {@code BAKE_TIME}
   * @return the stage, or empty for a stage this version does not know
   */
  public static Optional<LifecycleStage> fromEcs(String stage) {
    for (LifecycleStage s : values()) {
      if (s.name().equals(stage)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
