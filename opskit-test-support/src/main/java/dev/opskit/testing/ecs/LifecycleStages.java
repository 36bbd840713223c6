package dev.opskit.testing.ecs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle stages an ECS-native deployment walks through, in the documented order (developer
 * guide, "lifecycle stages"; the same order ecspresso hard-codes): RECONCILE_SERVICE (only when
 * more than one revision is active at the start), PRE_SCALE_UP, SCALE_UP, POST_SCALE_UP,
 * TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, then PRE_PRODUCTION_TRAFFIC_SHIFT and
 * PRODUCTION_TRAFFIC_SHIFT once per traffic step, POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME and
 * CLEAN_UP.
 *
 * <p>Traffic steps: BLUE_GREEN one shift to 100 %; LINEAR {@code ceil(100 / stepPercent)} shifts of
 * {@code stepPercent} each (the last one capped at 100, an assumption), with {@code
 * stepBakeTimeInMinutes} after each but the last; CANARY {@code canaryPercent}, {@code
 * canaryBakeTimeInMinutes}, then 100. The step bakes are spent in PRODUCTION_TRAFFIC_SHIFT (an
 * assumption: ECS does not say which stage it reports meanwhile).
 */
final class LifecycleStages {
  static final String RECONCILE_SERVICE = "RECONCILE_SERVICE";
  static final String PRE_SCALE_UP = "PRE_SCALE_UP";
  static final String SCALE_UP = "SCALE_UP";
  static final String POST_SCALE_UP = "POST_SCALE_UP";
  static final String TEST_TRAFFIC_SHIFT = "TEST_TRAFFIC_SHIFT";
  static final String POST_TEST_TRAFFIC_SHIFT = "POST_TEST_TRAFFIC_SHIFT";
  static final String PRE_PRODUCTION_TRAFFIC_SHIFT = "PRE_PRODUCTION_TRAFFIC_SHIFT";
  static final String PRODUCTION_TRAFFIC_SHIFT = "PRODUCTION_TRAFFIC_SHIFT";
  static final String POST_PRODUCTION_TRAFFIC_SHIFT = "POST_PRODUCTION_TRAFFIC_SHIFT";
  static final String BAKE_TIME = "BAKE_TIME";
  static final String CLEAN_UP = "CLEAN_UP";

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private LifecycleStages() {}

  /**
   * One stage of the plan.
   *
   * @param stage the lifecycle stage
   * @param productionWeight the green revision's production weight once the stage's work is done,
   *     or -1 when the stage moves no production traffic
   * @param bakeAfter how long the stage waits after its hooks (step bakes)
   */
  record Step(String stage, BigDecimal productionWeight, Duration bakeAfter) {}

  static List<Step> plan(DeploymentConfig config, boolean reconcile) {
    List<Step> plan = new ArrayList<>();
    if (reconcile) {
      plan.add(plain(RECONCILE_SERVICE));
    }
    for (String stage :
        List.of(
            PRE_SCALE_UP, SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT)) {
      plan.add(plain(stage));
    }
    List<BigDecimal> weights = weights(config);
    for (int i = 0; i < weights.size(); i++) {
      boolean last = i == weights.size() - 1;
      Duration bake =
          last
              ? Duration.ZERO
              : Duration.ofMinutes(
                  config.strategy.equals("CANARY")
                      ? config.canaryBakeMinutes
                      : config.stepBakeMinutes);
      plan.add(plain(PRE_PRODUCTION_TRAFFIC_SHIFT));
      plan.add(new Step(PRODUCTION_TRAFFIC_SHIFT, weights.get(i), bake));
    }
    for (String stage : List.of(POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, CLEAN_UP)) {
      plan.add(plain(stage));
    }
    return List.copyOf(plan);
  }

  /** The green revision's production weight after each traffic step. */
  static List<BigDecimal> weights(DeploymentConfig config) {
    List<BigDecimal> weights = new ArrayList<>();
    switch (config.strategy) {
      case "LINEAR" -> {
        int steps = HUNDRED.divide(config.stepPercent, 0, RoundingMode.CEILING).intValue();
        for (int k = 1; k <= steps; k++) {
          weights.add(config.stepPercent.multiply(BigDecimal.valueOf(k)).min(HUNDRED));
        }
      }
      case "CANARY" -> {
        if (config.canaryPercent.compareTo(HUNDRED) < 0) {
          weights.add(config.canaryPercent);
        }
        weights.add(HUNDRED);
      }
      default -> weights.add(HUNDRED);
    }
    return weights;
  }

  private static Step plain(String stage) {
    return new Step(stage, BigDecimal.ONE.negate(), Duration.ZERO);
  }

  static boolean shiftsProduction(Step step) {
    return step.productionWeight().signum() >= 0;
  }
}
