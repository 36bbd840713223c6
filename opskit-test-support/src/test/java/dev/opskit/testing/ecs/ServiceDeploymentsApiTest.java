package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.SdkFixture.CLUSTER;
import static dev.opskit.testing.ecs.SdkFixture.HOOK;
import static dev.opskit.testing.ecs.SdkFixture.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookTargetType;
import software.amazon.awssdk.services.ecs.model.DeploymentStrategy;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;

/** CreateService, UpdateService and the service-deployments API as the SDK sees them. */
class ServiceDeploymentsApiTest {

  static Stream<Arguments> refusedConfigurations() {
    return Stream.of(
        Arguments.argumentSet(
            "linearConfiguration without LINEAR",
            c(
                b ->
                    b.strategy(DeploymentStrategy.BLUE_GREEN)
                        .bakeTimeInMinutes(0)
                        .linearConfiguration(l -> l.stepPercent(10.0)))),
        Arguments.argumentSet(
            "canaryConfiguration without CANARY",
            c(
                b ->
                    b.strategy(DeploymentStrategy.LINEAR)
                        .canaryConfiguration(l -> l.canaryPercent(5.0)))),
        Arguments.argumentSet(
            "stepPercent below 3",
            c(
                b ->
                    b.strategy(DeploymentStrategy.LINEAR)
                        .linearConfiguration(l -> l.stepPercent(2.9)))),
        Arguments.argumentSet(
            "stepPercent not a multiple of 0.1",
            c(
                b ->
                    b.strategy(DeploymentStrategy.LINEAR)
                        .linearConfiguration(l -> l.stepPercent(33.33)))),
        Arguments.argumentSet(
            "stepBakeTimeInMinutes above 1440",
            c(
                b ->
                    b.strategy(DeploymentStrategy.LINEAR)
                        .linearConfiguration(
                            l -> l.stepPercent(10.0).stepBakeTimeInMinutes(1441)))),
        Arguments.argumentSet(
            "canaryPercent below 0.1",
            c(
                b ->
                    b.strategy(DeploymentStrategy.CANARY)
                        .canaryConfiguration(l -> l.canaryPercent(0.0)))),
        Arguments.argumentSet(
            "BLUE_GREEN without bakeTimeInMinutes",
            c(b -> b.strategy(DeploymentStrategy.BLUE_GREEN))),
        Arguments.argumentSet(
            "bakeTimeInMinutes above 1440",
            c(b -> b.strategy(DeploymentStrategy.BLUE_GREEN).bakeTimeInMinutes(1441))),
        Arguments.argumentSet("an unknown strategy", c(b -> b.strategy("SHADOW"))),
        Arguments.argumentSet(
            "a hook at SCALE_UP",
            c(
                b ->
                    b.strategy(DeploymentStrategy.BLUE_GREEN)
                        .bakeTimeInMinutes(0)
                        .lifecycleHooks(
                            h -> h.hookTargetArn(HOOK).lifecycleStagesWithStrings("SCALE_UP")))),
        Arguments.argumentSet(
            "a hook at BAKE_TIME",
            c(
                b ->
                    b.strategy(DeploymentStrategy.BLUE_GREEN)
                        .bakeTimeInMinutes(0)
                        .lifecycleHooks(
                            h -> h.hookTargetArn(HOOK).lifecycleStagesWithStrings("BAKE_TIME")))),
        Arguments.argumentSet(
            "a PAUSE hook at PRODUCTION_TRAFFIC_SHIFT",
            c(
                b ->
                    b.strategy(DeploymentStrategy.BLUE_GREEN)
                        .bakeTimeInMinutes(0)
                        .lifecycleHooks(
                            h ->
                                h.targetType(DeploymentLifecycleHookTargetType.PAUSE)
                                    .lifecycleStagesWithStrings("PRODUCTION_TRAFFIC_SHIFT")))),
        Arguments.argumentSet(
            "a Lambda hook without its ARN",
            c(
                b ->
                    b.strategy(DeploymentStrategy.BLUE_GREEN)
                        .bakeTimeInMinutes(0)
                        .lifecycleHooks(h -> h.lifecycleStagesWithStrings("PRE_SCALE_UP")))),
        Arguments.argumentSet(
            "a hook timeout above 20160 minutes",
            c(
                b ->
                    b.strategy(DeploymentStrategy.BLUE_GREEN)
                        .bakeTimeInMinutes(0)
                        .lifecycleHooks(
                            h ->
                                h.hookTargetArn(HOOK)
                                    .lifecycleStagesWithStrings("PRE_SCALE_UP")
                                    .timeoutConfiguration(t -> t.timeoutInMinutes(20161))))));
  }

