package dev.opskit.ecs.internal;

import dev.opskit.ecs.DeploymentStrategy;
import dev.opskit.ecs.EcsDeployException;
import dev.opskit.ecs.LifecycleHook;
import dev.opskit.ecs.LifecycleStage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.CanaryConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookTimeoutConfiguration;
import software.amazon.awssdk.services.ecs.model.LinearConfiguration;

/**
 * Between the builder's {@link DeploymentStrategy} and {@link LifecycleHook}s and ECS's {@code
 * deploymentConfiguration}: which strategy a deploy runs (the chosen one, or the service's), and
 * the configuration to send with the new revision, which is the service's own with only the
 * strategy fields (and the hooks, when set) replaced, so nothing else the service has is lost.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class StrategyConfig {
  /** ECS's name of the rolling update. */
  public static final String ROLLING = "ROLLING";

  private static final Logger LOG = LoggerFactory.getLogger(StrategyConfig.class);

  private StrategyConfig() {}

  /**
   * Returns the strategy a deploy runs.
   *
   * @param chosen the builder's strategy
   * @param current the service's configuration, or {@code null}
   * @param where the service, for messages
   * @return the chosen strategy, or the service's for {@link DeploymentStrategy#keep()}
   * @throws EcsDeployException when the service's strategy is one this version does not know
   */
  public static DeploymentStrategy resolve(
      DeploymentStrategy chosen, @Nullable DeploymentConfiguration current, String where) {
    if (!(chosen instanceof DeploymentStrategy.Keep)) {
      return chosen;
    }
    String name = current == null ? null : current.strategyAsString();
    int bake = current == null ? 0 : n(current.bakeTimeInMinutes(), 0);
    if (name == null || name.equals(ROLLING)) {
      return DeploymentStrategy.rolling();
    }
    switch (name) {
      case "BLUE_GREEN":
        return DeploymentStrategy.blueGreen(Duration.ofMinutes(bake));
      case "LINEAR":
        LinearConfiguration l = current.linearConfiguration();
        return DeploymentStrategy.linear(
            l == null || l.stepPercent() == null ? 10.0 : l.stepPercent(),
            Duration.ofMinutes(l == null ? 6 : n(l.stepBakeTimeInMinutes(), 6)),
            Duration.ofMinutes(bake));
      case "CANARY":
        CanaryConfiguration c = current.canaryConfiguration();
        return DeploymentStrategy.canary(
            c == null || c.canaryPercent() == null ? 5.0 : c.canaryPercent(),
            Duration.ofMinutes(c == null ? 10 : n(c.canaryBakeTimeInMinutes(), 10)),
            Duration.ofMinutes(bake));
      default:
        throw new EcsDeployException(
            where
                + " deploys with the strategy "
                + name
                + ", which this version of EcsDeployer cannot watch; choose one with strategy(...)");
    }
  }

  /**
   * Returns ECS's name of a strategy that is not {@link DeploymentStrategy#keep()}.
   *
   * @param strategy the strategy
   * @return {@code ROLLING}, {@code BLUE_GREEN}, {@code LINEAR} or {@code CANARY}
   */
  public static String ecsName(DeploymentStrategy strategy) {
    if (strategy instanceof DeploymentStrategy.BlueGreen) {
      return "BLUE_GREEN";
    }
    if (strategy instanceof DeploymentStrategy.Linear) {
      return "LINEAR";
    }
    if (strategy instanceof DeploymentStrategy.Canary) {
      return "CANARY";
    }
    return ROLLING;
  }

  /**
   * Returns the hooks a deploy runs: the chosen ones, or those the service has that this version
   * can describe.
   *
   * @param chosen the builder's hooks, or {@code null} to keep the service's
   * @param current the service's configuration, or {@code null}
   * @return the hooks
   */
  public static List<LifecycleHook> hooks(
      @Nullable List<LifecycleHook> chosen, @Nullable DeploymentConfiguration current) {
    if (chosen != null) {
      return chosen;
    }
    List<LifecycleHook> hooks = new ArrayList<>();
    if (current != null) {
      for (DeploymentLifecycleHook h : current.lifecycleHooks()) {
        try {
          hooks.add(fromEcs(h));
        } catch (RuntimeException e) {
          LOG.info("The service's lifecycle hook {} is kept but not shown: {}", h, e.getMessage());
        }
      }
    }
    return List.copyOf(hooks);
  }

  /**
   * Returns the {@code deploymentConfiguration} to send with the new revision.
   *
   * @param chosen the builder's strategy
   * @param hooks the builder's hooks, or {@code null} to keep the service's
   * @param current the service's configuration, or {@code null}
   * @return the configuration, or {@code null} when nothing changes (then none is sent)
   */
  public static @Nullable DeploymentConfiguration toSend(
      DeploymentStrategy chosen,
      @Nullable List<LifecycleHook> hooks,
      @Nullable DeploymentConfiguration current) {
    if (chosen instanceof DeploymentStrategy.Keep && hooks == null) {
      return null;
    }
    DeploymentConfiguration.Builder b =
        current == null ? DeploymentConfiguration.builder() : current.toBuilder();
    if (chosen instanceof DeploymentStrategy.Rolling) {
      b.strategy(ROLLING)
          .linearConfiguration((LinearConfiguration) null)
          .canaryConfiguration((CanaryConfiguration) null);
    } else if (chosen instanceof DeploymentStrategy.BlueGreen g) {
      b.strategy("BLUE_GREEN")
          .bakeTimeInMinutes(minutes(g.bakeTime()))
          .linearConfiguration((LinearConfiguration) null)
          .canaryConfiguration((CanaryConfiguration) null);
    } else if (chosen instanceof DeploymentStrategy.Linear l) {
      b.strategy("LINEAR")
          .bakeTimeInMinutes(minutes(l.bakeTime()))
          .linearConfiguration(
              c -> c.stepPercent(l.stepPercent()).stepBakeTimeInMinutes(minutes(l.stepBakeTime())))
          .canaryConfiguration((CanaryConfiguration) null);
    } else if (chosen instanceof DeploymentStrategy.Canary c) {
      b.strategy("CANARY")
          .bakeTimeInMinutes(minutes(c.bakeTime()))
          .canaryConfiguration(
              x ->
                  x.canaryPercent(c.canaryPercent())
                      .canaryBakeTimeInMinutes(minutes(c.canaryBakeTime())))
          .linearConfiguration((LinearConfiguration) null);
    }
    if (hooks != null) {
      b.lifecycleHooks(hooks.stream().map(StrategyConfig::toEcs).toList());
    }
    return b.build();
  }

  /**
   * Returns a hook in ECS's shape.
   *
   * @param hook the hook
   * @return the {@code lifecycleHooks[]} entry
   */
  public static DeploymentLifecycleHook toEcs(LifecycleHook hook) {
    DeploymentLifecycleHook.Builder b =
        DeploymentLifecycleHook.builder()
            .targetType(hook.type() == LifecycleHook.Type.PAUSE ? "PAUSE" : "AWS_LAMBDA")
            .lifecycleStagesWithStrings(hook.stages().stream().map(Enum::name).toList());
    hook.functionArn().ifPresent(b::hookTargetArn);
    hook.roleArn().ifPresent(b::roleArn);
    hook.timeout()
        .ifPresent(
            t ->
                b.timeoutConfiguration(
                    DeploymentLifecycleHookTimeoutConfiguration.builder()
                        .timeoutInMinutes(minutes(t))
                        .action(hook.timeoutAction().orElseThrow().name())
                        .build()));
    return b.build();
  }

  private static LifecycleHook fromEcs(DeploymentLifecycleHook h) {
    List<LifecycleStage> stages = new ArrayList<>();
    for (String s : h.lifecycleStagesAsStrings()) {
      stages.add(
          LifecycleStage.fromEcs(s)
              .orElseThrow(() -> new IllegalArgumentException("unknown stage " + s)));
    }
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("no stages");
    }
    LifecycleStage first = stages.get(0);
    LifecycleStage[] more = stages.subList(1, stages.size()).toArray(LifecycleStage[]::new);
    LifecycleHook hook =
        "PAUSE".equals(h.targetTypeAsString())
            ? LifecycleHook.pause(first, more)
            : LifecycleHook.lambda(
                String.valueOf(h.hookTargetArn()), String.valueOf(h.roleArn()), first, more);
    DeploymentLifecycleHookTimeoutConfiguration t = h.timeoutConfiguration();
    if (t != null && t.timeoutInMinutes() != null) {
      hook =
          hook.withTimeout(
              Duration.ofMinutes(t.timeoutInMinutes()),
              "CONTINUE".equals(t.actionAsString())
                  ? LifecycleHook.TimeoutAction.CONTINUE
                  : LifecycleHook.TimeoutAction.ROLLBACK);
    }
    return hook;
  }

  /**
   * Tells whether a deployment configuration has lifecycle hooks.
   *
   * @param config the configuration, or {@code null}
   * @return true when it has any
   */
  public static boolean hasHooks(@Nullable DeploymentConfiguration config) {
    return config != null && config.hasLifecycleHooks() && !config.lifecycleHooks().isEmpty();
  }

  /**
   * Returns the strategy's name as the service has it.
   *
   * @param config the configuration, or {@code null}
   * @return the name, {@code ROLLING} when none
   */
  public static String serviceStrategy(@Nullable DeploymentConfiguration config) {
    return Optional.ofNullable(config)
        .map(DeploymentConfiguration::strategyAsString)
        .orElse(ROLLING);
  }

  private static int minutes(Duration d) {
    return Math.toIntExact(d.toMinutes());
  }

  private static int n(@Nullable Integer i, int fallback) {
    return i == null ? fallback : i;
  }
}
