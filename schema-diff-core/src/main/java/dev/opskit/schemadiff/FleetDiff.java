package dev.opskit.schemadiff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opskit.schemadiff.compare.Change;
import dev.opskit.schemadiff.compare.ChangeType;
import dev.opskit.schemadiff.compare.Difference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of comparing many target schemas (shards, tenants, environments) with one reference:
 * which targets drift and how, grouped by identical drift, and which could not be read.
 *
 * <p>Each drifted target's {@link SchemaDiff} runs from the target to the reference, so its {@link
 * SchemaDiff#migrationSql()} brings that target back to the reference.
 */
public final class FleetDiff {
  private final String referenceName;
  private final List<String> targets;
  private final Map<String, SchemaDiff> drifted;
  private final Map<String, SchemaDiffException> failed;

  FleetDiff(
      String referenceName,
      List<String> targets,
      Map<String, SchemaDiff> drifted,
      Map<String, SchemaDiffException> failed) {
    this.referenceName = referenceName;
    this.targets = List.copyOf(targets);
    this.drifted = java.util.Collections.unmodifiableMap(new TreeMap<>(drifted));
    this.failed = java.util.Collections.unmodifiableMap(new TreeMap<>(failed));
  }

  /**
   * Returns whether every target was read and equals the reference under the rules.
   *
   * @return true when nothing drifted and nothing failed
   */
  public boolean isEmpty() {
    return drifted.isEmpty() && failed.isEmpty();
  }

  /**
   * Returns the reference's name.
   *
   * @return the name
   */
  public String referenceName() {
    return referenceName;
  }

  /**
   * Returns every target's name, as given.
   *
   * @return the names
   */
  public List<String> targets() {
    return targets;
  }

  /**
   * Returns the targets that differ from the reference, each with its diff from the target to the
   * reference.
   *
   * @return target name to diff, sorted by name
   */
  public Map<String, SchemaDiff> drifted() {
    return drifted;
  }

  /**
   * Returns the targets that could not be read (an unreachable server, a missing schema, a
   * timeout), each with why; the others were compared all the same.
   *
   * @return target name to exception, sorted by name
   */
  public Map<String, SchemaDiffException> failed() {
    return failed;
  }

  /**
   * Returns the targets that equal the reference.
   *
   * @return the names, in the order given
   */
  public List<String> matching() {
    return targets.stream().filter(t -> !drifted.containsKey(t) && !failed.containsKey(t)).toList();
  }

  /**
   * Groups the drifted targets by identical drift, the largest group first.
   *
   * @return the groups
   */
  public List<DriftGroup> groups() {
    Map<List<String>, List<String>> byDrift = new LinkedHashMap<>();
    drifted.forEach(
        (target, diff) -> byDrift.computeIfAbsent(drift(diff), k -> new ArrayList<>()).add(target));
    return byDrift.entrySet().stream()
        .map(e -> new DriftGroup(e.getValue(), e.getKey()))
        .sorted(
            Comparator.comparingInt((DriftGroup g) -> -g.targets().size())
                .thenComparing(g -> g.targets().get(0)))
        .toList();
  }

  /**
   * Summarizes the fleet: counts, then one line per drift group naming its first targets, then each
   * failure.
   *
   * @return the report
   */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append(targets.size())
        .append(targets.size() == 1 ? " target" : " targets")
        .append(" compared with ")
        .append(referenceName)
        .append(": ")
        .append(matching().size())
        .append(" match, ")
        .append(drifted.size())
        .append(" drifted");
    List<DriftGroup> groups = groups();
    if (!groups.isEmpty()) {
      out.append(" (").append(groups.size()).append(groups.size() == 1 ? " group)" : " groups)");
    }
    out.append(", ").append(failed.size()).append(" failed\n");
    for (DriftGroup g : groups) {
      out.append(g.describe()).append("\n  ").append(names(g.targets())).append('\n');
    }
    failed.forEach(
        (target, e) ->
            out.append("failed: ").append(target).append(": ").append(e.getMessage()).append('\n'));
    return out.toString().trim();
  }

  /**
   * Renders the fleet as JSON: the counts, the groups with their targets, each drifted target's
   * changes, and each failure with its exception type and message.
   *
   * @return the JSON text
   */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("reference", referenceName);
    root.put("targets", targets.size());
    root.put("matching", matching().size());
    root.put("equal", isEmpty());
    ArrayNode groups = root.putArray("groups");
    for (DriftGroup g : groups()) {
      ObjectNode node = groups.addObject();
      g.drift().forEach(node.putArray("drift")::add);
      g.targets().forEach(node.putArray("targets")::add);
    }
    ObjectNode drift = root.putObject("drifted");
    drifted.forEach(
        (target, diff) -> {
          try {
            drift.set(target, mapper.readTree(diff.toJson()));
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a diff's own JSON does not parse", e);
          }
        });
    ObjectNode failures = root.putObject("failed");
    failed.forEach(
        (target, e) -> {
          ObjectNode node = failures.putObject(target);
          node.put("type", e.getClass().getSimpleName());
          node.put("message", e.getMessage());
        });
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render the fleet as JSON", e);
    }
  }

  @Override
  public String toString() {
    return "FleetDiff["
        + referenceName
        + ", "
        + targets.size()
        + " targets, "
        + drifted.size()
        + " drifted, "
        + failed.size()
        + " failed]";
  }

  private static String names(List<String> names) {
    int shown = Math.min(names.size(), 5);
    String head = String.join(", ", names.subList(0, shown));
    return names.size() > shown ? head + ", ... (+" + (names.size() - shown) + " more)" : head;
  }

  /**
   * One line per difference, as the target differs from the reference: the diff runs from the
   * target, so what it adds is missing in the target and what it removes is extra there.
   */
  static List<String> drift(SchemaDiff diff) {
    List<String> out = new ArrayList<>();
    for (Change c : diff.changes()) {
      String object =
          c.objectKind().name().toLowerCase(Locale.ROOT)
              + (c.objectName().isEmpty() ? "" : " `" + c.objectName() + "`");
      if (c.changeType() != ChangeType.CHANGED) {
        out.add(object + " " + verb(c.changeType()));
        continue;
      }
      for (Difference d : c.differences()) {
        String part =
            d.aspect().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (d.name().isEmpty() ? "" : " `" + d.name() + "`");
        String line = object + ": " + part + " " + verb(d.changeType());
        if (d.changeType() == ChangeType.CHANGED) {
          line += " (target: " + d.fromText() + "; reference: " + d.toText() + ")";
        }
        out.add(line);
      }
    }
    return out;
  }

  private static String verb(ChangeType type) {
    return switch (type) {
      case ADDED -> "missing";
      case REMOVED -> "extra";
      case CHANGED -> "differs";
    };
  }
}
