package dev.opskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.EcsClient;

/** The group's checks at build time, with the messages a caller reads. */
class DeploymentGroupBuilderTest {
  private static final EcsClient NO_CALLS =
      (EcsClient)
          Proxy.newProxyInstance(
              EcsClient.class.getClassLoader(),
              new Class<?>[] {EcsClient.class},
              (proxy, method, args) -> {
                throw new AssertionError("no call expected: " + method.getName());
              });

  static Stream<Arguments> badGroups() {
    return Stream.of(
        Arguments.argumentSet(
            "no deployer",
            (UnaryOperator<DeploymentGroup.Builder>) b -> DeploymentGroup.builder(),
            "add at least one deployer"),
        Arguments.argumentSet(
            "duplicate service",
            (UnaryOperator<DeploymentGroup.Builder>) b -> b.add(deployer("api")),
            "service api is added twice"),
        Arguments.argumentSet(
            "a wave names an unknown service",
            (UnaryOperator<DeploymentGroup.Builder>)
                b -> b.waves(List.of(List.of("api"), List.of("worker", "cron", "mailer"))),
            "wave 2 names service mailer, which no deployer of the group deploys"),
        Arguments.argumentSet(
            "a service in no wave",
            (UnaryOperator<DeploymentGroup.Builder>)
                b -> b.waves(List.of(List.of("api"), List.of("cron"))),
            "service worker is in no wave"),
        Arguments.argumentSet(
            "a service in two waves",
            (UnaryOperator<DeploymentGroup.Builder>)
                b -> b.waves(List.of(List.of("api", "worker"), List.of("worker", "cron"))),
            "service worker is in wave 1 and wave 2"),
        Arguments.argumentSet(
            "an empty wave",
            (UnaryOperator<DeploymentGroup.Builder>)
                b -> b.waves(List.of(List.of("api", "worker", "cron"), List.of())),
            "wave 2 is empty"),
        Arguments.argumentSet(
            "waves and maxParallel",
            (UnaryOperator<DeploymentGroup.Builder>)
                b -> b.waves(List.of(List.of("api", "worker", "cron"))).maxParallel(2),
            "set waves or maxParallel, not both"),
        Arguments.argumentSet(
            "maxPollInterval shorter than pollInterval",
            (UnaryOperator<DeploymentGroup.Builder>)
                b ->
                    b.pollInterval(java.time.Duration.ofSeconds(30))
                        .maxPollInterval(java.time.Duration.ofSeconds(20)),
            "maxPollInterval is shorter than pollInterval"));
  }

  @ParameterizedTest
  @MethodSource("badGroups")
  void refusesWithAClearMessage(UnaryOperator<DeploymentGroup.Builder> change, String message) {
    DeploymentGroup.Builder b = change.apply(threeServices());
    assertThatIllegalStateException().isThrownBy(b::build).withMessage(message);
  }

  @Test
  void refusesMaxParallelBelowOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeploymentGroup.builder().maxParallel(0))
        .withMessage("maxParallel must be at least 1");
  }

  @Test
  void buildsAGroupAndItsVariants() {
    DeploymentGroup group =
        threeServices()
            .waves(List.of(List.of("api"), List.of("worker", "cron")))
            .onFailure(GroupFailurePolicy.ROLLBACK_ALL)
            .build();

    assertThat(group.waves()).containsExactly(List.of("api"), List.of("worker", "cron"));
    assertThat(group.policy()).isEqualTo(GroupFailurePolicy.ROLLBACK_ALL);
    DeploymentGroup oneByOne = group.copy(b -> b.waves(List.of()).maxParallel(1));
    assertThat(oneByOne.waves()).containsExactly(List.of("api", "worker", "cron"));
    assertThat(oneByOne.parallelism(oneByOne.waves().get(0))).isEqualTo(1);
    assertThat(DeploymentGroup.builder().add(deployer("api")).build().policy())
        .isEqualTo(DeploymentGroup.DEFAULT_FAILURE_POLICY);
  }

  private static DeploymentGroup.Builder threeServices() {
    return DeploymentGroup.builder()
        .add(deployer("api"))
        .add(deployer("worker"))
        .add(deployer("cron"));
  }

  private static EcsDeployer deployer(String service) {
    return EcsDeployer.builder().ecsClient(NO_CALLS).cluster("prod").service(service).build();
  }
}
