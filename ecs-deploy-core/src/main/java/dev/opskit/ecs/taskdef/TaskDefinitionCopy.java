package dev.opskit.ecs.taskdef;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opskit.ecs.internal.SdkJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Turns a registered task definition, or a JSON file, into the request that registers it again.
 *
 * <p>The copy is a deny-list, never an allow-list: every field the SDK's {@code TaskDefinition}
 * shares with {@code RegisterTaskDefinitionRequest} is carried over, including fields added to ECS
 * after this code was written ({@code runtimePlatform}, {@code ephemeralStorage}, {@code pidMode},
 * ...), and only the fields ECS sets itself ({@link #READ_ONLY_FIELDS}) are dropped.
 *
 * <pre>{@code
 * DescribeTaskDefinitionResponse live = ecs.describeTaskDefinition(r -> r.taskDefinition(arn).include(TaskDefinitionField.TAGS));
 * RegisterTaskDefinitionRequest again = TaskDefinitionCopy.of(live.taskDefinition(), live.tags());
 * RegisterTaskDefinitionRequest fromFile = TaskDefinitionCopy.fromFile(Path.of("task-definition.json"));
 * }</pre>
 */
public final class TaskDefinitionCopy {
  /**
   * The fields of a described task definition that ECS sets and registration refuses; the only ones
   * a copy drops.
   */
  public static final Set<String> READ_ONLY_FIELDS =
      Set.of(
          "taskDefinitionArn",
          "revision",
          "status",
          "requiresAttributes",
          "compatibilities",
          "registeredAt",
          "registeredBy",
          "deregisteredAt",
          "deleteRequestedAt");

  private static final Logger LOG = LoggerFactory.getLogger(TaskDefinitionCopy.class);

  private TaskDefinitionCopy() {}

  /**
   * Returns the request that registers a new revision identical to the described one.
   *
   * @param described the task definition, as {@code DescribeTaskDefinition} returned it
   * @param tags its tags ({@code include=TAGS}); may be empty
   * @return the registration request
   */
  public static RegisterTaskDefinitionRequest of(TaskDefinition described, List<Tag> tags) {
    Objects.requireNonNull(described, "described");
    Objects.requireNonNull(tags, "tags");
    RegisterTaskDefinitionRequest.Builder builder = RegisterTaskDefinitionRequest.builder();
    Map<String, SdkField<?>> target = SdkJson.fieldsByName(builder);
    for (SdkField<?> field : described.sdkFields()) {
      Object value = field.getValueOrDefault(described);
      if (!SdkJson.isPresent(value) || READ_ONLY_FIELDS.contains(field.locationName())) {
        continue;
      }
      SdkField<?> to = target.get(field.locationName());
      if (to == null) {
        LOG.debug("Not copying {}: RegisterTaskDefinition has no such field", field.locationName());
        continue;
      }
      to.set(builder, value);
    }
    if (!tags.isEmpty()) {
      builder.tags(tags);
    }
    return builder.build();
  }

  /**
   * Reads a task definition from JSON in either shape: the one {@code aws ecs
   * register-task-definition --cli-input-json} takes, or the one {@code aws ecs
   * describe-task-definition} prints (read-only fields are dropped, {@code tags} kept).
   *
   * @param json the JSON text
   * @return the registration request
   * @throws IllegalArgumentException naming the field that is unknown or of the wrong type
   */
  public static RegisterTaskDefinitionRequest fromJson(String json) {
    JsonNode root;
    try {
      root = SdkJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a task definition must be a JSON object");
    }
    ObjectNode definition = ((ObjectNode) root).deepCopy();
    if (definition.path("taskDefinition").isObject()) {
      JsonNode tags = definition.get("tags");
      definition = ((ObjectNode) definition.get("taskDefinition")).deepCopy();
      if (tags != null && tags.isArray() && !tags.isEmpty()) {
        definition.set("tags", tags);
      }
    }
    List<String> dropped = new ArrayList<>();
    for (String field : READ_ONLY_FIELDS) {
      if (definition.remove(field) != null) {
        dropped.add(field);
      }
    }
    if (!dropped.isEmpty()) {
      LOG.debug("Dropped read-only fields {}", dropped);
    }
    RegisterTaskDefinitionRequest.Builder builder = RegisterTaskDefinitionRequest.builder();
    SdkJson.fill(builder, definition, "");
    RegisterTaskDefinitionRequest request = builder.build();
    if (request.family() == null || !request.hasContainerDefinitions()) {
      throw new IllegalArgumentException(
          "a task definition needs a family and containerDefinitions");
    }
    return request;
  }

  /**
   * Reads a task definition from a JSON file; see {@link #fromJson(String)}.
   *
   * @param file the file
   * @return the registration request
   * @throws IllegalArgumentException naming the file and the field that is wrong
   * @throws UncheckedIOException when the file cannot be read
   */
  public static RegisterTaskDefinitionRequest fromFile(Path file) {
    try {
      return fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read task definition " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the request as pretty-printed JSON in the register shape, as it would be sent.
   *
   * @param request the request
   * @return the JSON
   */
  public static String toJson(RegisterTaskDefinitionRequest request) {
    try {
      return SdkJson.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(SdkJson.toJson(request));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
