package dev.opskit.schemadiff.internal.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnChangesTest {

  private static Map<String, Integer> positions(String... names) {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      out.put(names[i], i);
    }
    return out;
  }

  @Test
  void keepsTheLongestRunInSourceOrderSoOnlyTheOthersMove() {
    Map<String, Integer> from = positions("a", "b", "c", "d", "e");

    assertThat(ColumnChanges.longestIncreasing(List.of("b", "c", "d", "a", "e"), from))
        .containsExactlyInAnyOrder("b", "c", "d", "e");
    assertThat(ColumnChanges.longestIncreasing(List.of("e", "d", "c", "b", "a"), from)).hasSize(1);
    assertThat(ColumnChanges.longestIncreasing(List.of("a", "b", "c", "d", "e"), from)).hasSize(5);
    assertThat(ColumnChanges.longestIncreasing(List.of("c", "a", "d", "b", "e"), from))
        .hasSize(3)
        .contains("e");
    assertThat(ColumnChanges.longestIncreasing(List.of(), from)).isEmpty();
  }
}
