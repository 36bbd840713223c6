package dev.opskit.testing.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A service's {@code deploymentConfiguration}, validated as ECS documents it
 * (API_DeploymentConfiguration, API_LinearConfiguration, API_CanaryConfiguration,
 * API_DeploymentLifecycleHook), kept as the JSON DescribeServices returns. Unknown fields are kept
 * and echoed.
 *
 * <p>Assumptions where the documentation is silent: an UpdateService {@code
 * deploymentConfiguration} replaces the fields it names and keeps the others; a linear or canary
 * block inherited from another strategy is dropped; LINEAR and CANARY without {@code
 * bakeTimeInMinutes} bake 0 minutes; hooks on a ROLLING service are accepted and never run; every
 * violation is an {@code InvalidParameterException}.
 */
final class DeploymentConfig {
  static final Set<String> STRATEGIES = Set.of("ROLLING", "BLUE_GREEN", "LINEAR", "CANARY");
  static final Set<String> HOOK_STAGES =
      Set.of(
          LifecycleStages.RECONCILE_SERVICE,
          LifecycleStages.PRE_SCALE_UP,
          LifecycleStages.POST_SCALE_UP,
          LifecycleStages.TEST_TRAFFIC_SHIFT,
          LifecycleStages.POST_TEST_TRAFFIC_SHIFT,
          LifecycleStages.PRE_PRODUCTION_TRAFFIC_SHIFT,
          LifecycleStages.PRODUCTION_TRAFFIC_SHIFT,
          LifecycleStages.POST_PRODUCTION_TRAFFIC_SHIFT);
  private static final Set<String> NO_PAUSE =
      Set.of(LifecycleStages.TEST_TRAFFIC_SHIFT, LifecycleStages.PRODUCTION_TRAFFIC_SHIFT);
  private static final int MAX_BAKE = 1440;

  final ObjectNode json;
  final String strategy;
  final int bakeMinutes;
  final BigDecimal stepPercent;
  final int stepBakeMinutes;
  final BigDecimal canaryPercent;
  final int canaryBakeMinutes;
  final boolean circuitBreaker;
  final boolean breakerRollback;
  final boolean alarms;
  final boolean alarmsRollback;
  final List<String> alarmNames;
  final List<Hook> hooks;

  private DeploymentConfig(ObjectNode json) {
    this.json = json;
    this.strategy = json.path("strategy").asText("ROLLING");
    this.bakeMinutes = json.path("bakeTimeInMinutes").asInt(0);
    JsonNode linear = json.path("linearConfiguration");
    this.stepPercent = decimal(linear.path("stepPercent"), "10.0");
    this.stepBakeMinutes = linear.path("stepBakeTimeInMinutes").asInt(6);
    JsonNode canary = json.path("canaryConfiguration");
    this.canaryPercent = decimal(canary.path("canaryPercent"), "5.0");
    this.canaryBakeMinutes = canary.path("canaryBakeTimeInMinutes").asInt(10);
    JsonNode breaker = json.path("deploymentCircuitBreaker");
    this.circuitBreaker = breaker.path("enable").asBoolean(false);
    this.breakerRollback = breaker.path("rollback").asBoolean(false);
    JsonNode alarmsNode = json.path("alarms");
    this.alarms = alarmsNode.path("enable").asBoolean(false);
    this.alarmsRollback = alarmsNode.path("rollback").asBoolean(false);
    List<String> names = new ArrayList<>();
    alarmsNode.path("alarmNames").forEach(n -> names.add(n.asText()));
    this.alarmNames = List.copyOf(names);
    List<Hook> parsed = new ArrayList<>();
    json.path("lifecycleHooks").forEach(h -> parsed.add(Hook.parse(h)));
    this.hooks = List.copyOf(parsed);
  }

  /** The configuration of a rolling service as the fake's test helper creates it. */
  static DeploymentConfig rolling(ObjectMapper json, boolean circuitBreaker, boolean rollback) {
    ObjectNode o = json.createObjectNode();
    o.putObject("deploymentCircuitBreaker").put("enable", circuitBreaker).put("rollback", rollback);
    o.put("maximumPercent", 200).put("minimumHealthyPercent", 100).put("strategy", "ROLLING");
    return new DeploymentConfig(o);
  }

