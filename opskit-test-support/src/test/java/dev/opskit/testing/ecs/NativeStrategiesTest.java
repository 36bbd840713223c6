package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.SdkFixture.CLUSTER;
import static dev.opskit.testing.ecs.SdkFixture.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeploymentStrategy;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentLifecycleStage;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;

/** BLUE_GREEN, LINEAR and CANARY deployments walk their lifecycle stages on the virtual clock. */
class NativeStrategiesTest {

  @Test
  void blueGreenWalksEveryStageThenBakesWithBothRevisionsRunning() {
    try (SdkFixture f =
        new SdkFixture().service("{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":5}")) {
      Instant start = f.fake.now();
      String arn = f.deploy(f.v2);

      assertThat(f.deployment(arn).status()).isEqualTo(ServiceDeploymentStatus.PENDING);
      f.fake.advance(Duration.ofMinutes(2));
      ServiceDeployment baking = f.deployment(arn);
      Service service = f.service();
      assertThat(baking.status()).isEqualTo(ServiceDeploymentStatus.IN_PROGRESS);
      assertThat(baking.lifecycleStage()).isEqualTo(ServiceDeploymentLifecycleStage.BAKE_TIME);
      assertThat(baking.targetServiceRevision().requestedProductionTrafficWeight())
          .isEqualTo(100.0);
      assertThat(baking.targetServiceRevision().runningTaskCount()).isEqualTo(2);
      assertThat(baking.sourceServiceRevisions())
          .singleElement()
          .satisfies(s -> assertThat(s.runningTaskCount()).isEqualTo(2))
          .satisfies(s -> assertThat(s.requestedProductionTrafficWeight()).isEqualTo(0.0));
      assertThat(baking.deploymentConfiguration().strategy())
          .isEqualTo(DeploymentStrategy.BLUE_GREEN);
      assertThat(service.taskDefinition()).isEqualTo(f.v2);
      assertThat(service.currentServiceDeployment()).isEqualTo(arn);
      assertThat(service.deployments())
          .extracting(d -> d.status() + " " + d.taskDefinition())
          .containsExactly("PRIMARY " + f.v2, "ACTIVE " + f.v1);

      f.fake.advance(Duration.ofMinutes(5));

      assertThat(f.timeline(arn, start))
          .containsExactly(
              "0 PENDING",
              "1 IN_PROGRESS",
              "1 IN_PROGRESS PRE_SCALE_UP",
              "6 IN_PROGRESS SCALE_UP",
              "26 IN_PROGRESS POST_SCALE_UP",
              "31 IN_PROGRESS TEST_TRAFFIC_SHIFT",
              "36 IN_PROGRESS POST_TEST_TRAFFIC_SHIFT",
              "41 IN_PROGRESS PRE_PRODUCTION_TRAFFIC_SHIFT",
              "46 IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT",
              "51 IN_PROGRESS POST_PRODUCTION_TRAFFIC_SHIFT",
              "56 IN_PROGRESS BAKE_TIME",
              "356 IN_PROGRESS CLEAN_UP",
              "361 SUCCESSFUL CLEAN_UP");
      ServiceDeployment done = f.deployment(arn);
      assertThat(done.status()).isEqualTo(ServiceDeploymentStatus.SUCCESSFUL);
      assertThat(done.finishedAt()).isEqualTo(start.plusSeconds(361));
      assertThat(f.service().deployments())
          .singleElement()
          .satisfies(d -> assertThat(d.rolloutStateAsString()).isEqualTo("COMPLETED"));
      assertThat(f.fake.runningTasks(CLUSTER, SERVICE)).containsExactly(Map.entry(f.v2, 2));
    }
  }

  @Test
  void linearShiftsTrafficInCeilOfHundredOverStepSteps() {
    try (SdkFixture f =
        new SdkFixture()
            .service(
                "{\"strategy\":\"LINEAR\",\"bakeTimeInMinutes\":0,\"linearConfiguration\":"
                    + "{\"stepPercent\":34.0,\"stepBakeTimeInMinutes\":1}}")) {
      Instant start = f.fake.now();
      String arn = f.deploy(f.v2);

      f.fake.advance(Duration.ofSeconds(60));
      assertThat(f.deployment(arn).targetServiceRevision().requestedProductionTrafficWeight())
          .isEqualTo(34.0);
      f.fake.advance(Duration.ofSeconds(70));
      ServiceDeployment second = f.deployment(arn);
      assertThat(second.targetServiceRevision().requestedProductionTrafficWeight()).isEqualTo(68.0);
      assertThat(second.sourceServiceRevisions().get(0).requestedProductionTrafficWeight())
          .isEqualTo(32.0);
      f.fake.advance(Duration.ofMinutes(2));

      assertThat(f.timeline(arn, start))
          .containsSubsequence(
              "36 IN_PROGRESS POST_TEST_TRAFFIC_SHIFT",
              "41 IN_PROGRESS PRE_PRODUCTION_TRAFFIC_SHIFT",
              "46 IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT",
              "111 IN_PROGRESS PRE_PRODUCTION_TRAFFIC_SHIFT",
              "116 IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT",
              "181 IN_PROGRESS PRE_PRODUCTION_TRAFFIC_SHIFT",
              "186 IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT",
              "191 IN_PROGRESS POST_PRODUCTION_TRAFFIC_SHIFT",
              "196 IN_PROGRESS BAKE_TIME",
              "201 IN_PROGRESS CLEAN_UP",
              "206 SUCCESSFUL CLEAN_UP");
      assertThat(f.timeline(arn, start))
          .filteredOn(t -> t.endsWith(" PRODUCTION_TRAFFIC_SHIFT"))
          .hasSize(3);
    }
  }

