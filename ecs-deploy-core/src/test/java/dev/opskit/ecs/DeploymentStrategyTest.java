package dev.opskit.ecs;

import static dev.opskit.ecs.Scenario.HOOK;
import static dev.opskit.ecs.Scenario.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.EcsClient;

/** The strategy and hook values check ECS's documented ranges when they are created. */
class DeploymentStrategyTest {
  private static final Duration ONE = Duration.ofMinutes(1);

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.argumentSet(
            "bake over 1440 minutes",
            (Executable) () -> DeploymentStrategy.blueGreen(Duration.ofMinutes(1441)),
            "bakeTime must be whole minutes from 0 to 1440"),
        Arguments.argumentSet(
            "bake of 30 seconds",
            (Executable) () -> DeploymentStrategy.blueGreen(Duration.ofSeconds(30)),
            "bakeTime must be whole minutes"),
        Arguments.argumentSet(
            "negative bake",
            (Executable) () -> DeploymentStrategy.blueGreen(Duration.ofMinutes(-1)),
            "bakeTime must be whole minutes"),
        Arguments.argumentSet(
            "linear step under 3 %",
            (Executable) () -> DeploymentStrategy.linear(2.9, ONE, ONE),
            "stepPercent must be a multiple of 0.1 from 3.0 to 100.0: 2.9"),
        Arguments.argumentSet(
            "linear step not in tenths",
            (Executable) () -> DeploymentStrategy.linear(10.05, ONE, ONE),
            "stepPercent must be a multiple of 0.1"),
        Arguments.argumentSet(
            "linear step over 100 %",
            (Executable) () -> DeploymentStrategy.linear(100.1, ONE, ONE),
            "stepPercent must be a multiple of 0.1"),
        Arguments.argumentSet(
            "linear step bake over a day",
            (Executable) () -> DeploymentStrategy.linear(10, Duration.ofDays(2), ONE),
            "stepBakeTime must be whole minutes"),
        Arguments.argumentSet(
            "canary under 0.1 %",
            (Executable) () -> DeploymentStrategy.canary(0.05, ONE, ONE),
            "canaryPercent must be a multiple of 0.1 from 0.1 to 100.0"),
        Arguments.argumentSet(
            "canary bake of 90 seconds",
            (Executable) () -> DeploymentStrategy.canary(5, Duration.ofSeconds(90), ONE),
            "canaryBakeTime must be whole minutes"),
        Arguments.argumentSet(
            "hook at SCALE_UP",
            (Executable) () -> LifecycleHook.lambda(HOOK, ROLE, LifecycleStage.SCALE_UP),
            "ECS runs no lifecycle hooks at SCALE_UP"),
        Arguments.argumentSet(
            "hook at BAKE_TIME",
            (Executable) () -> LifecycleHook.pause(LifecycleStage.BAKE_TIME),
            "ECS runs no lifecycle hooks at BAKE_TIME"),
        Arguments.argumentSet(
            "pause at PRODUCTION_TRAFFIC_SHIFT",
            (Executable) () -> LifecycleHook.pause(LifecycleStage.PRODUCTION_TRAFFIC_SHIFT),
            "ECS refuses PAUSE hooks at PRODUCTION_TRAFFIC_SHIFT"),
        Arguments.argumentSet(
            "stage named twice",
            (Executable)
                () ->
                    LifecycleHook.lambda(
                        HOOK, ROLE, LifecycleStage.POST_SCALE_UP, LifecycleStage.POST_SCALE_UP),
            "stage POST_SCALE_UP is named twice"),
        Arguments.argumentSet(
            "function that is not an ARN",
            (Executable)
                () -> LifecycleHook.lambda("smoke-test", ROLE, LifecycleStage.POST_SCALE_UP),
            "functionArn must be an ARN"),
        Arguments.argumentSet(
            "hook timeout over 14 days",
            (Executable)
                () ->
                    LifecycleHook.pause(LifecycleStage.POST_SCALE_UP)
                        .withTimeout(Duration.ofDays(15), LifecycleHook.TimeoutAction.ROLLBACK),
            "a hook timeout must be whole minutes from 1 to 20160"),
        Arguments.argumentSet(
            "hook timeout of zero",
            (Executable)
                () ->
                    LifecycleHook.pause(LifecycleStage.POST_SCALE_UP)
                        .withTimeout(Duration.ZERO, LifecycleHook.TimeoutAction.CONTINUE),
            "a hook timeout must be whole minutes from 1 to 20160"));
  }

  @ParameterizedTest
  @MethodSource("outOfRange")
  void refusesWhatEcsRefuses(Executable creation, String message) {
    assertThatThrownBy(creation::execute)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void acceptsTheEdgesOfEcsRanges() {
    assertThat(DeploymentStrategy.blueGreen(Duration.ofMinutes(1440)).bakeTime())
        .isEqualTo(Duration.ofHours(24));
    assertThat(DeploymentStrategy.blueGreen(Duration.ZERO).bakeTimes()).isZero();
    assertThat(DeploymentStrategy.linear(3.0, ONE, ONE).steps()).isEqualTo(34);
    assertThat(DeploymentStrategy.linear(33.3, ONE, ONE).steps()).isEqualTo(4);
    assertThat(DeploymentStrategy.linear(100.0, ONE, ONE).steps()).isEqualTo(1);
    assertThat(DeploymentStrategy.canary(0.1, ONE, ONE).canaryPercent()).isEqualTo(0.1);
    assertThat(
            LifecycleHook.pause(LifecycleStage.RECONCILE_SERVICE)
                .withTimeout(Duration.ofMinutes(20160), LifecycleHook.TimeoutAction.CONTINUE)
                .timeout())
        .contains(Duration.ofDays(14));
  }

  @Test
  void bakeTimesAreTheLeastTimeEcsWaits() {
    assertThat(
            DeploymentStrategy.linear(25, Duration.ofMinutes(2), Duration.ofMinutes(5)).bakeTimes())
        .isEqualTo(Duration.ofMinutes(3 * 2 + 5));
    assertThat(
            DeploymentStrategy.canary(10, Duration.ofMinutes(5), Duration.ofMinutes(10))
                .bakeTimes())
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(DeploymentStrategy.canary(100, Duration.ofMinutes(5), ONE).bakeTimes())
        .isEqualTo(ONE);
    assertThat(DeploymentStrategy.keep().bakeTimes()).isZero();
    assertThat(DeploymentStrategy.rolling().bakeTimes()).isZero();
  }

  @Test
  void valuesAreEqualByTheirParametersAndReadable() {
    assertThat(DeploymentStrategy.blueGreen(Duration.ofMinutes(10)))
        .isEqualTo(DeploymentStrategy.blueGreen(Duration.ofSeconds(600)))
        .hasSameHashCodeAs(DeploymentStrategy.blueGreen(Duration.ofMinutes(10)))
        .isNotEqualTo(DeploymentStrategy.blueGreen(Duration.ofMinutes(11)))
        .hasToString("BLUE_GREEN (bake 10 min)");
    assertThat(DeploymentStrategy.linear(25, Duration.ofMinutes(2), Duration.ofMinutes(5)))
        .hasToString("LINEAR (25.0% every 2 min, bake 5 min)");
    assertThat(DeploymentStrategy.canary(10, Duration.ofMinutes(5), Duration.ofMinutes(10)))
        .hasToString("CANARY (10.0% for 5 min, bake 10 min)");
    assertThat(DeploymentStrategy.keep()).isEqualTo(DeploymentStrategy.keep());
    assertThat(DeploymentStrategy.rolling()).hasToString("ROLLING");

    LifecycleHook hook =
        LifecycleHook.lambda(HOOK, ROLE, LifecycleStage.POST_TEST_TRAFFIC_SHIFT)
            .withTimeout(Duration.ofMinutes(30), LifecycleHook.TimeoutAction.CONTINUE);
    assertThat(hook)
        .isEqualTo(
            LifecycleHook.lambda(HOOK, ROLE, LifecycleStage.POST_TEST_TRAFFIC_SHIFT)
                .withTimeout(Duration.ofMinutes(30), LifecycleHook.TimeoutAction.CONTINUE))
        .isNotEqualTo(LifecycleHook.lambda(HOOK, ROLE, LifecycleStage.POST_TEST_TRAFFIC_SHIFT))
        .hasToString(
            "lambda smoke-test at POST_TEST_TRAFFIC_SHIFT (timeout 30 min, then CONTINUE)");
    assertThat(hook.functionArn()).contains(HOOK);
    assertThat(hook.roleArn()).contains(ROLE);
    assertThat(LifecycleHook.pause(LifecycleStage.POST_SCALE_UP).functionArn()).isEmpty();
  }

  @Test
  void theStageOrderIsWrittenDownAndUnknownStagesAreNotGuessed() {
    assertThat(LifecycleStage.values())
        .extracting(Enum::name)
        .containsExactly(
            "RECONCILE_SERVICE",
            "PRE_SCALE_UP",
            "SCALE_UP",
            "POST_SCALE_UP",
            "TEST_TRAFFIC_SHIFT",
            "POST_TEST_TRAFFIC_SHIFT",
            "PRE_PRODUCTION_TRAFFIC_SHIFT",
            "PRODUCTION_TRAFFIC_SHIFT",
            "POST_PRODUCTION_TRAFFIC_SHIFT",
            "BAKE_TIME",
            "CLEAN_UP");
    assertThat(LifecycleStage.fromEcs("PRE_PRODUCTION_TRAFFIC_SHIFT"))
        .contains(LifecycleStage.PRE_PRODUCTION_TRAFFIC_SHIFT);
    assertThat(LifecycleStage.fromEcs("POST_CANARY_SHIFT")).isEmpty();
    assertThat(new DeploymentEvent.StageReached("POST_CANARY_SHIFT", 10, 0).knownStage()).isEmpty();
  }

  @Test
  void buildRefusesHooksWithARollingUpdateAndATimeoutShorterThanTheBakes() {
    EcsDeployer.Builder b =
        EcsDeployer.builder()
            .ecsClient(
                (EcsClient)
                    Proxy.newProxyInstance(
                        EcsClient.class.getClassLoader(),
                        new Class<?>[] {EcsClient.class},
                        (proxy, method, args) -> {
                          throw new UnsupportedOperationException(method.getName());
                        }))
            .cluster("c")
            .service("s");

    assertThatThrownBy(
            () ->
                b.strategy(DeploymentStrategy.rolling())
                    .addLifecycleHook(LifecycleHook.pause(LifecycleStage.POST_SCALE_UP))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "lifecycleHooks run only with a BLUE_GREEN, LINEAR or CANARY strategy, not ROLLING");
    assertThatThrownBy(
            () ->
                b.lifecycleHooks(List.of())
                    .strategy(DeploymentStrategy.blueGreen(Duration.ofMinutes(20)))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "timeout (15 min) must be longer than the bake times of BLUE_GREEN (bake 20 min),"
                + " which ECS always waits out");
    assertThat(b.timeout(Duration.ofMinutes(30)).build()).isNotNull();
  }
}