  private static DeploymentConfiguration c(Consumer<DeploymentConfiguration.Builder> config) {
    return DeploymentConfiguration.builder().applyMutation(config).build();
  }

  @ParameterizedTest
  @MethodSource("refusedConfigurations")
  void refusesWhatEcsDocumentsAsInvalid(DeploymentConfiguration config) {
    try (SdkFixture f = new SdkFixture()) {
      f.fake.createService(CLUSTER, SERVICE, f.v1, 1, false, false);

      InvalidParameterException e =
          catchThrowableOfType(
              InvalidParameterException.class,
              () ->
                  f.ecs.updateService(
                      r ->
                          r.cluster(CLUSTER)
                              .service(SERVICE)
                              .taskDefinition(f.v2)
                              .deploymentConfiguration(config)));

      assertThat(e).isNotNull();
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(f.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(f.v1);
      assertThat(f.service().deploymentConfiguration().strategy())
          .isEqualTo(DeploymentStrategy.ROLLING);
    }
  }

  @Test
  void theTestHelperValidatesLikeCreateService() {
    try (SdkFixture f = new SdkFixture()) {
      assertThatThrownBy(
              () ->
                  f.service(
                      "{\"strategy\":\"ROLLING\",\"canaryConfiguration\":{\"canaryPercent\":5}}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("InvalidParameterException: canaryConfiguration");
    }
  }

  @Test
  void changingOnlyTheConfigurationStartsNoDeploymentAndKeepsFieldsTheFakeDoesNotModel() {
    try (SdkFixture f = new SdkFixture()) {
      f.fake.createService(CLUSTER, SERVICE, f.v1, 1, false, false);
      String before = f.fake.currentServiceDeployment(CLUSTER, SERVICE);

      f.ecs.updateService(
          r ->
              r.cluster(CLUSTER)
                  .service(SERVICE)
                  .deploymentConfiguration(
                      d ->
                          d.strategy(DeploymentStrategy.CANARY)
                              .bakeTimeInMinutes(0)
                              .earlySuccessCriteria(e -> e.enable(true))));
      assertThat(f.fake.currentServiceDeployment(CLUSTER, SERVICE)).isEqualTo(before);
      assertThat(f.service().deploymentConfiguration().strategy())
          .isEqualTo(DeploymentStrategy.CANARY);
      assertThat(f.service().deploymentConfiguration().earlySuccessCriteria().enable()).isTrue();
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(20));

      assertThat(f.fake.transitions(arn))
          .extracting(Transition::lifecycleStage)
          .contains("BAKE_TIME");
      assertThat(f.deployment(arn).status()).isEqualTo(ServiceDeploymentStatus.SUCCESSFUL);
    }
  }

  @Test
  void createServiceRunsTheFirstDeploymentWithNothingToRollBackTo() {
    try (SdkFixture f = new SdkFixture()) {
      f.fake.hook(HOOK, "POST_SCALE_UP", HookVerdict.FAIL);

      String arn =
          f.ecs
              .createService(
                  r ->
                      r.cluster(CLUSTER)
                          .serviceName(SERVICE)
                          .taskDefinition(f.v1)
                          .desiredCount(2)
                          .launchType("FARGATE")
                          .deploymentConfiguration(
                              d ->
                                  d.strategy(DeploymentStrategy.BLUE_GREEN)
                                      .bakeTimeInMinutes(0)
                                      .lifecycleHooks(
                                          h ->
                                              h.hookTargetArn(HOOK)
                                                  .lifecycleStagesWithStrings("POST_SCALE_UP"))))
              .service()
              .currentServiceDeployment();
      f.fake.advance(Duration.ofMinutes(2));

      assertThat(f.fake.transitions(arn))
          .extracting(Transition::lifecycleStage)
          .doesNotContain("RECONCILE_SERVICE");
      assertThat(f.deployment(arn).status()).isEqualTo(ServiceDeploymentStatus.ROLLBACK_FAILED);
      assertThat(f.deployment(arn).statusReason())
          .isEqualTo("No rollback candidate was found to run the rollback");
      assertThat(f.deployment(arn).sourceServiceRevisions()).isEmpty();
    }
  }

  @Test
  void createServiceStartsARollingServiceFromNothing() {
    try (SdkFixture f = new SdkFixture()) {
      f.ecs.createService(
          r -> r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(f.v1).desiredCount(2));
      f.fake.advance(Duration.ofMinutes(1));

      assertThat(f.fake.runningTasks(CLUSTER, SERVICE)).containsEntry(f.v1, 2);
      assertThat(
              catchThrowableOfType(
                  InvalidParameterException.class,
                  () ->
                      f.ecs.createService(
                          r -> r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(f.v1))))
          .isNotNull();
    }
  }

  @Test
  void listFiltersByStatusAndCreationTimeAndPages() {
    try (SdkFixture f =
        new SdkFixture().service("{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":0}")) {
      f.fake.advance(Duration.ofSeconds(1));
      Instant created = f.fake.now();
      String first = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(5));
      String second = f.deploy(f.v3);
      f.fake.advance(Duration.ofSeconds(10));

      ListServiceDeploymentsResponse inProgress =
          f.ecs.listServiceDeployments(
              r -> r.cluster(CLUSTER).service(SERVICE).status(ServiceDeploymentStatus.IN_PROGRESS));
      ListServiceDeploymentsResponse page =
          f.ecs.listServiceDeployments(r -> r.cluster(CLUSTER).service(SERVICE).maxResults(2));
      ListServiceDeploymentsResponse rest =
          f.ecs.listServiceDeployments(
              r -> r.cluster(CLUSTER).service(SERVICE).maxResults(2).nextToken(page.nextToken()));
      ListServiceDeploymentsResponse window =
          f.ecs.listServiceDeployments(
              r ->
                  r.cluster(CLUSTER)
                      .service(SERVICE)
                      .createdAt(c -> c.after(created).before(created.plusSeconds(60))));

      assertThat(inProgress.serviceDeployments())
          .extracting(ServiceDeploymentBrief::serviceDeploymentArn)
          .containsExactly(second);
      assertThat(page.serviceDeployments()).hasSize(2);
      assertThat(rest.serviceDeployments())
          .extracting(ServiceDeploymentBrief::serviceDeploymentArn)
          .containsExactly(second);
      assertThat(rest.nextToken()).isNull();
      assertThat(window.serviceDeployments())
          .extracting(ServiceDeploymentBrief::serviceDeploymentArn)
          .containsExactly(first);
      assertThat(
              catchThrowableOfType(
                  InvalidParameterException.class,
                  () ->
                      f.ecs.listServiceDeployments(
                          r -> r.cluster(CLUSTER).service(SERVICE).maxResults(101))))
          .isNotNull();
    }
  }

  @Test
  void describeTakesAtMostTwentyArnsAndReportsUnknownOnesMissing() {
    try (SdkFixture f = new SdkFixture()) {
      f.fake.createService(CLUSTER, SERVICE, f.v1, 1, false, false);
      String arn = f.fake.currentServiceDeployment(CLUSTER, SERVICE);

      var answer = f.ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(arn, arn + "9"));

      assertThat(answer.serviceDeployments()).hasSize(1);
      assertThat(answer.failures())
          .singleElement()
          .satisfies(x -> assertThat(x.reason()).isEqualTo("MISSING"));
      assertThat(
              catchThrowableOfType(
                  InvalidParameterException.class,
                  () ->
                      f.ecs.describeServiceDeployments(
                          r -> r.serviceDeploymentArns(Collections.nCopies(21, arn)))))
          .isNotNull();
    }
  }
}
