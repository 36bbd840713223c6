package dev.opskit.ecs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.opskit.ecs.DeploymentEvent;
import dev.opskit.ecs.Sleeper;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AccessDeniedException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ServerException;

/** Which errors are transient, and how retries wait: jittered, doubling, bounded, virtual. */
class EcsCallsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
  private static final Instant T1 = T0.plusSeconds(600);

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.argumentSet(
            "connection reset",
            SdkClientException.create("reset", new SocketException("Connection reset")),
            true),
        Arguments.argumentSet("API call timeout", ApiCallTimeoutException.create(1000), true),
        Arguments.argumentSet(
            "aborted (the thread was interrupted)", AbortedException.create("aborted"), false),
        Arguments.argumentSet(
            "500 ServerException", aws(ServerException.builder(), 500, "ServerException"), true),
        Arguments.argumentSet("503", aws(EcsException.builder(), 503, "ServiceUnavailable"), true),
        Arguments.argumentSet(
            "throttled", aws(EcsException.builder(), 400, "ThrottlingException"), true),
        Arguments.argumentSet(
            "400 RequestTimeout", aws(EcsException.builder(), 400, "RequestTimeout"), true),
        Arguments.argumentSet(
            "access denied",
            aws(AccessDeniedException.builder(), 400, "AccessDeniedException"),
            false),
        Arguments.argumentSet(
            "ClientException", aws(ClientException.builder(), 400, "ClientException"), false),
        Arguments.argumentSet("not the SDK's", new IllegalStateException("bug"), false));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void classifiesErrors(RuntimeException error, boolean transientError) {
    assertThat(new CallFailedException("DescribeServices", error).isTransient())
        .isEqualTo(transientError);
  }

  @Test
  void retriesTransientErrorsWithDoublingBoundedWaitsOnTheSleeperUntilTheDeadline() {
    Instant[] now = {T0};
    List<Duration> sleeps = new ArrayList<>();
    List<DeploymentEvent> events = new ArrayList<>();
    EcsCalls calls = calls(now, sleeps, events, 0);
    int[] attempts = {0};

    CallFailedException e =
        catchThrowableOfType(
            CallFailedException.class,
            () ->
                calls.call(
                    "DescribeServices",
                    () -> {
                      attempts[0]++;
                      throw SdkClientException.create("Connection reset");
                    },
                    T0.plus(Duration.ofMinutes(5))));

    assertThat(sleeps)
        .extracting(Duration::toSeconds)
        .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L); // the next would pass 5 min
    assertThat(attempts[0]).isEqualTo(10);
    assertThat(now[0]).isBefore(T0.plus(Duration.ofMinutes(5)));
    assertThat(e.operation()).isEqualTo("DescribeServices");
    assertThat(e.getMessage()).isEqualTo("DescribeServices failed: Connection reset");
    assertThat(events).hasSize(9).allMatch(ev -> ev instanceof DeploymentEvent.Retrying);
  }

  @Test
  void jitterVariesEachWaitWithinItsBounds() {
    Instant[] now = {T0};
    List<Duration> sleeps = new ArrayList<>();
    EcsCalls calls = calls(now, sleeps, new ArrayList<>(), 0.5);
    int[] attempts = {0};

    String answer =
        calls.call(
            "DescribeServices",
            () -> {
              if (++attempts[0] < 6) {
                throw SdkClientException.create("Connection reset");
              }
              return "answer";
            },
            T0.plus(Duration.ofHours(1)));

    assertThat(answer).isEqualTo("answer");
    long[] base = {1, 2, 4, 8, 16};
    assertThat(sleeps).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(sleeps.get(i).toMillis()).isBetween(base[i] * 500, base[i] * 1500);
    }
  }

  @Test
  void anErrorThatIsNotTransientIsNotRetried() {
    Instant[] now = {T0};
    List<Duration> sleeps = new ArrayList<>();
    EcsCalls calls = calls(now, sleeps, new ArrayList<>(), 0);

    CallFailedException e =
        catchThrowableOfType(
            CallFailedException.class,
            () ->
                calls.call(
                    "UpdateService",
                    () -> {
                      throw aws(AccessDeniedException.builder(), 400, "AccessDeniedException");
                    },
                    T0.plus(Duration.ofHours(1))));

    assertThat(sleeps).isEmpty();
    assertThat(e.isTransient()).isFalse();
    assertThat(e.error()).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aThrottledOperationMakesTheGroupWaitBeforeCallingItButNotOtherOperations() {
    Instant[] now = {T0};
    ThrottleGate gate = new ThrottleGate();
    List<Duration> otherSleeps = new ArrayList<>();
    List<String> otherCalls = new ArrayList<>();
    EcsCalls other =
        member(
            now,
            gate,
            d -> {
              otherSleeps.add(d);
              now[0] = now[0].plus(d);
            });
    EcsCalls throttled =
        member(
            now,
            gate,
            d -> {
              // while this member backs off, the other one calls: a different operation at once,
              // the throttled one only after the same backoff
              other.call("UpdateService", () -> otherCalls.add("UpdateService at " + now[0]), T1);
              other.call(
                  "RegisterTaskDefinition",
                  () -> otherCalls.add("RegisterTaskDefinition at " + now[0]),
                  T1);
              now[0] = now[0].plus(d);
            });
    int[] attempts = {0};

    throttled.call(
        "RegisterTaskDefinition",
        () -> {
          if (attempts[0]++ == 0) {
            throw aws(EcsException.builder(), 400, "ThrottlingException");
          }
          return "registered";
        },
        T1);

    assertThat(otherCalls)
        .containsExactly(
            "UpdateService at " + T0, "RegisterTaskDefinition at " + T0.plusSeconds(1));
    assertThat(otherSleeps).containsExactly(Duration.ofSeconds(1));
    assertThat(attempts[0]).isEqualTo(2);
  }

  /** A group member's calls: the gate shared, time shared, jitter off. */
  private static EcsCalls member(Instant[] now, ThrottleGate gate, Sleeper sleeper) {
    List<DeploymentEvent> ignored = new ArrayList<>();
    EcsCalls base = calls(now, new ArrayList<>(), ignored, 0);
    return new EcsCalls(
        base.settings().toBuilder()
            .set(DeploySettings.THROTTLE_GATE, gate)
            .set(DeploySettings.SLEEPER, sleeper)
            .build());
  }

  private static EcsCalls calls(
      Instant[] now, List<Duration> sleeps, List<DeploymentEvent> events, double jitter) {
    return new EcsCalls(
        DeploySettings.builder()
            .set(DeploySettings.ECS, unused())
            .set(DeploySettings.CLUSTER, "c")
            .set(DeploySettings.SERVICE, "s")
            .set(DeploySettings.POLL_JITTER, jitter)
            .set(DeploySettings.LISTENER, events::add)
            .set(
                DeploySettings.CLOCK,
                new Clock() {
                  @Override
                  public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                  }

                  @Override
                  public Clock withZone(java.time.ZoneId zone) {
                    return this;
                  }

                  @Override
                  public Instant instant() {
                    return now[0];
                  }
                })
            .set(
                DeploySettings.SLEEPER,
                d -> {
                  sleeps.add(d);
                  now[0] = now[0].plus(d);
                })
            .build());
  }

  /** A client the retry logic never touches: every call is the test's own lambda. */
  private static EcsClient unused() {
    return (EcsClient)
        java.lang.reflect.Proxy.newProxyInstance(
            EcsClient.class.getClassLoader(),
            new Class<?>[] {EcsClient.class},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static RuntimeException aws(EcsException.Builder b, int status, String code) {
    return b.statusCode(status)
        .message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
        .build();
  }
}
