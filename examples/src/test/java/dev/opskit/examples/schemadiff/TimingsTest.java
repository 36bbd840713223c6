package dev.opskit.examples.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimingsTest {

  @Test
  void summarizesMinMedianAndMax() {
    Timings odd = new Timings(List.of(30.0, 10.0, 20.0));
    Timings even = Timings.ofNanos(List.of(4_000_000L, 1_000_000L, 2_000_000L, 3_000_000L));

    assertThat(odd.min()).isEqualTo(10.0);
    assertThat(odd.median()).isEqualTo(20.0);
    assertThat(odd.max()).isEqualTo(30.0);
    assertThat(even.median()).isEqualTo(2.5);
    assertThat(new Timings(List.of(1234.4, 1500.0, 2000.6)).summary())
        .isEqualTo("1,234 / 1,500 / 2,001 ms");
  }

  @Test
  void needsAtLeastOneRun() {
    assertThatThrownBy(() -> new Timings(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no runs measured");
  }
}
