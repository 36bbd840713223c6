package dev.opskit.schemadiff.internal.migrate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders named objects so each comes after the objects it depends on. Cycles (tables whose foreign
 * keys point at each other) are broken: the edges that close a cycle are returned so the caller can
 * defer them, such as adding those foreign keys once every table exists.
 */
final class DependencyOrder {
  private final List<String> order = new ArrayList<>();
  private final Set<List<String>> deferred = new HashSet<>();

  private DependencyOrder() {}

  /**
   * Sorts the nodes.
   *
   * @param nodes the nodes in a stable preferred order
   * @param dependsOn for each node, the nodes it needs first (unknown names are ignored)
   */
  static DependencyOrder sort(List<String> nodes, Map<String, Set<String>> dependsOn) {
    DependencyOrder result = new DependencyOrder();
    Map<String, Integer> state = new LinkedHashMap<>(); // 1 visiting, 2 done
    Set<String> known = new HashSet<>(nodes);
    for (String node : nodes) {
      result.visit(node, dependsOn, known, state);
    }
    return result;
  }

  private void visit(
      String node,
      Map<String, Set<String>> dependsOn,
      Set<String> known,
      Map<String, Integer> state) {
    Integer s = state.get(node);
    if (s != null) {
      return;
    }
    state.put(node, 1);
    for (String dependency : dependsOn.getOrDefault(node, Set.of())) {
      if (!known.contains(dependency) || dependency.equals(node)) {
        continue;
      }
      Integer ds = state.get(dependency);
      if (ds == null) {
        visit(dependency, dependsOn, known, state);
      } else if (ds == 1) {
        deferred.add(List.of(node, dependency)); // closes a cycle
      }
    }
    state.put(node, 2);
    order.add(node);
  }

  /** Returns the nodes, each after the nodes it depends on except through deferred edges. */
  List<String> order() {
    return order;
  }

  /** Returns whether the edge from {@code node} to {@code dependency} was deferred. */
  boolean isDeferred(String node, String dependency) {
    return deferred.contains(List.of(node, dependency));
  }
}
