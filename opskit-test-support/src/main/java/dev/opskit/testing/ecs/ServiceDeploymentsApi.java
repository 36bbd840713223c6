package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.FakeEcs.ACCOUNT;
import static dev.opskit.testing.ecs.FakeEcs.REGION;
import static dev.opskit.testing.ecs.FakeEcs.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions,
 * StopServiceDeployment and ContinueServiceDeployment over the fake's services. Guarded by the
 * FakeEcs lock.
 *
 * <p>Documented limits are enforced: a page of at most 100 (default 20), at most 20 ARNs per
 * describe, unknown ARNs in {@code failures} as {@code MISSING}. Assumptions: lists are oldest
 * first; {@code createdAt} bounds are inclusive; StopServiceDeployment without a {@code stopType}
 * rolls back, refuses the undocumented {@code ABORT} with {@code InvalidParameterException}, and
 * answers {@code ConflictException} for a completed deployment.
 */
final class ServiceDeploymentsApi {
  private static final int MAX_PAGE = 100;
  private static final int DEFAULT_PAGE = 20;
  private static final int MAX_DESCRIBE = 20;

  private final ServiceSimulation sim;
  private final ObjectMapper json;

  ServiceDeploymentsApi(ServiceSimulation sim, ObjectMapper json) {
    this.sim = sim;
    this.json = json;
  }

  JsonNode list(JsonNode r) {
    requireApi();
    FakeService s = sim.service(r.path("cluster").asText("default"), r.path("service").asText());
    JsonNode after = r.path("createdAt").path("after");
    JsonNode before = r.path("createdAt").path("before");
    Set<String> statuses = new HashSet<>();
    r.path("status").forEach(st -> statuses.add(st.asText()));
    int max = r.path("maxResults").asInt(DEFAULT_PAGE);
    if (max < 1 || max > MAX_PAGE) {
      throw DeploymentConfig.invalid("maxResults must be between 1 and " + MAX_PAGE + ".");
    }
    List<FakeService.Deployment> matching = new ArrayList<>();
    for (FakeService.Deployment d : sim.allDeployments(s)) {
      if (after.isNumber() && seconds(d.createdAt).compareTo(after.decimalValue()) < 0
          || before.isNumber() && seconds(d.createdAt).compareTo(before.decimalValue()) > 0
          || !statuses.isEmpty() && !statuses.contains(d.serviceDeploymentStatus)) {
        continue;
      }
      matching.add(d);
    }
    int start = token(r.path("nextToken"), matching.size());
    int end = Math.min(start + max, matching.size());
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("serviceDeployments");
    for (FakeService.Deployment d : matching.subList(start, end)) {
      ObjectNode j = list.addObject();
      common(j, s, d);
      j.put("targetServiceRevisionArn", ServiceSimulation.revisionArn(s, d));
    }
    if (end < matching.size()) {
      out.put("nextToken", Integer.toString(end));
    }
    return out;
  }

  JsonNode describe(JsonNode r) {
    requireApi();
    JsonNode arns = r.path("serviceDeploymentArns");
    if (!arns.isArray() || arns.isEmpty() || arns.size() > MAX_DESCRIBE) {
      throw DeploymentConfig.invalid(
          "serviceDeploymentArns must hold between 1 and " + MAX_DESCRIBE + " ARNs.");
    }
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("serviceDeployments");
    ArrayNode failures = out.putArray("failures");
    for (JsonNode arn : arns) {
      FakeService owner = owner(arn.asText());
      if (owner == null) {
        failures.addObject().put("arn", arn.asText()).put("reason", "MISSING");
        continue;
      }
      FakeService.Deployment found = find(owner, arn.asText());
      ObjectNode j = list.addObject();
      common(j, owner, found);
      j.putObject("targetServiceRevision")
          .put("arn", ServiceSimulation.revisionArn(owner, found))
          .put("requestedTaskCount", found.desiredCount)
          .put("runningTaskCount", ServiceSimulation.count(owner, found, "RUNNING"))
          .put("pendingTaskCount", ServiceSimulation.count(owner, found, "PENDING"));
      if (found.circuitBreakerStatus != null) {
        j.putObject("deploymentCircuitBreaker")
            .put("status", found.circuitBreakerStatus)
            .put("failureCount", found.failedTasks)
            .put("threshold", found.threshold);
      }
      if (found.run != null) {
        found.run.json(j);
      } else if (found.serviceDeploymentStatus.startsWith("ROLLBACK")) {
        ObjectNode rollback =
            j.putObject("rollback")
                .put("reason", String.valueOf(found.serviceDeploymentReason))
                .put("startedAt", seconds(found.updatedAt));
        if (found.rollbackRevisionArn != null) {
          rollback.put("serviceRevisionArn", found.rollbackRevisionArn);
        }
      }
    }
    return out;
  }

