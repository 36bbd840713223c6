package dev.opskit.ecs.taskdef;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opskit.ecs.internal.SdkJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * The field-by-field differences between two task definitions, readable by a person: list elements
 * that have a name (containers, environment variables, secrets, volumes) are addressed by it, as in
 * {@code containerDefinitions[app].environment[FEATURE_X].value}.
 *
 * <pre>
 * ~ containerDefinitions[app].image: repo:1.0 -&gt; repo:1.1
 * + containerDefinitions[app].environment[FEATURE_X].value: on
 * </pre>
 */
public final class TaskDefinitionDiff {
  private final List<Change> changes;

  private TaskDefinitionDiff(List<Change> changes) {
    this.changes = List.copyOf(changes);
  }

  /**
   * Compares two task definitions in their register shape.
   *
   * @param from the running definition
   * @param to the new definition
   * @return the differences, in the order of the new definition's fields, then removed ones
   */
  public static TaskDefinitionDiff between(
      RegisterTaskDefinitionRequest from, RegisterTaskDefinitionRequest to) {
    Map<String, String> before = flatten(SdkJson.toJson(from));
    Map<String, String> after = flatten(SdkJson.toJson(to));
    Set<String> paths = new LinkedHashSet<>(after.keySet());
    paths.addAll(before.keySet());
    List<Change> changes = new ArrayList<>();
    for (String path : paths) {
      String b = before.get(path);
      String a = after.get(path);
      if (!Objects.equals(a, b)) {
        changes.add(new Change(path, b, a));
      }
    }
    return new TaskDefinitionDiff(changes);
  }

  /**
   * Flattens a JSON value into path to scalar text, naming list elements by their {@code name} or
   * {@code key} when every element has one.
   *
   * @param json the value
   * @return the leaves, in document order
   */
  static Map<String, String> flatten(JsonNode json) {
    Map<String, String> leaves = new LinkedHashMap<>();
    flatten("", json, leaves);
    return leaves;
  }

  private static void flatten(String path, JsonNode json, Map<String, String> leaves) {
    if (json.isObject()) {
      json.fields()
          .forEachRemaining(
              e ->
                  flatten(
                      path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), leaves));
    } else if (json.isArray()) {
      String keyField = elementKey(json);
      for (int i = 0; i < json.size(); i++) {
        String index = keyField == null ? Integer.toString(i) : json.get(i).get(keyField).asText();
        flatten(path + "[" + index + "]", json.get(i), leaves);
      }
      if (json.isEmpty()) {
        leaves.put(path, "[]");
      }
    } else {
      leaves.put(path, json.asText());
    }
  }

  private static @Nullable String elementKey(JsonNode array) {
    for (String key : List.of("name", "key")) {
      Set<String> seen = new LinkedHashSet<>();
      boolean all = !array.isEmpty();
      for (JsonNode element : array) {
        JsonNode k = element.get(key);
        if (k == null || !k.isTextual() || !seen.add(k.asText())) {
          all = false;
          break;
        }
      }
      if (all) {
        return key;
      }
    }
    return null;
  }

  /**
   * Returns the changes.
   *
   * @return the changes, unmodifiable
   */
  public List<Change> changes() {
    return changes;
  }

  /**
   * Tells whether the two definitions are the same.
   *
   * @return true when nothing differs
   */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * Returns one line per change: {@code ~ path: before -> after}, {@code + path: after} or {@code -
   * path: before}; "no changes" when there are none.
   *
   * @return the readable diff
   */
  @Override
  public String toString() {
    if (changes.isEmpty()) {
      return "no changes";
    }
    StringBuilder b = new StringBuilder();
    for (Change c : changes) {
      b.append(c).append('\n');
    }
    return b.toString();
  }

  /**
   * One differing leaf.
   *
   * @param path the field path, such as {@code containerDefinitions[app].image}
   * @param before the running value, or {@code null} when the field is new
   * @param after the new value, or {@code null} when the field is removed
   */
  public record Change(String path, @Nullable String before, @Nullable String after) {
    /**
     * Returns the change as one line.
     *
     * @return {@code ~ path: before -> after}, {@code + path: after} or {@code - path: before}
     */
    @Override
    public String toString() {
      if (before == null) {
        return "+ " + path + ": " + after;
      }
      if (after == null) {
        return "- " + path + ": " + before;
      }
      return "~ " + path + ": " + before + " -> " + after;
    }
  }
}
