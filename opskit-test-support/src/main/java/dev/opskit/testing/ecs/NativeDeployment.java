package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.FakeEcs.STAGE_TIME;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One BLUE_GREEN, LINEAR or CANARY service deployment: the documented status machine (PENDING,
 * IN_PROGRESS, SUCCESSFUL; the rollback statuses in {@link NativeRollback}; STOPPED) and the
 * lifecycle stages of {@link LifecycleStages}, on the virtual clock. Guarded by the FakeEcs lock.
 *
 * <p>Timing (an assumption; ECS documents none): PENDING until the next second; every stage does
 * its own work for {@link FakeEcs#STAGE_TIME}, SCALE_UP until the green tasks run, BAKE_TIME for
 * {@code bakeTimeInMinutes}; then the stage's hooks run side by side, then its step bake, if any.
 * Green (target) tasks start in SCALE_UP, blue (source) tasks stop in CLEAN_UP.
 *
 * <p>What fails it: a hook that returns FAILED or times out with action ROLLBACK (always rolls
 * back, as documented), the circuit breaker reaching its threshold, and a monitored alarm scripted
 * to fire at a stage; these two roll back when their own {@code rollback} flag is set, else the
 * deployment is STOPPED with {@code stoppedAt}. The lifecycle stage stays where the failure
 * happened while rolling back (an assumption). A newer deployment of the service stops this one.
 */
final class NativeDeployment {
  private enum Phase {
    WORK,
    HOOKS,
    WAIT
  }

  private enum Cause {
    HOOK,
    CIRCUIT_BREAKER,
    ALARM
  }

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final DeploymentConfig config;
  private final ServiceSimulation sim;
  private final FakeService s;
  private final FakeService.Deployment d;
  private final List<LifecycleStages.Step> plan;
  private final List<FakeService.Deployment> sources;
  private final StageHooks hooks;
  private final List<String> triggeredAlarms = new ArrayList<>();
  private int index = -1;
  private Phase phase = Phase.WORK;
  private Instant phaseStart;
  private BigDecimal productionWeight = BigDecimal.ZERO;
  private BigDecimal testWeight = BigDecimal.ZERO;
  private boolean scaledUp;
  private @Nullable NativeRollback rollback;

  NativeDeployment(ServiceSimulation sim, FakeService s, FakeService.Deployment d) {
    this.sim = sim;
    this.s = s;
    this.d = d;
    this.config = s.config;
    this.hooks = new StageHooks(config, sim.hookScript);
    List<FakeService.Deployment> live = new ArrayList<>();
    for (FakeService.Deployment other : s.deployments) {
      if (other != d && sim.liveTasks(s, other) > 0) {
        live.add(other);
      }
    }
    this.sources = List.copyOf(live);
    this.plan = LifecycleStages.plan(config, sources.size() > 1);
    this.phaseStart = sim.now();
    d.startedAt = null;
    d.transitions.clear();
    d.status("PENDING", sim.now());
  }

  void tick() {
    boolean moved = true;
    for (int guard = 0; moved && guard < 100; guard++) {
      moved = step(sim.now());
    }
  }

  private boolean step(Instant now) {
    switch (d.serviceDeploymentStatus) {
      case "PENDING" -> {
        if (!now.isAfter(d.createdAt)) {
          return false;
        }
        d.startedAt = now;
        d.status("IN_PROGRESS", now);
        enter(0);
        return true;
      }
      case "IN_PROGRESS" -> {
        return progress(now);
      }
      case "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS" -> {
        return rollback != null && rollback.step(now);
      }
      default -> {
        return false;
      }
    }
  }

  private boolean progress(Instant now) {
    if (config.circuitBreaker && d.failedTasks >= d.threshold) {
      d.circuitBreakerStatus = "TRIGGERED";
      s.circuitBreakerTrippedAt = now;
      fail(Cause.CIRCUIT_BREAKER, "the circuit breaker threshold was exceeded");
      return true;
    }
    if (scaledUp) {
      keepGreenTasks();
    }
    LifecycleStages.Step step = plan.get(index);
    if (phase == Phase.WORK) {
      if (now.isBefore(phaseStart.plus(workTime(step)))
          || step.stage().equals(LifecycleStages.SCALE_UP)
              && ServiceSimulation.count(s, d, "RUNNING") < s.desiredCount) {
        return false;
      }
      if (step.stage().equals(LifecycleStages.TEST_TRAFFIC_SHIFT)) {
        testWeight = HUNDRED;
      }
      if (LifecycleStages.shiftsProduction(step)) {
        productionWeight = step.productionWeight();
      }
      hooks.start(List.of(step.stage()), now, false);
      phase = Phase.HOOKS;
      return true;
    }
    if (phase == Phase.HOOKS) {
      HookRun failed = hooks.tick(now);
      if (failed != null) {
        fail(Cause.HOOK, failed.describe());
        return true;
      }
      if (!hooks.done()) {
        return false;
      }
      phase = Phase.WAIT;
      phaseStart = now;
      return true;
    }
    if (now.isBefore(phaseStart.plus(step.bakeAfter()))) {
      return false;
    }
    if (index + 1 < plan.size()) {
      enter(index + 1);
    } else {
      succeed(now);
    }
    return true;
  }

  private Duration workTime(LifecycleStages.Step step) {
    if (step.stage().equals(LifecycleStages.BAKE_TIME)) {
      Duration bake = Duration.ofMinutes(config.bakeMinutes);
      return bake.compareTo(STAGE_TIME) > 0 ? bake : STAGE_TIME;
    }
    return STAGE_TIME;
  }

  private void enter(int i) {
    index = i;
    phase = Phase.WORK;
    phaseStart = sim.now();
    String stage = plan.get(i).stage();
    d.stage(stage, sim.now());
    if (stage.equals(LifecycleStages.SCALE_UP)) {
      scaledUp = true;
      keepGreenTasks();
    }
    if (stage.equals(LifecycleStages.CLEAN_UP)) {
      sim.stopTasksExcept(s, d);
    }
    List<String> fired = sim.fireAlarms(config, stage);
    if (!fired.isEmpty()) {
      triggeredAlarms.addAll(fired);
      fail(Cause.ALARM, "the CloudWatch alarm(s) " + String.join(", ", fired) + " fired");
    }
  }

  private void keepGreenTasks() {
    int started = 0;
    for (long live = sim.liveTasks(s, d); live < s.desiredCount; live++) {
      sim.launch(s, d);
      started++;
    }
    if (started > 0) {
      sim.event(
          s,
          "(service " + s.name + ") has started " + started + " tasks: (deployment " + d.id + ").");
    }
  }

  private void succeed(Instant now) {
    d.finishedAt = now;
    d.rolloutState = "COMPLETED";
    d.rolloutStateReason = "ECS deployment " + d.id + " completed.";
    if (d.circuitBreakerStatus != null && !d.circuitBreakerStatus.equals("DISABLED")) {
      d.circuitBreakerStatus = "MONITORING_COMPLETE";
    }
    s.lastCompletedTaskDefinition = d.taskDefinition;
    s.deployments.removeIf(other -> other != d);
    d.status("SUCCESSFUL", now);
    sim.event(s, "(service " + s.name + ") (deployment " + d.id + ") deployment completed.");
    sim.event(s, "(service " + s.name + ") has reached a steady state.");
  }

  private void fail(Cause cause, String what) {
    d.rolloutState = "FAILED";
    d.rolloutStateReason = "ECS deployment failed: " + what + ".";
    sim.event(s, "(service " + s.name + ") (deployment " + d.id + ") failed: " + what + ".");
    boolean rollsBack =
        switch (cause) {
          case HOOK -> true;
          case CIRCUIT_BREAKER -> config.breakerRollback;
          case ALARM -> config.alarmsRollback;
        };
    if (rollsBack) {
      startRollback("Service deployment rolled back because " + what + ".", false);
    } else {
      d.serviceDeploymentReason = "Service deployment failed because " + what + ".";
      d.stoppedAt = sim.now();
      d.finishedAt = sim.now();
      d.status("STOPPED", sim.now());
    }
  }

  private void startRollback(String reason, boolean requested) {
    rollback =
        NativeRollback.start(
            sim,
            s,
            d,
            hooks,
            reason,
            requested,
            testWeight.signum() > 0,
            productionWeight.signum() > 0);
  }

  /**
   * Answers StopServiceDeployment(ROLLBACK): from PENDING or IN_PROGRESS it rolls back; while a
   * stop or rollback runs it lets it continue (both documented).
   *
   * @throws FakeError ConflictException when the deployment has completed (an assumption)
   */
  void stop() {
    switch (d.serviceDeploymentStatus) {
      case "PENDING", "IN_PROGRESS" ->
          startRollback("Service deployment rolled back by a StopServiceDeployment request.", true);
      case "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS" -> {}
      default ->
          throw new FakeError(
              "ConflictException",
              "The service deployment is " + d.serviceDeploymentStatus + " and cannot be stopped.");
    }
  }

  /** A newer deployment of the service took over: STOPPED unless already completed. */
  void supersede() {
    if (d.isCompleted()) {
      return;
    }
    d.serviceDeploymentReason = "Replaced by a new service deployment";
    d.stoppedAt = sim.now();
    d.finishedAt = sim.now();
    d.status("STOPPED", sim.now());
  }

  /** Answers ContinueServiceDeployment; see {@link StageHooks#continueHook}. */
  void continueHook(String hookId, String action) {
    hooks.continueHook(hookId, action, d.serviceDeploymentStatus.equals("IN_PROGRESS"));
  }

  /** Adds the fields only ECS-native deployments have to a DescribeServiceDeployments entry. */
  void json(ObjectNode j) {
    if (d.lifecycleStage != null) {
      j.put("lifecycleStage", d.lifecycleStage);
    }
    boolean back = rollback != null && rollback.restored();
    BigDecimal production = back ? BigDecimal.ZERO : productionWeight;
    BigDecimal test = back ? BigDecimal.ZERO : testWeight;
    ArrayNode sourceList = j.putArray("sourceServiceRevisions");
    FakeService.Deployment main =
        rollback != null ? rollback.to : sources.isEmpty() ? null : sources.get(0);
    for (FakeService.Deployment source : sources) {
      boolean isMain = source == main;
      revision(sourceList.addObject(), source)
          .put(
              "requestedProductionTrafficWeight",
              isMain ? HUNDRED.subtract(production) : BigDecimal.ZERO)
          .put("requestedTestTrafficWeight", isMain ? HUNDRED.subtract(test) : BigDecimal.ZERO);
    }
    revision(j.putObject("targetServiceRevision"), d)
        .put("requestedProductionTrafficWeight", production)
        .put("requestedTestTrafficWeight", test);
    hooks.json(j.putArray("lifecycleHookDetails"));
    ObjectNode alarms = j.putObject("alarms").put("status", alarmStatus());
    config.alarmNames.forEach(alarms.withArray("alarmNames")::add);
    triggeredAlarms.forEach(alarms.withArray("triggeredAlarmNames")::add);
    j.set("deploymentConfiguration", config.json.deepCopy());
    if (rollback != null) {
      rollback.json(j);
    }
  }

  private ObjectNode revision(ObjectNode o, FakeService.Deployment revision) {
    boolean cleaned = index >= 0 && plan.get(index).stage().equals(LifecycleStages.CLEAN_UP);
    boolean rollingBackTo = rollback != null && revision == rollback.to;
    boolean requested = revision == d || rollingBackTo || !cleaned;
    o.put("arn", ServiceSimulation.revisionArn(s, revision));
    o.put("requestedTaskCount", requested ? s.desiredCount : 0);
    o.put("runningTaskCount", ServiceSimulation.count(s, revision, "RUNNING"));
    o.put("pendingTaskCount", ServiceSimulation.count(s, revision, "PENDING"));
    return o;
  }

  private String alarmStatus() {
    if (!config.alarms) {
      return "DISABLED";
    }
    if (!triggeredAlarms.isEmpty()) {
      return "TRIGGERED";
    }
    return d.serviceDeploymentStatus.equals("SUCCESSFUL") ? "MONITORING_COMPLETE" : "MONITORING";
  }
}
