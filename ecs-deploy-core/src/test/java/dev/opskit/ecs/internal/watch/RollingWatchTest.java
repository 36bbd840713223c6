package dev.opskit.ecs.internal.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.ecs.FailureKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/** The verdict on single service snapshots, including shapes the fake does not produce. */
class RollingWatchTest {
  private static final String OLD = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:7";
  private static final String NEW = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:8";
  private static final WatchTarget TARGET =
      new WatchTarget("ecs-svc/2", NEW, OLD, Instant.EPOCH, 3, false);

  private static Deployment deployment(
      String id, String status, String td, int desired, int running, String rollout) {
    return Deployment.builder()
        .id(id)
        .status(status)
        .taskDefinition(td)
        .desiredCount(desired)
        .runningCount(running)
        .pendingCount(0)
        .failedTasks(0)
        .rolloutState(rollout)
        .build();
  }

  private static Service service(
      boolean breaker, boolean rollback, int desired, int running, Deployment... ds) {
    return Service.builder()
        .serviceName("web")
        .status("ACTIVE")
        .desiredCount(desired)
        .runningCount(running)
        .deploymentConfiguration(
            c -> c.deploymentCircuitBreaker(b -> b.enable(breaker).rollback(rollback)))
        .deployments(ds)
        .build();
  }

  @Test
  void completedPrimaryOnOurRevisionAtDesiredCountSucceeds() {
    Outcome o =
        RollingWatch.evaluate(
            service(true, true, 2, 2, deployment("ecs-svc/2", "PRIMARY", NEW, 2, 2, "COMPLETED")),
            TARGET);

    assertThat(o).isNotNull();
    assertThat(o.succeeded()).isTrue();
  }

  @Test
  void completedButOldTasksStillRunningIsNotYetASuccess() {
    assertThat(
            RollingWatch.evaluate(
                service(
                    true,
                    true,
                    2,
                    4,
                    deployment("ecs-svc/2", "PRIMARY", NEW, 2, 2, "COMPLETED"),
                    deployment("ecs-svc/1", "ACTIVE", OLD, 0, 2, "COMPLETED")),
                TARGET))
        .isNull();
  }

  @Test
  void ourDeploymentGoneAndTheServiceBackOnTheOldRevisionIsACircuitBreakerRollback() {
    Outcome o =
        RollingWatch.evaluate(
            service(true, true, 2, 2, deployment("ecs-svc/3", "PRIMARY", OLD, 2, 2, "COMPLETED")),
            TARGET);

    assertThat(o.failure()).isEqualTo(FailureKind.CIRCUIT_BREAKER_ROLLBACK);
    assertThat(o.reason()).contains("is gone and the service is back on web:7");
  }

  @Test
  void ourDeploymentGoneWithoutABreakerIsReplaced() {
    Outcome o =
        RollingWatch.evaluate(
            service(false, false, 2, 2, deployment("ecs-svc/3", "PRIMARY", OLD, 2, 2, "COMPLETED")),
            TARGET);

    assertThat(o.failure()).isEqualTo(FailureKind.REPLACED);
    assertThat(o.reason())
        .isEqualTo("deployment ecs-svc/2 is gone; PRIMARY is ecs-svc/3 running web:7");
  }

  @Test
  void withoutRolloutStatesOnlyASingleDeploymentAtDesiredCountSucceeds() {
    Deployment ours = deployment("ecs-svc/2", "PRIMARY", NEW, 2, 2, null);

    assertThat(
            RollingWatch.evaluate(
                service(
                    false, false, 2, 2, ours, deployment("ecs-svc/1", "ACTIVE", OLD, 0, 0, null)),
                TARGET))
        .isNull();
    assertThat(RollingWatch.evaluate(service(false, false, 2, 2, ours), TARGET).succeeded())
        .isTrue();
  }

  @Test
  void failedTasksCountOnlyWhenNoBreakerDecidesUnlessTheLimitWasSetExplicitly() {
    Deployment failing =
        deployment("ecs-svc/2", "PRIMARY", NEW, 2, 0, "IN_PROGRESS").toBuilder()
            .failedTasks(5)
            .build();

    assertThat(RollingWatch.evaluate(service(true, true, 2, 2, failing), TARGET)).isNull();
    assertThat(RollingWatch.evaluate(service(false, false, 2, 2, failing), TARGET).failure())
        .isEqualTo(FailureKind.TASKS_FAILING);
    WatchTarget explicit = new WatchTarget("ecs-svc/2", NEW, OLD, Instant.EPOCH, 5, true);
    assertThat(RollingWatch.evaluate(service(true, true, 2, 2, failing), explicit).failure())
        .isEqualTo(FailureKind.TASKS_FAILING);
  }
}
