package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.FakeEcs.STAGE_TIME;
import static dev.opskit.testing.ecs.FakeEcs.seconds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ECS's own rollback of a native deployment, reported on the same service-deployment ARN (as
 * ecspresso and Terraform observe): it brings the last completed revision back to the desired
 * count, moves traffic back, re-runs the hooks of TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT
 * that had run (documented on the older hooks page), stops the green tasks and only then puts the
 * service back on the source task definition (ROLLBACK_SUCCESSFUL), or ends ROLLBACK_FAILED when a
 * test scripted {@link FakeEcs#rollbackFails}. Guarded by the FakeEcs lock.
 */
final class NativeRollback {
  final String reason;
  final Instant startedAt;
  final FakeService.Deployment to;
  private final ServiceSimulation sim;
  private final FakeService s;
  private final FakeService.Deployment d;
  private final StageHooks hooks;
  private final List<String> hookStages;
  private Instant phaseStart;
  private boolean restored;

  private NativeRollback(
      ServiceSimulation sim,
      FakeService s,
      FakeService.Deployment d,
      StageHooks hooks,
      String reason,
      List<String> hookStages,
      FakeService.Deployment to) {
    this.sim = sim;
    this.s = s;
    this.d = d;
    this.hooks = hooks;
    this.reason = reason;
    this.hookStages = hookStages;
    this.to = to;
    this.startedAt = sim.now();
    this.phaseStart = sim.now();
  }

  /**
   * Starts the rollback: ROLLBACK_REQUESTED when asked for by StopServiceDeployment, else straight
   * to ROLLBACK_IN_PROGRESS (an assumption). Without a completed revision to go back to, the
   * deployment ends ROLLBACK_FAILED with the reason Terraform's tests quote.
   *
   * @return the rollback, or null when there was nothing to roll back to
   */
  static @Nullable NativeRollback start(
      ServiceSimulation sim,
      FakeService s,
      FakeService.Deployment d,
      StageHooks hooks,
      String reason,
      boolean requested,
      boolean testShifted,
      boolean productionShifted) {
    Instant now = sim.now();
    d.serviceDeploymentReason = reason;
    String back = s.lastCompletedTaskDefinition;
    if (back == null) {
      d.serviceDeploymentReason = "No rollback candidate was found to run the rollback";
      d.finishedAt = now;
      d.status("ROLLBACK_FAILED", now);
      return null;
    }
    List<String> stages = new ArrayList<>();
    if (productionShifted) {
      stages.add(LifecycleStages.PRODUCTION_TRAFFIC_SHIFT);
    }
    if (testShifted) {
      stages.add(LifecycleStages.TEST_TRAFFIC_SHIFT);
    }
    FakeService.Deployment to = sim.entryFor(s, back, d);
    d.rollbackRevisionArn = ServiceSimulation.revisionArn(s, to);
    NativeRollback rollback = new NativeRollback(sim, s, d, hooks, reason, stages, to);
    if (requested) {
      d.status("ROLLBACK_REQUESTED", now);
    } else {
      rollback.begin();
    }
    return rollback;
  }

  /** Whether traffic has moved back to the source revision. */
  boolean restored() {
    return restored;
  }

  boolean step(Instant now) {
    if (d.serviceDeploymentStatus.equals("ROLLBACK_REQUESTED")) {
      if (now.isBefore(phaseStart.plus(STAGE_TIME))) {
        return false;
      }
      begin();
      return true;
    }
    if (!restored) {
      for (long live = sim.liveTasks(s, to); live < s.desiredCount; live++) {
        sim.launch(s, to);
      }
      if (now.isBefore(phaseStart.plus(STAGE_TIME))
          || ServiceSimulation.count(s, to, "RUNNING") < s.desiredCount) {
        return false;
      }
      restored = true;
      hooks.start(hookStages, now, true);
      return true;
    }
    hooks.tick(now);
    if (!hooks.done()) {
      return false;
    }
    finish(now);
    return true;
  }

  private void begin() {
    phaseStart = sim.now();
    d.status("ROLLBACK_IN_PROGRESS", sim.now());
    sim.event(s, "(service " + s.name + ") (deployment " + d.id + ") rolling back.");
  }

  private void finish(Instant now) {
    d.finishedAt = now;
    if (s.rollbackFailures > 0) {
      s.rollbackFailures--;
      d.serviceDeploymentReason = "Service deployment rollback failed: " + reason;
      d.status("ROLLBACK_FAILED", now);
      return;
    }
    sim.stopTasksExcept(s, to);
    s.deployments.clear();
    to.status = "PRIMARY";
    to.rolloutState = "COMPLETED";
    to.rolloutStateReason = "ECS deployment " + to.id + " completed.";
    to.updatedAt = now;
    s.deployments.add(to);
    s.taskDefinition = to.taskDefinition;
    d.status("ROLLBACK_SUCCESSFUL", now);
    sim.event(s, "(service " + s.name + ") (deployment " + d.id + ") rolled back.");
    sim.event(s, "(service " + s.name + ") has reached a steady state.");
  }

  void json(ObjectNode j) {
    ObjectNode rollback = j.putObject("rollback");
    rollback.put("reason", reason).put("startedAt", seconds(startedAt));
    rollback.put("serviceRevisionArn", ServiceSimulation.revisionArn(s, to));
  }
}
