package dev.opskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.opskit.testing.ecs.FakeEcs;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.EcsException;

/** The fake speaks the wire protocol the real SDK expects: errors map to the SDK's types. */
class FakeProtocolTest {

  @Test
  void throttlingSurvivesTheSdkRetriesOnlyWhenItOutlastsThem() {
    try (Scenario s = new Scenario(1, true, true)) {
      s.fake.throttle("DescribeServices", 2);
      assertThat(
              s.ecs
                  .describeServices(r -> r.cluster(Scenario.CLUSTER).services(Scenario.SERVICE))
                  .services())
          .hasSize(1);

      s.fake.throttle("DescribeServices", 3);
      EcsException e =
          catchThrowableOfType(
              EcsException.class,
              () ->
                  s.ecs.describeServices(
                      r -> r.cluster(Scenario.CLUSTER).services(Scenario.SERVICE)));
      assertThat(e.isThrottlingException()).isTrue();
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
      assertThat(s.fake.count("DescribeServices")).isEqualTo(6);
    }
  }

  @Test
  void errorsArriveAsTheSdksTypedExceptions() {
    try (Scenario s = new Scenario(1, true, true)) {
      assertThat(
              catchThrowableOfType(
                  ClientException.class,
                  () -> s.ecs.describeTaskDefinition(r -> r.taskDefinition("nope:1"))))
          .hasMessageContaining("Unable to describe task definition.");
      assertThat(
              catchThrowableOfType(
                  RepositoryNotFoundException.class,
                  () ->
                      s.ecr.describeImages(
                          r -> r.repositoryName("nope").imageIds(i -> i.imageTag("x")))))
          .hasMessageContaining("The repository with name 'nope' does not exist");
    }
  }

  @Test
  void circuitBreakerThresholdIsHalfTheDesiredCountBetweenThreeAndTwoHundred() {
    assertThat(FakeEcs.circuitBreakerThreshold(1)).isEqualTo(3);
    assertThat(FakeEcs.circuitBreakerThreshold(6)).isEqualTo(3);
    assertThat(FakeEcs.circuitBreakerThreshold(7)).isEqualTo(4);
    assertThat(FakeEcs.circuitBreakerThreshold(100)).isEqualTo(50);
    assertThat(FakeEcs.circuitBreakerThreshold(1000)).isEqualTo(200);
  }
}