  JsonNode stop(JsonNode r) {
    requireApi();
    String arn = r.path("serviceDeploymentArn").asText("");
    FakeService owner = owner(arn);
    if (owner == null) {
      throw new FakeError(
          "ServiceDeploymentNotFoundException",
          "The service deployment " + arn + " was not found.");
    }
    String stopType = r.path("stopType").asText("ROLLBACK");
    if (!stopType.equals("ROLLBACK")) {
      throw DeploymentConfig.invalid(
          "stopType " + stopType + " is not supported by the fake; use ROLLBACK.");
    }
    FakeService.Deployment d = find(owner, arn);
    if (d.run != null) {
      d.run.stop();
    } else {
      sim.stopRolling(owner, d);
    }
    return json.createObjectNode().put("serviceDeploymentArn", arn);
  }

  JsonNode continueDeployment(JsonNode r) {
    requireApi();
    String arn = r.path("serviceDeploymentArn").asText("");
    FakeService owner = owner(arn);
    if (owner == null) {
      throw new FakeError(
          "ServiceDeploymentNotFoundException",
          "The service deployment " + arn + " was not found.");
    }
    FakeService.Deployment d = find(owner, arn);
    if (d.run == null) {
      throw new FakeError(
          "ConflictException", "The service deployment " + arn + " has no lifecycle hooks.");
    }
    d.run.continueHook(r.path("hookId").asText(""), r.path("action").asText("CONTINUE"));
    return json.createObjectNode().put("serviceDeploymentArn", arn);
  }

  JsonNode describeRevisions(JsonNode r) {
    requireApi();
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("serviceRevisions");
    ArrayNode failures = out.putArray("failures");
    for (JsonNode arn : r.path("serviceRevisionArns")) {
      ObjectNode found = null;
      for (FakeService s : sim.services.values()) {
        for (FakeService.Deployment d : sim.allDeployments(s)) {
          if (ServiceSimulation.revisionArn(s, d).equals(arn.asText())) {
            found =
                json.createObjectNode()
                    .put("serviceRevisionArn", arn.asText())
                    .put("serviceArn", s.arn)
                    .put("clusterArn", clusterArn(s))
                    .put("taskDefinition", d.taskDefinition)
                    .put("createdAt", seconds(d.createdAt));
          }
        }
      }
      if (found == null) {
        failures.addObject().put("arn", arn.asText()).put("reason", "MISSING");
      } else {
        list.add(found);
      }
    }
    return out;
  }

  private void common(ObjectNode j, FakeService s, FakeService.Deployment d) {
    j.put("serviceDeploymentArn", d.serviceDeploymentArn);
    j.put("serviceArn", s.arn);
    j.put("clusterArn", clusterArn(s));
    j.put("createdAt", seconds(d.createdAt));
    if (d.startedAt != null) {
      j.put("startedAt", seconds(d.startedAt));
    }
    if (d.finishedAt != null) {
      j.put("finishedAt", seconds(d.finishedAt));
    }
    if (d.stoppedAt != null) {
      j.put("stoppedAt", seconds(d.stoppedAt));
    }
    j.put("updatedAt", seconds(d.transitions.get(d.transitions.size() - 1).at()));
    j.put("status", d.serviceDeploymentStatus);
    if (d.serviceDeploymentReason != null) {
      j.put("statusReason", d.serviceDeploymentReason);
    }
  }

  private void requireApi() {
    if (!sim.serviceDeploymentsApi) {
      throw new FakeError(
          "UnsupportedFeatureException", "The service deployments API is not available here.");
    }
  }

  private @Nullable FakeService owner(String arn) {
    for (FakeService s : sim.services.values()) {
      for (FakeService.Deployment d : sim.allDeployments(s)) {
        if (d.serviceDeploymentArn.equals(arn)) {
          return s;
        }
      }
    }
    return null;
  }

  FakeService.@Nullable Deployment findAnywhere(String arn) {
    FakeService owner = owner(arn);
    return owner == null ? null : find(owner, arn);
  }

  private FakeService.Deployment find(FakeService owner, String arn) {
    return sim.allDeployments(owner).stream()
        .filter(d -> d.serviceDeploymentArn.equals(arn))
        .findFirst()
        .orElseThrow();
  }

  private static int token(JsonNode token, int size) {
    if (token.isMissingNode() || token.isNull()) {
      return 0;
    }
    try {
      int start = Integer.parseInt(token.asText());
      if (start >= 0 && start <= size) {
        return start;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw DeploymentConfig.invalid("Invalid nextToken.");
  }

  private static String clusterArn(FakeService s) {
    return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/" + s.cluster;
  }
}
