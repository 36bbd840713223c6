package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.FakeEcs.ACCOUNT;
import static dev.opskit.testing.ecs.FakeEcs.REGION;
import static dev.opskit.testing.ecs.FakeEcs.TASK_START;
import static dev.opskit.testing.ecs.FakeEcs.circuitBreakerThreshold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The fake's services: rolling deployments, tasks starting, crashing and draining, the circuit
 * breaker and its rollback, and service events. BLUE_GREEN, LINEAR and CANARY deployments run in
 * {@link NativeDeployment}; the service-deployments API is {@link ServiceDeploymentsApi}. Guarded
 * by the FakeEcs lock.
 */
final class ServiceSimulation {
  final Map<String, FakeService> services = new LinkedHashMap<>();
  final Map<String, TaskBehavior> behaviors = new HashMap<>();
  final HookScript hookScript = new HookScript();

  /** Alarms scripted to fire: name and the lifecycle stage at which they fire. */
  private final List<String[]> alarms = new ArrayList<>();

  /** Every deployment each service ever had, oldest first, for the service-deployments API. */
  private final Map<String, List<FakeService.Deployment>> history = new HashMap<>();

  final ServiceViews views;
  boolean serviceDeploymentsApi = true;
  Duration rollbackDelay = Duration.ZERO;
  private long ids = 1_700_000_000_000_000_000L;
  private final FakeEcs fake;
  private final ObjectMapper json;
  private final TaskDefinitionStore store;

  ServiceSimulation(FakeEcs fake, TaskDefinitionStore store) {
    this.fake = fake;
    this.json = fake.json;
    this.store = store;
    this.views = new ServiceViews(this, json);
  }

  Instant now() {
    return fake.now();
  }

  void tickAll() {
    for (FakeService service : services.values()) {
      tick(service);
    }
  }

  void createService(
      String cluster,
      String service,
      String taskDefinitionArn,
      int desiredCount,
      DeploymentConfig config) {
    FakeService s = newService(cluster, service, taskDefinitionArn, desiredCount, config);
    FakeService.Deployment d = newDeployment(s, taskDefinitionArn, null);
    for (int i = 0; i < desiredCount; i++) {
      FakeTask t = launch(s, d);
      t.lastStatus = "RUNNING";
      t.startedAt = now();
    }
    complete(s, d);
    s.events.clear();
    event(s, "(service " + service + ") has reached a steady state.");
  }

  /** CreateService: the service's first deployment starts from nothing. */
  JsonNode createServiceCall(JsonNode r) {
    String cluster = r.path("cluster").asText("default");
    String name = r.path("serviceName").asText("");
    if (name.isEmpty()) {
      throw DeploymentConfig.invalid("serviceName is required.");
    }
    if (services.containsKey(cluster + "/" + name)) {
      throw DeploymentConfig.invalid("Creation of service was not idempotent.");
    }
    String td = store.find(r.path("taskDefinition").asText()).get("taskDefinitionArn").asText();
    DeploymentConfig config = DeploymentConfig.rolling(json, false, false);
    if (r.has("deploymentConfiguration")) {
      config = config.apply(r.get("deploymentConfiguration"));
    }
    FakeService s = newService(cluster, name, td, r.path("desiredCount").asInt(0), config);
    s.controller = r.path("deploymentController").path("type").asText("ECS");
    s.taskDefinition = "";
    startDeployment(s, td);
    ObjectNode out = json.createObjectNode();
    out.set("service", views.serviceJson(s));
    return out;
  }

  private FakeService newService(
      String cluster, String name, String td, int desiredCount, DeploymentConfig config) {
    String arn = "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":service/" + cluster + "/" + name;
    FakeService s = new FakeService(cluster, name, arn, td, desiredCount, config);
    services.put(cluster + "/" + name, s);
    return s;
  }

  /** Fires the alarms scripted for a stage that the deployment monitors. */
  List<String> fireAlarms(DeploymentConfig config, String stage) {
    List<String> fired = new ArrayList<>();
    if (!config.alarms) {
      return fired;
    }
    for (Iterator<String[]> it = alarms.iterator(); it.hasNext(); ) {
      String[] alarm = it.next();
      if (alarm[1].equals(stage) && config.alarmNames.contains(alarm[0])) {
        fired.add(alarm[0]);
        it.remove();
      }
    }
    return fired;
  }

  void scriptAlarm(String name, String stage) {
    alarms.add(new String[] {name, stage});
  }

