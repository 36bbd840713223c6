package dev.opskit.schemadiff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.Difference;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Renders changes as a JSON report with Jackson: both sides' labels, whether they are equal, a
 * summary by object kind and change type, and every change with its differences and definitions.
 */
final class JsonReport {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  /**
   * Renders a report.
   *
   * @param fromLabel the name of the {@code from} side
   * @param toLabel the name of the {@code to} side
   * @param changes the changes
   * @return the JSON text
   */
  static String render(String fromLabel, String toLabel, List<Change> changes) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("from", fromLabel);
    root.put("to", toLabel);
    root.put("equal", changes.isEmpty());
    ObjectNode summary = root.putObject("summary");
    for (Change change : changes) {
      String kindName = change.objectKind().name().toLowerCase(java.util.Locale.ROOT);
      ObjectNode kind =
          summary.has(kindName) ? (ObjectNode) summary.get(kindName) : summary.putObject(kindName);
      String type = change.changeType().name().toLowerCase(java.util.Locale.ROOT);
      kind.put(type, kind.path(type).asInt(0) + 1);
    }
    ArrayNode list = root.putArray("changes");
    for (Change change : changes) {
      ObjectNode node = list.addObject();
      node.put("objectKind", change.objectKind().name());
      node.put("objectName", change.objectName());
      node.put("changeType", change.changeType().name());
      ArrayNode differences = node.putArray("differences");
      for (Difference d : change.differences()) {
        ObjectNode dn = differences.addObject();
        dn.put("aspect", d.aspect().name());
        dn.put("name", d.name());
        dn.put("changeType", d.changeType().name());
        dn.put("from", d.fromText());
        dn.put("to", d.toText());
      }
      node.put("fromDefinition", change.fromDefinition());
      node.put("toDefinition", change.toDefinition());
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