  /**
   * Applies the {@code deploymentConfiguration} of a CreateService or UpdateService request.
   *
   * @throws FakeError InvalidParameterException when ECS would refuse it
   */
  DeploymentConfig apply(JsonNode request) {
    if (!request.isObject()) {
      throw invalid("deploymentConfiguration must be an object.");
    }
    ObjectNode merged = json.deepCopy();
    request.fields().forEachRemaining(f -> merged.set(f.getKey(), f.getValue().deepCopy()));
    String strategy = merged.path("strategy").asText("ROLLING");
    if (!STRATEGIES.contains(strategy)) {
      throw invalid("Invalid deployment strategy: " + strategy + ".");
    }
    merged.put("strategy", strategy);
    requireOnly(request, merged, "linearConfiguration", "LINEAR");
    requireOnly(request, merged, "canaryConfiguration", "CANARY");
    if (strategy.equals("BLUE_GREEN") && !merged.hasNonNull("bakeTimeInMinutes")) {
      throw invalid("bakeTimeInMinutes must be specified for the BLUE_GREEN deployment strategy.");
    }
    range(merged.path("bakeTimeInMinutes"), "bakeTimeInMinutes", 0, MAX_BAKE);
    JsonNode linear = merged.path("linearConfiguration");
    percent(linear.path("stepPercent"), "linearConfiguration.stepPercent", "3.0");
    range(linear.path("stepBakeTimeInMinutes"), "stepBakeTimeInMinutes", 0, MAX_BAKE);
    JsonNode canary = merged.path("canaryConfiguration");
    percent(canary.path("canaryPercent"), "canaryConfiguration.canaryPercent", "0.1");
    range(canary.path("canaryBakeTimeInMinutes"), "canaryBakeTimeInMinutes", 0, MAX_BAKE);
    JsonNode hooks = merged.path("lifecycleHooks");
    if (!hooks.isMissingNode() && !hooks.isArray()) {
      throw invalid("lifecycleHooks must be a list.");
    }
    hooks.forEach(DeploymentConfig::validateHook);
    return new DeploymentConfig(merged);
  }

  boolean isNative() {
    return !strategy.equals("ROLLING");
  }

  private static void requireOnly(
      JsonNode request, ObjectNode merged, String block, String strategy) {
    if (merged.path("strategy").asText().equals(strategy)) {
      return;
    }
    if (request.has(block)) {
      throw invalid(block + " can only be used with the " + strategy + " deployment strategy.");
    }
    merged.remove(block);
  }

  private static void validateHook(JsonNode hook) {
    String type = hook.path("targetType").asText("AWS_LAMBDA");
    if (!type.equals("AWS_LAMBDA") && !type.equals("PAUSE")) {
      throw invalid("Invalid lifecycle hook targetType: " + type + ".");
    }
    if (type.equals("AWS_LAMBDA") && hook.path("hookTargetArn").asText("").isEmpty()) {
      throw invalid("hookTargetArn is required for an AWS_LAMBDA lifecycle hook.");
    }
    JsonNode stages = hook.path("lifecycleStages");
    if (!stages.isArray() || stages.isEmpty()) {
      throw invalid("lifecycleStages must name at least one lifecycle stage.");
    }
    for (JsonNode stage : stages) {
      if (!HOOK_STAGES.contains(stage.asText())) {
        throw invalid("Lifecycle hooks are not supported at the " + stage.asText() + " stage.");
      }
      if (type.equals("PAUSE") && NO_PAUSE.contains(stage.asText())) {
        throw invalid(
            "PAUSE lifecycle hooks are not supported at the " + stage.asText() + " stage.");
      }
    }
    JsonNode timeout = hook.path("timeoutConfiguration");
    range(timeout.path("timeoutInMinutes"), "timeoutConfiguration.timeoutInMinutes", 1, 20160);
    String action = timeout.path("action").asText("ROLLBACK");
    if (!action.equals("ROLLBACK") && !action.equals("CONTINUE")) {
      throw invalid("Invalid timeoutConfiguration.action: " + action + ".");
    }
  }

  private static void range(JsonNode value, String name, int min, int max) {
    if (value.isMissingNode() || value.isNull()) {
      return;
    }
    if (!value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
      throw invalid(name + " must be between " + min + " and " + max + ".");
    }
  }

  private static void percent(JsonNode value, String name, String min) {
    if (value.isMissingNode() || value.isNull()) {
      return;
    }
    BigDecimal v = value.decimalValue();
    boolean tenths = v.movePointRight(1).stripTrailingZeros().scale() <= 0;
    if (!value.isNumber()
        || v.compareTo(new BigDecimal(min)) < 0
        || v.compareTo(BigDecimal.valueOf(100)) > 0
        || !tenths) {
      throw invalid(name + " must be a multiple of 0.1 between " + min + " and 100.0.");
    }
  }

  private static BigDecimal decimal(JsonNode value, String fallback) {
    return value.isNumber() ? value.decimalValue() : new BigDecimal(fallback);
  }

  static FakeError invalid(String message) {
    return new FakeError("InvalidParameterException", message);
  }

  /** One {@code lifecycleHooks[]} entry. */
  record Hook(
      String targetType,
      @Nullable String targetArn,
      List<String> stages,
      int timeoutMinutes,
      String timeoutAction) {
    static Hook parse(JsonNode h) {
      List<String> stages = new ArrayList<>();
      h.path("lifecycleStages").forEach(s -> stages.add(s.asText()));
      String type = h.path("targetType").asText("AWS_LAMBDA");
      return new Hook(
          type,
          type.equals("PAUSE") ? null : h.path("hookTargetArn").asText(),
          List.copyOf(stages),
          h.path("timeoutConfiguration").path("timeoutInMinutes").asInt(1440),
          h.path("timeoutConfiguration").path("action").asText("ROLLBACK"));
    }
  }
}