  // ---------------------------------------------------------------- services

  FakeService service(String cluster, String name) {
    FakeService s = find(cluster, name);
    if (s == null) {
      throw new FakeError("ServiceNotFoundException", "Service not found.");
    }
    return s;
  }

  /** Finds a service by cluster and service, each a name or an ARN. */
  @Nullable FakeService find(String cluster, String name) {
    String c = cluster.substring(cluster.lastIndexOf('/') + 1);
    String n = name.substring(name.lastIndexOf('/') + 1);
    return services.get(c + "/" + n);
  }

  JsonNode updateServiceCall(JsonNode r) {
    FakeService s = service(r.path("cluster").asText("default"), r.path("service").asText());
    String td = r.path("taskDefinition").asText(s.taskDefinition);
    String arn = store.find(td).get("taskDefinitionArn").asText();
    if (!s.controller.equals("ECS") && !arn.equals(s.taskDefinition)) {
      // The message ECS answers (quoted in fabfuel/ecs-deploy#120).
      throw DeploymentConfig.invalid(
          "Unable to update task definition on services with a "
              + s.controller
              + " deployment controller. Use AWS CodeDeploy to trigger a new deployment.");
    }
    if (r.hasNonNull("deploymentConfiguration")) {
      s.config = s.config.apply(r.get("deploymentConfiguration"));
    }
    if (r.hasNonNull("desiredCount")) {
      s.desiredCount = r.get("desiredCount").asInt();
    }
    if (!arn.equals(s.taskDefinition) || r.path("forceNewDeployment").asBoolean(false)) {
      startDeployment(s, arn);
    }
    ObjectNode out = json.createObjectNode();
    out.set("service", views.serviceJson(s));
    return out;
  }

  void startDeployment(FakeService s, String taskDefinitionArn) {
    String previous = s.taskDefinition.isEmpty() ? null : s.taskDefinition;
    for (FakeService.Deployment old : allDeployments(s)) {
      if (old.run != null) {
        old.run.supersede();
      } else if (old.serviceDeploymentStatus.equals("IN_PROGRESS")) {
        old.serviceDeploymentReason = "Replaced by a new service deployment";
        old.finishedAt = now();
        old.stoppedAt = now();
        old.status("STOPPED", now());
      }
    }
    FakeService.Deployment d = newDeployment(s, taskDefinitionArn, previous);
    if (s.config.isNative()) {
      d.run = new NativeDeployment(this, s, d);
    }
    event(s, "(service " + s.name + ") has started 0 tasks: deployment " + d.id + ".");
  }

  FakeService.Deployment newDeployment(
      FakeService s, String taskDefinitionArn, @Nullable String source) {
    long id = ++ids;
    FakeService.Deployment d =
        new FakeService.Deployment(
            "ecs-svc/" + id,
            "arn:aws:ecs:"
                + REGION
                + ":"
                + ACCOUNT
                + ":service-deployment/"
                + s.cluster
                + "/"
                + s.name
                + "/"
                + id,
            taskDefinitionArn,
            source,
            s.desiredCount,
            now());
    d.threshold = circuitBreakerThreshold(s.desiredCount);
    d.circuitBreakerStatus = s.config.circuitBreaker ? "MONITORING" : "DISABLED";
    for (FakeService.Deployment other : s.deployments) {
      other.status = "ACTIVE";
    }
    s.deployments.add(0, d);
    history.computeIfAbsent(s.arn, k -> new ArrayList<>()).add(d);
    s.taskDefinition = taskDefinitionArn;
    return d;
  }

  void complete(FakeService s, FakeService.Deployment d) {
    d.rolloutState = "COMPLETED";
    d.rolloutStateReason = "ECS deployment " + d.id + " completed.";
    d.updatedAt = now();
    d.finishedAt = now();
    if (d.circuitBreakerStatus != null && !d.circuitBreakerStatus.equals("DISABLED")) {
      d.circuitBreakerStatus = "MONITORING_COMPLETE";
    }
    if (d.isRollback && d.rolledBackFrom != null) {
      d.rolledBackFrom.finishedAt = now();
      d.rolledBackFrom.status("ROLLBACK_SUCCESSFUL", now());
    }
    d.status("SUCCESSFUL", now());
    s.lastCompletedTaskDefinition = d.taskDefinition;
    for (FakeTask t : s.tasks) {
      if (!t.isStopped() && !t.deploymentId.equals(d.id)) {
        t.stop(
            now(),
            "Scaling activity initiated by (deployment " + d.id + ")",
            "ServiceSchedulerInitiated",
            0);
      }
    }
    s.deployments.removeIf(other -> other != d);
    event(s, "(service " + s.name + ") (deployment " + d.id + ") deployment completed.");
    event(s, "(service " + s.name + ") has reached a steady state.");
  }

