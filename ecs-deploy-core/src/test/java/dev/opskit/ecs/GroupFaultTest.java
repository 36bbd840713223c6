package dev.opskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.opskit.ecs.RecordingEcsClient.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One API error at each step of a group deploy with {@link GroupFailurePolicy#ROLLBACK_ALL}: six
 * services in two waves, and one service's client fails one call (after the SDK's own retries). A
 * transient error is ridden out; an error that is not transient fails that service, and every other
 * changed service goes back to its previous revision.
 */
class GroupFaultTest {

  static Stream<Arguments> steps() {
    return Stream.of(
        Arguments.argumentSet(
            "register task definition, refused",
            new Step(
                "svc-04", "RegisterTaskDefinition", 1, null, Fault.ACCESS_DENIED, Result.FAILED)),
        Arguments.argumentSet(
            "register task definition, 503",
            new Step(
                "svc-04", "RegisterTaskDefinition", 1, null, Fault.UNAVAILABLE, Result.DEPLOYED)),
        Arguments.argumentSet(
            "update service, refused",
            new Step("svc-04", "UpdateService", 1, null, Fault.ACCESS_DENIED, Result.FAILED)),
        Arguments.argumentSet(
            "update service, 503",
            new Step("svc-04", "UpdateService", 1, null, Fault.UNAVAILABLE, Result.DEPLOYED)),
        Arguments.argumentSet(
            "describe services (the first poll), refused",
            new Step("svc-04", "DescribeServices", 2, null, Fault.ACCESS_DENIED, Result.FAILED)),
        Arguments.argumentSet(
            "describe services (the first poll), throttled",
            new Step("svc-04", "DescribeServices", 2, null, Fault.THROTTLED, Result.DEPLOYED)),
        Arguments.argumentSet(
            "rollback update service, refused",
            new Step(
                "svc-01",
                "UpdateService",
                2,
                "svc-04",
                Fault.ACCESS_DENIED,
                Result.ROLLBACK_FAILED)),
        Arguments.argumentSet(
            "rollback update service, 503",
            new Step(
                "svc-01", "UpdateService", 2, "svc-04", Fault.UNAVAILABLE, Result.ROLLED_BACK)));
  }

  @ParameterizedTest
  @MethodSource("steps")
  void oneApiErrorAtEachStep(Step step) {
    try (Fleet f = new Fleet(6)) {
      RecordingEcsClient faulty =
          new RecordingEcsClient(f.ecs).failNth(step.operation, step.nth, step.fault);
      DeploymentGroup.Builder b =
          DeploymentGroup.builder()
              .pollInterval(Fleet.POLL)
              .clock(f.fake.clock())
              .sleeper(f.fake::advance)
              .listener(f.events::add)
              .waves(List.of(f.names.subList(0, 3), f.names.subList(3, 6)))
              .onFailure(GroupFailurePolicy.ROLLBACK_ALL);
      Map<String, String> tags = step.crashes == null ? Map.of() : Map.of(step.crashes, "crash");
      for (String name : f.names) {
        String tag = tags.getOrDefault(name, "v2");
        b.add(
            (name.equals(step.service)
                    ? f.deployer(name, tag, faulty.client())
                    : f.deployer(name, tag))
                .build());
      }
      DeploymentGroup group = b.build();

      GroupDeploymentResult r;
      if (step.expected == Result.DEPLOYED) {
        r = group.deploy();
        assertThat(r.succeeded()).isTrue();
        assertThat(f.runs(step.service)).isNotEqualTo(f.v1.get(step.service));
        assertThat(RecordingEcsClient.count(faulty.calls(), step.operation))
            .isGreaterThan(step.nth - 1L);
        return;
      }
      r = catchThrowableOfType(GroupDeploymentFailedException.class, group::deploy).result();
      ServiceOutcome target = r.services().get(step.service);
      List<String> others = new ArrayList<>(f.names);
      others.remove(step.service);
      others.remove(step.crashes);
      switch (step.expected) {
        case FAILED -> {
          assertThat(target).isInstanceOf(ServiceOutcome.Failed.class);
          assertThat(((ServiceOutcome.Failed) target).error()).hasMessageContaining("AccessDenied");
          assertThat(f.runs(step.service)).isEqualTo(f.v1.get(step.service));
        }
        case ROLLED_BACK -> {
          assertThat(target)
              .isEqualTo(
                  new ServiceOutcome.RolledBack(
                      step.service,
                      f.v1.get(step.service),
                      ((ServiceOutcome.RolledBack) target).deployed()));
          assertThat(f.runs(step.service)).isEqualTo(f.v1.get(step.service));
        }
        case ROLLBACK_FAILED -> {
          assertThat(target).isInstanceOf(ServiceOutcome.RollbackFailed.class);
          assertThat(((ServiceOutcome.RollbackFailed) target).problem()).contains("AccessDenied");
          assertThat(f.runs(step.service)).isNotEqualTo(f.v1.get(step.service));
        }
        default -> throw new AssertionError(step.expected);
      }
      if (step.crashes != null) {
        assertThat(r.services().get(step.crashes)).isInstanceOf(ServiceOutcome.Failed.class);
      }
      assertThat(r.servicesThat(ServiceOutcome.RolledBack.class)).containsAll(others);
      for (String name : others) {
        assertThat(f.runs(name)).as(name).isEqualTo(f.v1.get(name));
      }
    }
  }

  enum Result {
    DEPLOYED,
    FAILED,
    ROLLED_BACK,
    ROLLBACK_FAILED
  }

  /**
   * One fault: the {@code nth} call of {@code operation} that {@code service}'s client makes fails;
   * {@code crashes} names a service whose new image crashes, to make the group roll back.
   */
  record Step(
      String service,
      String operation,
      int nth,
      @Nullable String crashes,
      Fault fault,
      Result expected) {}
}
