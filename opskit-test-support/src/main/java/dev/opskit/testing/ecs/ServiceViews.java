package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.FakeEcs.ACCOUNT;
import static dev.opskit.testing.ecs.FakeEcs.REGION;
import static dev.opskit.testing.ecs.FakeEcs.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of the fake's services: DescribeServices, ListServices, ListTasks and
 * DescribeTasks. Guarded by the FakeEcs lock.
 */
final class ServiceViews {
  private static final int MAX_DESCRIBE = 10;
  private static final int DEFAULT_LIST_PAGE = 10;
  private static final int MAX_LIST_PAGE = 100;

  private final ServiceSimulation sim;
  private final ObjectMapper json;

  ServiceViews(ServiceSimulation sim, ObjectMapper json) {
    this.sim = sim;
    this.json = json;
  }

  /**
   * DescribeServices: services by name or ARN, at most {@value #MAX_DESCRIBE} per call (the API's
   * limit); unknown ones in {@code failures} as {@code MISSING}.
   */
  JsonNode describeServices(JsonNode r) {
    JsonNode names = r.path("services");
    if (!names.isArray() || names.isEmpty() || names.size() > MAX_DESCRIBE) {
      throw DeploymentConfig.invalid(
          "services must hold between 1 and " + MAX_DESCRIBE + " names or ARNs.");
    }
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("services");
    ArrayNode failures = out.putArray("failures");
    String cluster = r.path("cluster").asText("default");
    for (JsonNode name : names) {
      FakeService s = sim.find(cluster, name.asText());
      if (s == null) {
        failures.addObject().put("arn", name.asText()).put("reason", "MISSING");
      } else {
        list.add(serviceJson(s));
      }
    }
    return out;
  }

  /**
   * ListServices: the ARNs of a cluster's services in creation order, {@code maxResults} (1-100,
   * default 10) per page, with a {@code nextToken} while more remain.
   */
  JsonNode listServices(JsonNode r) {
    String cluster = r.path("cluster").asText("default");
    String c = cluster.substring(cluster.lastIndexOf('/') + 1);
    int max = r.path("maxResults").asInt(DEFAULT_LIST_PAGE);
    if (max < 1 || max > MAX_LIST_PAGE) {
      throw DeploymentConfig.invalid("maxResults must be between 1 and " + MAX_LIST_PAGE + ".");
    }
    List<String> arns = new ArrayList<>();
    for (FakeService s : sim.services.values()) {
      if (s.cluster.equals(c)) {
        arns.add(s.arn);
      }
    }
    int start = 0;
    JsonNode token = r.path("nextToken");
    if (token.isTextual()) {
      try {
        start = Integer.parseInt(token.asText());
      } catch (NumberFormatException e) {
        start = -1;
      }
      if (start < 0 || start > arns.size()) {
        throw DeploymentConfig.invalid("Invalid nextToken.");
      }
    }
    int end = Math.min(arns.size(), start + max);
    ObjectNode out = json.createObjectNode();
    ArrayNode page = out.putArray("serviceArns");
    arns.subList(start, end).forEach(page::add);
    if (end < arns.size()) {
      out.put("nextToken", Integer.toString(end));
    }
    return out;
  }

  ObjectNode serviceJson(FakeService s) {
    ObjectNode o = json.createObjectNode();
    o.put("serviceArn", s.arn);
    o.put("serviceName", s.name);
    o.put("clusterArn", "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/" + s.cluster);
    o.put("status", "ACTIVE");
    o.put("desiredCount", s.desiredCount);
    o.put("runningCount", s.tasks.stream().filter(FakeTask::isRunning).count());
    o.put("pendingCount", s.tasks.stream().filter(t -> t.lastStatus.equals("PENDING")).count());
    o.put("launchType", "FARGATE");
    o.put("taskDefinition", s.taskDefinition);
    o.set("deploymentConfiguration", s.config.json.deepCopy());
    o.putObject("deploymentController").put("type", s.controller);
    List<FakeService.Deployment> all = sim.allDeployments(s);
    if (!all.isEmpty()) {
      o.put("currentServiceDeployment", all.get(all.size() - 1).serviceDeploymentArn);
    }
    ArrayNode deployments = o.putArray("deployments");
    for (FakeService.Deployment d : s.deployments) {
      ObjectNode j = deployments.addObject();
      j.put("id", d.id);
      j.put("status", d.status);
      j.put("taskDefinition", d.taskDefinition);
      j.put("desiredCount", d.status.equals("PRIMARY") ? s.desiredCount : 0);
      j.put("pendingCount", ServiceSimulation.count(s, d, "PENDING"));
      j.put("runningCount", ServiceSimulation.count(s, d, "RUNNING"));
      j.put("failedTasks", d.failedTasks);
      j.put("createdAt", seconds(d.createdAt));
      j.put("updatedAt", seconds(d.updatedAt));
      j.put("launchType", "FARGATE");
      j.put("rolloutState", d.rolloutState);
      j.put("rolloutStateReason", d.rolloutStateReason);
    }
    ArrayNode events = o.putArray("events");
    for (FakeService.Event e : s.events) {
      events
          .addObject()
          .put("id", e.id())
          .put("createdAt", seconds(e.createdAt()))
          .put("message", e.message());
    }
    return o;
  }

  JsonNode listTasks(JsonNode r) {
    FakeService s =
        sim.service(r.path("cluster").asText("default"), r.path("serviceName").asText());
    String desired = r.path("desiredStatus").asText("RUNNING");
    ObjectNode out = json.createObjectNode();
    ArrayNode arns = out.putArray("taskArns");
    List<FakeTask> tasks = new ArrayList<>(s.tasks);
    java.util.Collections.reverse(tasks);
    tasks.stream()
        .filter(t -> t.desiredStatus.equals(desired))
        .limit(100)
        .forEach(t -> arns.add(t.arn));
    return out;
  }

  JsonNode describeTasks(JsonNode r) {
    String cluster = r.path("cluster").asText("default");
    Map<String, FakeTask> all = new HashMap<>();
    for (FakeService s : sim.services.values()) {
      if (s.cluster.equals(cluster)) {
        s.tasks.forEach(t -> all.put(t.arn, t));
      }
    }
    ObjectNode out = json.createObjectNode();
    ArrayNode tasks = out.putArray("tasks");
    ArrayNode failures = out.putArray("failures");
    for (JsonNode arn : r.path("tasks")) {
      FakeTask t = all.get(arn.asText());
      if (t == null) {
        failures.addObject().put("arn", arn.asText()).put("reason", "MISSING");
        continue;
      }
      ObjectNode j = tasks.addObject();
      j.put("taskArn", t.arn);
      j.put("taskDefinitionArn", t.taskDefinition);
      j.put("lastStatus", t.lastStatus);
      j.put("desiredStatus", t.desiredStatus);
      j.put("startedBy", t.deploymentId);
      j.put("createdAt", seconds(t.createdAt));
      if (t.startedAt != null) {
        j.put("startedAt", seconds(t.startedAt));
      }
      if (t.stoppedAt != null) {
        j.put("stoppedAt", seconds(t.stoppedAt));
        j.put("stoppedReason", t.stoppedReason);
        if (t.stopCode != null) {
          j.put("stopCode", t.stopCode);
        }
      }
      ObjectNode c = j.putArray("containers").addObject();
      c.put("name", t.containerName).put("image", t.image).put("lastStatus", t.lastStatus);
      if (t.exitCode != null) {
        c.put("exitCode", t.exitCode);
      }
      if (t.containerReason != null) {
        c.put("reason", t.containerReason);
      }
    }
    return out;
  }
}