  void tick(FakeService s) {
    startPendingRollback(s);
    FakeService.Deployment primary = s.primary();
    for (FakeTask t : s.tasks) {
      TaskBehavior behavior = behaviors.getOrDefault(t.image, TaskBehavior.HEALTHY);
      if (t.lastStatus.equals("PENDING")
          && !now().isBefore(t.startsAt)
          && behavior != TaskBehavior.STUCK) {
        if (behavior == TaskBehavior.CRASH) {
          t.startedAt = t.startsAt.minusSeconds(5);
          t.containerReason = null;
          t.stop(now(), "Essential container in task exited", "EssentialContainerExited", 1);
          s.taskFailures.add(now());
          for (FakeService.Deployment d : s.deployments) {
            if (d.id.equals(t.deploymentId)) {
              d.failedTasks++;
              d.updatedAt = now();
            }
          }
          event(
              s,
              "(service "
                  + s.name
                  + ") has stopped 1 running tasks: (task "
                  + shortId(t.arn)
                  + ").");
        } else {
          t.lastStatus = "RUNNING";
          t.startedAt = now();
        }
      }
    }
    if (primary.run != null) {
      primary.run.tick();
      return;
    }
    if (!primary.rolloutState.equals("IN_PROGRESS")) {
      return;
    }
    if (s.config.circuitBreaker && primary.failedTasks >= primary.threshold) {
      tripCircuitBreaker(s, primary);
      return;
    }
    long active =
        s.tasks.stream().filter(t -> !t.isStopped() && t.deploymentId.equals(primary.id)).count();
    int started = 0;
    for (long i = active; i < s.desiredCount; i++) {
      launch(s, primary);
      started++;
    }
    if (started > 0) {
      event(
          s,
          "(service "
              + s.name
              + ") has started "
              + started
              + " tasks: (deployment "
              + primary.id
              + ").");
    }
    long running =
        s.tasks.stream().filter(t -> t.isRunning() && t.deploymentId.equals(primary.id)).count();
    if (running >= s.desiredCount) {
      complete(s, primary);
    }
  }

  void tripCircuitBreaker(FakeService s, FakeService.Deployment failed) {
    failed.rolloutState = "FAILED";
    failed.rolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
    failed.updatedAt = now();
    failed.circuitBreakerStatus = "TRIGGERED";
    s.circuitBreakerTrippedAt = now();
    for (FakeTask t : s.tasks) {
      if (!t.isStopped() && t.deploymentId.equals(failed.id)) {
        t.stop(
            now(),
            "Scaling activity initiated by (deployment " + failed.id + ")",
            "ServiceSchedulerInitiated",
            null);
      }
    }
    event(
        s,
        "(service "
            + s.name
            + ") (deployment "
            + failed.id
            + ") deployment failed: tasks failed to start.");
    failed.serviceDeploymentReason = "ECS deployment circuit breaker: tasks failed to start.";
    if (s.config.breakerRollback && s.lastCompletedTaskDefinition != null) {
      failed.status("ROLLBACK_REQUESTED", now());
      s.pendingRollback = failed;
      s.pendingRollbackAt = now().plus(rollbackDelay);
      startPendingRollback(s);
    } else {
      failed.finishedAt = now();
      failed.stoppedAt = now();
      failed.status("STOPPED", now());
    }
  }

  /** StopServiceDeployment(ROLLBACK) of a rolling deployment: the breaker's rollback path. */
  void stopRolling(FakeService s, FakeService.Deployment d) {
    switch (d.serviceDeploymentStatus) {
      case "PENDING", "IN_PROGRESS" -> {
        d.serviceDeploymentReason =
            "Service deployment rolled back by a StopServiceDeployment request.";
        d.updatedAt = now();
        if (s.lastCompletedTaskDefinition == null || d.isRollback) {
          d.serviceDeploymentReason = "No rollback candidate was found to run the rollback";
          d.finishedAt = now();
          d.status("ROLLBACK_FAILED", now());
          return;
        }
        d.status("ROLLBACK_REQUESTED", now());
        s.pendingRollback = d;
        s.pendingRollbackAt = now();
      }
      case "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS" -> {}
      default ->
          throw new FakeError(
              "ConflictException",
              "The service deployment is " + d.serviceDeploymentStatus + " and cannot be stopped.");
    }
  }

