package dev.opskit.testing.ecs;

import static dev.opskit.testing.ecs.FakeEcs.ACCOUNT;
import static dev.opskit.testing.ecs.FakeEcs.REGION;
import static dev.opskit.testing.ecs.FakeEcs.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The fake's task-definition revisions and their tags. Guarded by the FakeEcs lock. */
final class TaskDefinitionStore {
  static final Set<String> REGISTER_FIELDS =
      Set.of(
          "family",
          "taskRoleArn",
          "executionRoleArn",
          "networkMode",
          "containerDefinitions",
          "volumes",
          "placementConstraints",
          "requiresCompatibilities",
          "cpu",
          "memory",
          "tags",
          "pidMode",
          "ipcMode",
          "proxyConfiguration",
          "inferenceAccelerators",
          "ephemeralStorage",
          "runtimePlatform",
          "enableFaultInjection");

  private final FakeEcs fake;
  private final ObjectMapper json;
  private final Map<String, List<ObjectNode>> taskDefinitions = new LinkedHashMap<>();
  private final Map<String, ArrayNode> taskDefinitionTags = new HashMap<>();

  TaskDefinitionStore(FakeEcs fake) {
    this.fake = fake;
    this.json = fake.json;
  }

  private Instant now() {
    return fake.now();
  }

  // ---------------------------------------------------------------- task definitions

  JsonNode registerResponse(JsonNode r) {
    ObjectNode definition = register((ObjectNode) r);
    ObjectNode out = json.createObjectNode();
    out.set("taskDefinition", definition);
    ArrayNode tags = taskDefinitionTags.get(definition.get("taskDefinitionArn").asText());
    if (tags != null) {
      out.set("tags", tags);
    }
    return out;
  }

  ObjectNode register(ObjectNode request) {
    request
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!REGISTER_FIELDS.contains(f)) {
                throw new FakeError("ClientException", "Unknown parameter in input: \"" + f + "\"");
              }
            });
    String family = request.path("family").asText("");
    if (family.isEmpty() || !request.path("containerDefinitions").isArray()) {
      throw new FakeError("ClientException", "family and containerDefinitions are required");
    }
    List<ObjectNode> revisions = taskDefinitions.computeIfAbsent(family, f -> new ArrayList<>());
    int revision = revisions.size() + 1;
    ObjectNode definition = request.deepCopy();
    JsonNode tags = definition.remove("tags");
    String arn =
        "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task-definition/" + family + ":" + revision;
    definition.put("taskDefinitionArn", arn);
    definition.put("revision", revision);
    definition.put("status", "ACTIVE");
    definition.set("compatibilities", json.createArrayNode().add("EC2").add("FARGATE"));
    definition.set("requiresAttributes", json.createArrayNode());
    definition.put("registeredAt", seconds(now()));
    definition.put("registeredBy", "arn:aws:iam::" + ACCOUNT + ":role/ci");
    revisions.add(definition);
    if (tags instanceof ArrayNode array && !array.isEmpty()) {
      taskDefinitionTags.put(arn, array);
    }
    return definition;
  }

  ObjectNode find(String reference) {
    String ref =
        reference.contains(":task-definition/")
            ? reference.substring(reference.indexOf(":task-definition/") + 17)
            : reference;
    int colon = ref.lastIndexOf(':');
    String family = colon < 0 ? ref : ref.substring(0, colon);
    List<ObjectNode> revisions = taskDefinitions.get(family);
    if (revisions == null || revisions.isEmpty()) {
      throw new FakeError("ClientException", "Unable to describe task definition.");
    }
    if (colon < 0) {
      for (int i = revisions.size() - 1; i >= 0; i--) {
        if (revisions.get(i).get("status").asText().equals("ACTIVE")) {
          return revisions.get(i);
        }
      }
      throw new FakeError("ClientException", "Unable to describe task definition.");
    }
    int revision = Integer.parseInt(ref.substring(colon + 1));
    if (revision < 1 || revision > revisions.size()) {
      throw new FakeError("ClientException", "Unable to describe task definition.");
    }
    return revisions.get(revision - 1);
  }

  JsonNode describeTaskDefinition(JsonNode r) {
    ObjectNode definition = find(r.path("taskDefinition").asText());
    ObjectNode out = json.createObjectNode();
    out.set("taskDefinition", definition.deepCopy());
    boolean tags = false;
    for (JsonNode include : r.path("include")) {
      tags |= include.asText().equals("TAGS");
    }
    ArrayNode stored = taskDefinitionTags.get(definition.get("taskDefinitionArn").asText());
    if (tags && stored != null) {
      out.set("tags", stored.deepCopy());
    }
    return out;
  }

  JsonNode deregister(JsonNode r) {
    ObjectNode definition = find(r.path("taskDefinition").asText());
    definition.put("status", "INACTIVE");
    definition.put("deregisteredAt", seconds(now()));
    ObjectNode out = json.createObjectNode();
    out.set("taskDefinition", definition.deepCopy());
    return out;
  }

  JsonNode listTaskDefinitions(JsonNode r) {
    String prefix = r.path("familyPrefix").asText("");
    String status = r.path("status").asText("ACTIVE");
    boolean descending = r.path("sort").asText("ASC").equals("DESC");
    int max = r.path("maxResults").asInt(100);
    int start = r.path("nextToken").asInt(0);
    List<String> arns = new ArrayList<>();
    for (Map.Entry<String, List<ObjectNode>> family : taskDefinitions.entrySet()) {
      if (!family.getKey().startsWith(prefix)) {
        continue;
      }
      for (ObjectNode d : family.getValue()) {
        if (status.equals("ALL") || d.get("status").asText().equals(status)) {
          arns.add(d.get("taskDefinitionArn").asText());
        }
      }
    }
    if (descending) {
      java.util.Collections.reverse(arns);
    }
    ObjectNode out = json.createObjectNode();
    ArrayNode page = out.putArray("taskDefinitionArns");
    arns.subList(Math.min(start, arns.size()), Math.min(start + max, arns.size()))
        .forEach(page::add);
    if (start + max < arns.size()) {
      out.put("nextToken", Integer.toString(start + max));
    }
    return out;
  }
}
