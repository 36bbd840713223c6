package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.SdkFixture.CLUSTER;
import static dev.opskit.testing.ecs.SdkFixture.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ServerException;

/** Scripted faults reach the real SDK client as the exceptions real outages raise. */
class FaultInjectionTest {

  @Test
  void aClosedConnectionReachesTheCallerAsSdkClientExceptionOnceItOutlastsTheRetries() {
    try (SdkFixture f = steady()) {
      f.fake.fault("DescribeServices", Fault.CONNECTION_RESET, 3);

      Throwable e = catchThrowable(f::service);

      assertThat(e)
          .isInstanceOf(SdkClientException.class)
          .hasRootCauseInstanceOf(IOException.class);
      assertThat(f.fake.calls()).extracting(Call::status).containsExactly(0, 0, 0);
      assertThat(f.service().serviceName()).isEqualTo(SERVICE);
    }
  }

  @Test
  void theSdkRetriesAwayAFaultShorterThanItsAttempts() {
    try (SdkFixture f = steady()) {
      f.fake.fault("DescribeServices", Fault.CONNECTION_RESET, 1);
      f.fake.fault("DescribeServices", Fault.SERVICE_UNAVAILABLE, 1);

      assertThat(f.service().serviceName()).isEqualTo(SERVICE);
      assertThat(f.fake.calls()).extracting(Call::status).containsExactly(0, 503, 200);
    }
  }

  @Test
  void serverErrorsReachTheCallerWithTheirStatusAndCode() {
    try (SdkFixture f = steady()) {
      f.fake.fault("DescribeServices", Fault.INTERNAL_FAILURE, 3);
      EcsException internal = catchThrowableOfType(EcsException.class, f::service);
      f.fake.fault("DescribeServices", Fault.SERVICE_UNAVAILABLE, 3);
      EcsException unavailable = catchThrowableOfType(EcsException.class, f::service);
      f.fake.fault("DescribeServices", Fault.SERVER_EXCEPTION, 3);
      Throwable server = catchThrowable(f::service);

      assertThat(internal.statusCode()).isEqualTo(500);
      assertThat(internal.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
      assertThat(unavailable.statusCode()).isEqualTo(503);
      assertThat(unavailable.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
      assertThat(server).isInstanceOf(ServerException.class);
      assertThat(f.fake.count("DescribeServices")).isEqualTo(9);
    }
  }

  @Test
  void throttlingReachesTheCallerAsAThrottlingException() {
    try (SdkFixture f = steady()) {
      f.fake.fault("ListServiceDeployments", Fault.THROTTLING, 3);

      EcsException e =
          catchThrowableOfType(
              EcsException.class,
              () -> f.ecs.listServiceDeployments(r -> r.cluster(CLUSTER).service(SERVICE)));

      assertThat(e.isThrottlingException()).isTrue();
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
    }
  }

  @Test
  void aFaultCanHitTheNthCallOfAnyOperation() {
    try (SdkFixture f = steady()) {
      EcsClient once = SdkFixture.client(f.fake, AwsRetryStrategy.doNotRetry());
      f.fake.fault(FakeEcs.ANY_OPERATION, Fault.INTERNAL_FAILURE, 2, 1);

      once.describeServices(r -> r.cluster(CLUSTER).services(SERVICE));
      once.listServiceDeployments(r -> r.cluster(CLUSTER).service(SERVICE));
      Throwable third =
          catchThrowable(() -> once.describeTaskDefinition(r -> r.taskDefinition(f.v1)));
      once.describeTaskDefinition(r -> r.taskDefinition(f.v1));

      assertThat(third).isInstanceOf(EcsException.class);
      assertThat(f.fake.calls())
          .extracting(c -> c.operation() + " " + c.status())
          .containsExactly(
              "DescribeServices 200",
              "ListServiceDeployments 200",
              "DescribeTaskDefinition 500",
              "DescribeTaskDefinition 200");
      once.close();
    }
  }

  @Test
  void anOutageFailsEveryCallUntilVirtualTimeMovesOn() {
    try (SdkFixture f = steady()) {
      f.fake.faultFor("DescribeServices", Fault.SERVICE_UNAVAILABLE, Duration.ofSeconds(30));

      Throwable during = catchThrowable(f::service);
      f.fake.advance(Duration.ofSeconds(30));

      assertThat(during).isInstanceOf(EcsException.class);
      assertThat(f.service().serviceName()).isEqualTo(SERVICE);
    }
  }

  @Test
  void aFaultAfterApplyingLosesTheAnswerButKeepsTheChange() {
    try (SdkFixture f = steady()) {
      EcsClient once = SdkFixture.client(f.fake, AwsRetryStrategy.doNotRetry());
      f.fake.fault("UpdateService", Fault.CONNECTION_RESET.afterApplying(), 1);

      Throwable e =
          catchThrowable(
              () ->
                  once.updateService(
                      r -> r.cluster(CLUSTER).service(SERVICE).taskDefinition(f.v2)));

      assertThat(e).isInstanceOf(SdkClientException.class);
      assertThat(f.fake.serviceTaskDefinition(CLUSTER, SERVICE)).isEqualTo(f.v2);
      once.close();
    }
  }

  @Test
  void throttleIsAShortcutForTheThrottlingFault() {
    try (SdkFixture f = steady()) {
      f.fake.throttle("DescribeServices", 2);

      assertThat(f.service().serviceName()).isEqualTo(SERVICE);
      assertThat(f.fake.calls()).extracting(Call::status).containsExactly(400, 400, 200);
    }
  }

  private static SdkFixture steady() {
    SdkFixture f = new SdkFixture();
    f.fake.createService(CLUSTER, SERVICE, f.v1, 1, false, false);
    return f;
  }
}