  /** Starts the circuit breaker's rollback deployment once its delay has passed. */
  private void startPendingRollback(FakeService s) {
    FakeService.Deployment failed = s.pendingRollback;
    Instant at = s.pendingRollbackAt;
    if (failed == null || at == null || now().isBefore(at)) {
      return;
    }
    s.pendingRollback = null;
    s.pendingRollbackAt = null;
    if (s.rollbackFailures > 0) {
      s.rollbackFailures--;
      failed.serviceDeploymentReason =
          "Service deployment rollback failed: " + failed.serviceDeploymentReason;
      failed.finishedAt = now();
      failed.status("ROLLBACK_FAILED", now());
      return;
    }
    failed.status("ROLLBACK_IN_PROGRESS", now());
    FakeService.Deployment back =
        newDeployment(
            s, Objects.requireNonNull(s.lastCompletedTaskDefinition), failed.taskDefinition);
    back.isRollback = true;
    back.rolledBackFrom = failed;
    failed.rollbackRevisionArn = revisionArn(s, back);
    event(s, "(service " + s.name + ") rolling back to deployment " + back.id + ".");
  }

  FakeTask launch(FakeService s, FakeService.Deployment d) {
    ObjectNode td = store.find(d.taskDefinition);
    JsonNode container = td.path("containerDefinitions").path(0);
    FakeTask t =
        new FakeTask(
            "arn:aws:ecs:"
                + REGION
                + ":"
                + ACCOUNT
                + ":task/"
                + s.cluster
                + "/"
                + UUID.randomUUID().toString().replace("-", ""),
            d.taskDefinition,
            d.id,
            container.path("name").asText(),
            container.path("image").asText(),
            now(),
            now().plus(TASK_START));
    s.tasks.add(t);
    return t;
  }

  long liveTasks(FakeService s, FakeService.Deployment d) {
    return s.tasks.stream().filter(t -> !t.isStopped() && t.deploymentId.equals(d.id)).count();
  }

  /** Stops every task of the service that does not belong to {@code keep}. */
  void stopTasksExcept(FakeService s, FakeService.Deployment keep) {
    for (FakeTask t : s.tasks) {
      if (!t.isStopped() && !t.deploymentId.equals(keep.id)) {
        t.stop(
            now(),
            "Scaling activity initiated by (deployment " + keep.id + ")",
            "ServiceSchedulerInitiated",
            0);
      }
    }
  }

  /**
   * Returns the service's deployments-list entry for a task definition other than {@code not},
   * adding one (not a new service deployment) when none is left.
   */
  FakeService.Deployment entryFor(
      FakeService s, String taskDefinition, FakeService.Deployment not) {
    for (FakeService.Deployment d : s.deployments) {
      if (d != not && d.taskDefinition.equals(taskDefinition)) {
        return d;
      }
    }
    long id = ++ids;
    FakeService.Deployment d =
        new FakeService.Deployment(
            "ecs-svc/" + id, "", taskDefinition, null, s.desiredCount, now());
    d.status = "ACTIVE";
    s.deployments.add(d);
    return d;
  }

  void event(FakeService s, String message) {
    s.events.add(0, new FakeService.Event(UUID.randomUUID().toString(), now(), message));
    if (s.events.size() > 100) {
      s.events.remove(s.events.size() - 1);
    }
  }

  static String shortId(String taskArn) {
    return taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }

  static long count(FakeService s, FakeService.Deployment d, String status) {
    return s.tasks.stream()
        .filter(t -> t.deploymentId.equals(d.id) && t.lastStatus.equals(status))
        .count();
  }

  List<FakeService.Deployment> allDeployments(FakeService s) {
    return history.getOrDefault(s.arn, List.of());
  }

  static String revisionArn(FakeService s, FakeService.Deployment d) {
    return "arn:aws:ecs:"
        + REGION
        + ":"
        + ACCOUNT
        + ":service-revision/"
        + s.cluster
        + "/"
        + s.name
        + "/"
        + d.id.substring(d.id.indexOf('/') + 1);
  }
}