  @Test
  void canaryShiftsItsPercentBakesThenShiftsTheRest() {
    try (SdkFixture f =
        new SdkFixture()
            .service(
                "{\"strategy\":\"CANARY\",\"bakeTimeInMinutes\":1,\"canaryConfiguration\":"
                    + "{\"canaryPercent\":10.0,\"canaryBakeTimeInMinutes\":2}}")) {
      Instant start = f.fake.now();
      String arn = f.deploy(f.v2);

      f.fake.advance(Duration.ofSeconds(100));
      assertThat(f.deployment(arn).targetServiceRevision().requestedProductionTrafficWeight())
          .isEqualTo(10.0);
      f.fake.advance(Duration.ofMinutes(3));

      assertThat(f.timeline(arn, start))
          .containsSubsequence(
              "41 IN_PROGRESS PRE_PRODUCTION_TRAFFIC_SHIFT",
              "46 IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT",
              "171 IN_PROGRESS PRE_PRODUCTION_TRAFFIC_SHIFT",
              "176 IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT",
              "181 IN_PROGRESS POST_PRODUCTION_TRAFFIC_SHIFT",
              "186 IN_PROGRESS BAKE_TIME",
              "246 IN_PROGRESS CLEAN_UP",
              "251 SUCCESSFUL CLEAN_UP");
      assertThat(f.deployment(arn).targetServiceRevision().requestedProductionTrafficWeight())
          .isEqualTo(100.0);
    }
  }

  @Test
  void preProductionTrafficShiftIsAStageTheSdkEnumDoesNotKnow() {
    try (SdkFixture f =
        new SdkFixture().service("{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":0}")) {
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofSeconds(43));

      ServiceDeployment d = f.deployment(arn);

      assertThat(d.lifecycleStageAsString()).isEqualTo("PRE_PRODUCTION_TRAFFIC_SHIFT");
      assertThat(d.lifecycleStage())
          .isEqualTo(ServiceDeploymentLifecycleStage.UNKNOWN_TO_SDK_VERSION);
    }
  }

  @Test
  void aNewerDeploymentStopsTheRunningOneAndReconcilesBothRevisions() {
    try (SdkFixture f =
        new SdkFixture().service("{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":10}")) {
      String first = f.deploy(f.v2);
      f.fake.advance(Duration.ofMinutes(1));
      Instant second = f.fake.now();
      String next = f.deploy(f.v3);

      ServiceDeployment stopped = f.deployment(first);
      assertThat(stopped.status()).isEqualTo(ServiceDeploymentStatus.STOPPED);
      assertThat(stopped.stoppedAt()).isEqualTo(second);
      f.fake.advance(Duration.ofMinutes(12));

      assertThat(f.timeline(next, second))
          .startsWith("0 PENDING", "1 IN_PROGRESS", "1 IN_PROGRESS RECONCILE_SERVICE");
      assertThat(f.deployment(next).status()).isEqualTo(ServiceDeploymentStatus.SUCCESSFUL);
      assertThat(f.deployment(next).sourceServiceRevisions()).hasSize(2);
      assertThat(f.fake.runningTasks(CLUSTER, SERVICE)).containsExactly(Map.entry(f.v3, 2));
      assertThat(f.deployment(first).status()).isEqualTo(ServiceDeploymentStatus.STOPPED);
    }
  }

  @Test
  void rollingDeploymentsReportNoLifecycleStage() {
    try (SdkFixture f = new SdkFixture()) {
      f.fake.createService(CLUSTER, SERVICE, f.v1, 2, true, true);
      String arn = f.deploy(f.v2);
      f.fake.advance(Duration.ofSeconds(5));

      ServiceDeployment running = f.deployment(arn);
      assertThat(running.status()).isEqualTo(ServiceDeploymentStatus.IN_PROGRESS);
      assertThat(running.lifecycleStageAsString()).isNull();
      assertThat(running.lifecycleHookDetails()).isEmpty();
      f.fake.advance(Duration.ofMinutes(1));

      assertThat(f.deployment(arn).status()).isEqualTo(ServiceDeploymentStatus.SUCCESSFUL);
      assertThat(f.fake.transitions(arn))
          .extracting(Transition::status)
          .containsExactly("IN_PROGRESS", "SUCCESSFUL");
      assertThat(f.fake.transitions(arn)).allMatch(t -> t.lifecycleStage() == null);
      assertThat(f.service().deploymentConfiguration().strategy())
          .isEqualTo(DeploymentStrategy.ROLLING);
    }
  }
}
