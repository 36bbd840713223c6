package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.FakeEcs.STAGE_TIME;
import static dev.opskit.testing.ecs.FakeEcs.seconds;

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
 * IN_PROGRESS, SUCCESSFUL; ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL or
 * ROLLBACK_FAILED; STOPPED) and the lifecycle stages of {@link LifecycleStages}, on the virtual
 * clock. Guarded by the FakeEcs lock.
 *
 * <p>Timing (an assumption; ECS documents none): PENDING until the next second; every stage does
 * its own work for {@link FakeEcs#STAGE_TIME}, SCALE_UP until the green tasks run, BAKE_TIME for
 * {@code bakeTimeInMinutes}; then the stage's hooks run side by side, and then its step bake, if
 * any. Green (target) tasks start in SCALE_UP, blue (source) tasks stop in CLEAN_UP.
 *
 * <p>What fails it: a hook that returns FAILED or times out with action ROLLBACK (always rolls
 * back, as documented), the circuit breaker reaching its threshold and a monitored alarm scripted
 * to fire at a stage (each rolls back when its own {@code rollback} flag is set, else STOPPED with
 * {@code stoppedAt}). Assumptions: automatic rollbacks skip ROLLBACK_REQUESTED, a
 * StopServiceDeployment goes through it for {@code STAGE_TIME}; the lifecycle stage stays where the
 * failure happened while rolling back; the rollback brings the source revision back to its desired
 * count, re-runs the hooks of TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT that had run (they
 * succeed), stops the green tasks and only then puts the service back on the source task
 * definition. Without a completed revision to return to, the rollback ends ROLLBACK_FAILED "No
 * rollback candidate was found to run the rollback".
 */
final class NativeDeployment {
  private enum Phase {
    WORK,
    HOOKS,
    WAIT,
    RESTORE,
    ROLLBACK_HOOKS
  }

  private enum Cause {
    HOOK,
    CIRCUIT_BREAKER,
    ALARM
  }

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  final DeploymentConfig config;
  private final ServiceSimulation sim;
  private final FakeService s;
  private final FakeService.Deployment d;
  private final List<LifecycleStages.Step> plan;
  private final List<FakeService.Deployment> sources;
  private final List<HookRun> hooks = new ArrayList<>();
  private final List<String> triggeredAlarms = new ArrayList<>();
  private List<HookRun> current = List.of();
  private int index = -1;
  private Phase phase = Phase.WORK;
  private Instant phaseStart;
  private Instant waitUntil;
  private BigDecimal productionWeight = BigDecimal.ZERO;
  private BigDecimal testWeight = BigDecimal.ZERO;
  private boolean scaledUp;
  private boolean reachedTest;
  private boolean reachedProduction;
  private @Nullable String rollbackReason;
  private @Nullable Instant rollbackStartedAt;
  private FakeService.@Nullable Deployment rollbackTo;

  NativeDeployment(ServiceSimulation sim, FakeService s, FakeService.Deployment d) {
    this.sim = sim;
    this.s = s;
    this.d = d;
    this.config = s.config;
    List<FakeService.Deployment> live = new ArrayList<>();
    for (FakeService.Deployment other : s.deployments) {
      if (other != d && sim.liveTasks(s, other) > 0) {
        live.add(other);
      }
    }
    this.sources = List.copyOf(live);
    this.plan = LifecycleStages.plan(config, sources.size() > 1);
    this.phaseStart = sim.now();
    this.waitUntil = sim.now();
    d.startedAt = null;
    d.transitions.clear();
    d.status("PENDING", sim.now());
  }

  void tick() {
    boolean moved = true;
    for (int guard = 0; moved && guard < 100; guard++) {
      moved = step();
    }
  }

  private boolean step() {
    Instant now = sim.now();
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
      case "ROLLBACK_REQUESTED" -> {
        if (now.isBefore(phaseStart.plus(STAGE_TIME))) {
          return false;
        }
        beginRollback();
        return true;
      }
      case "ROLLBACK_IN_PROGRESS" -> {
        return rollback(now);
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
    switch (phase) {
      case WORK -> {
        if (now.isBefore(phaseStart.plus(workTime(step)))) {
          return false;
        }
        if (step.stage().equals(LifecycleStages.SCALE_UP)
            && ServiceSimulation.count(s, d, "RUNNING") < s.desiredCount) {
          return false;
        }
        if (step.stage().equals(LifecycleStages.TEST_TRAFFIC_SHIFT)) {
          testWeight = HUNDRED;
          reachedTest = true;
        }
        if (LifecycleStages.shiftsProduction(step)) {
          productionWeight = step.productionWeight();
          reachedProduction = true;
        }
        current = startHooks(step.stage(), false);
        phase = Phase.HOOKS;
        return true;
      }
      case HOOKS -> {
        HookRun failed = tickHooks(now);
        if (failed != null) {
          fail(Cause.HOOK, failed.describe());
          return true;
        }
        if (current.stream().anyMatch(h -> !h.isDone())) {
          return false;
        }
        phase = Phase.WAIT;
        waitUntil = now.plus(step.bakeAfter());
        return true;
      }
      default -> {
        if (now.isBefore(waitUntil)) {
          return false;
        }
        if (index + 1 < plan.size()) {
          enter(index + 1);
        } else {
          succeed();
        }
        return true;
      }
    }
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

  private List<HookRun> startHooks(String stage, boolean rollingBack) {
    List<HookRun> runs = new ArrayList<>();
    for (DeploymentConfig.Hook hook : config.hooks) {
      if (hook.stages().contains(stage)) {
        HookVerdict verdict =
            hook.targetArn() == null || rollingBack
                ? HookVerdict.SUCCEED
                : sim.hookScript.next(hook.targetArn(), stage);
        runs.add(new HookRun(hook, stage, sim.now(), verdict));
      }
    }
    hooks.addAll(runs);
    return runs;
  }

  private @Nullable HookRun tickHooks(Instant now) {
    for (HookRun run : current) {
      run.tick(now);
      if (run.rollsBack()) {
        return run;
      }
    }
    return null;
  }

  private void succeed() {
    Instant now = sim.now();
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
    boolean rollback =
        switch (cause) {
          case HOOK -> true;
          case CIRCUIT_BREAKER -> config.breakerRollback;
          case ALARM -> config.alarmsRollback;
        };
    sim.event(s, "(service " + s.name + ") (deployment " + d.id + ") failed: " + what + ".");
    if (rollback) {
      startRollback("Service deployment rolled back because " + what + ".", false);
    } else {
      d.serviceDeploymentReason = "Service deployment failed because " + what + ".";
      d.stoppedAt = sim.now();
      d.finishedAt = sim.now();
      d.status("STOPPED", sim.now());
    }
  }

  /**
   * Answers StopServiceDeployment.
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

  /** A newer deployment of the service took over. */
  void supersede() {
    if (d.isCompleted()) {
      return;
    }
    d.serviceDeploymentReason = "Replaced by a new service deployment";
    d.stoppedAt = sim.now();
    d.finishedAt = sim.now();
    d.status("STOPPED", sim.now());
  }

  /**
   * Answers ContinueServiceDeployment for one of its PAUSE hooks.
   *
   * @throws FakeError InvalidParameterException for an unknown hook, ConflictException when the
   *     hook is not awaiting action or the deployment is not IN_PROGRESS (assumed error types)
   */
  void continueHook(String hookId, String action) {
    if (!action.equals("CONTINUE") && !action.equals("ROLLBACK")) {
      throw DeploymentConfig.invalid("Invalid action: " + action + ".");
    }
    HookRun run = hooks.stream().filter(h -> h.hookId.equals(hookId)).findFirst().orElse(null);
    if (run == null) {
      throw DeploymentConfig.invalid("The lifecycle hook " + hookId + " was not found.");
    }
    if (!d.serviceDeploymentStatus.equals("IN_PROGRESS") || !run.status.equals("AWAITING_ACTION")) {
      throw new FakeError(
          "ConflictException", "The lifecycle hook " + hookId + " is not awaiting action.");
    }
    run.continueWith(action);
  }

  private void startRollback(String reason, boolean requested) {
    Instant now = sim.now();
    d.serviceDeploymentReason = reason;
    String back = s.lastCompletedTaskDefinition;
    if (back == null) {
      d.serviceDeploymentReason = "No rollback candidate was found to run the rollback";
      d.finishedAt = now;
      d.status("ROLLBACK_FAILED", now);
      return;
    }
    rollbackReason = reason;
    rollbackStartedAt = now;
    rollbackTo = sim.entryFor(s, back, d);
    d.rollbackRevisionArn = ServiceSimulation.revisionArn(s, rollbackTo);
    phaseStart = now;
    if (requested) {
      d.status("ROLLBACK_REQUESTED", now);
    } else {
      beginRollback();
    }
  }

  private void beginRollback() {
    phase = Phase.RESTORE;
    phaseStart = sim.now();
    d.status("ROLLBACK_IN_PROGRESS", sim.now());
    sim.event(s, "(service " + s.name + ") (deployment " + d.id + ") rolling back.");
  }

  private boolean rollback(Instant now) {
    FakeService.Deployment to = rollbackTo;
    if (to == null) {
      return false;
    }
    if (phase == Phase.RESTORE) {
      for (long live = sim.liveTasks(s, to); live < s.desiredCount; live++) {
        sim.launch(s, to);
      }
      if (now.isBefore(phaseStart.plus(STAGE_TIME))
          || ServiceSimulation.count(s, to, "RUNNING") < s.desiredCount) {
        return false;
      }
      productionWeight = BigDecimal.ZERO;
      testWeight = BigDecimal.ZERO;
      List<HookRun> runs = new ArrayList<>();
      if (reachedProduction) {
        runs.addAll(startHooks(LifecycleStages.PRODUCTION_TRAFFIC_SHIFT, true));
      }
      if (reachedTest) {
        runs.addAll(startHooks(LifecycleStages.TEST_TRAFFIC_SHIFT, true));
      }
      current = runs;
      phase = Phase.ROLLBACK_HOOKS;
      return true;
    }
    tickHooks(now);
    if (current.stream().anyMatch(h -> !h.isDone())) {
      return false;
    }
    d.finishedAt = now;
    if (s.rollbackFailures > 0) {
      s.rollbackFailures--;
      d.serviceDeploymentReason = "Service deployment rollback failed: " + rollbackReason;
      d.status("ROLLBACK_FAILED", now);
      return true;
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
    return true;
  }

  /** Adds the fields only ECS-native deployments have to a DescribeServiceDeployments entry. */
  void json(ObjectNode j) {
    if (d.lifecycleStage != null) {
      j.put("lifecycleStage", d.lifecycleStage);
    }
    ArrayNode sourceList = j.putArray("sourceServiceRevisions");
    FakeService.Deployment main = rollbackTo != null ? rollbackTo : first(sources);
    for (FakeService.Deployment source : sources) {
      revision(
          sourceList.addObject(),
          source,
          source == main ? HUNDRED.subtract(productionWeight) : null);
    }
    ObjectNode target = revision(j.putObject("targetServiceRevision"), d, productionWeight);
    target.put("requestedTestTrafficWeight", testWeight);
    ArrayNode details = j.putArray("lifecycleHookDetails");
    hooks.forEach(h -> h.json(details.addObject()));
    ObjectNode alarms = j.putObject("alarms");
    alarms.put("status", alarmStatus());
    config.alarmNames.forEach(alarms.withArray("alarmNames")::add);
    triggeredAlarms.forEach(alarms.withArray("triggeredAlarmNames")::add);
    j.set("deploymentConfiguration", config.json.deepCopy());
    if (rollbackReason != null && rollbackStartedAt != null) {
      ObjectNode rollback = j.putObject("rollback");
      rollback.put("reason", rollbackReason).put("startedAt", seconds(rollbackStartedAt));
      if (d.rollbackRevisionArn != null) {
        rollback.put("serviceRevisionArn", d.rollbackRevisionArn);
      }
    }
  }

  private ObjectNode revision(
      ObjectNode o, FakeService.Deployment revision, @Nullable BigDecimal weight) {
    boolean cleaned = index >= 0 && plan.get(index).stage().equals(LifecycleStages.CLEAN_UP);
    boolean requested = revision == d || revision == rollbackTo || !cleaned;
    o.put("arn", ServiceSimulation.revisionArn(s, revision));
    o.put("requestedTaskCount", requested ? s.desiredCount : 0);
    o.put("runningTaskCount", ServiceSimulation.count(s, revision, "RUNNING"));
    o.put("pendingTaskCount", ServiceSimulation.count(s, revision, "PENDING"));
    o.put("requestedProductionTrafficWeight", weight == null ? BigDecimal.ZERO : weight);
    if (revision != d) {
      o.put(
          "requestedTestTrafficWeight",
          weight == null ? BigDecimal.ZERO : HUNDRED.subtract(testWeight));
    }
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

  private static FakeService.@Nullable Deployment first(List<FakeService.Deployment> list) {
    return list.isEmpty() ? null : list.get(0);
  }
}
