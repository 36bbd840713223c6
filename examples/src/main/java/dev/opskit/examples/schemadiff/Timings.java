package dev.opskit.examples.schemadiff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Wall times of the measured runs of one thing, in milliseconds.
 *
 * @param millis each run's time, in run order
 */
record Timings(List<Double> millis) {
  Timings {
    if (millis.isEmpty()) {
      throw new IllegalArgumentException("no runs measured");
    }
    millis = List.copyOf(millis);
  }

  static Timings ofNanos(List<Long> nanos) {
    return new Timings(nanos.stream().map(n -> n / 1_000_000.0).toList());
  }

  double min() {
    return sorted().get(0);
  }

  double max() {
    List<Double> sorted = sorted();
    return sorted.get(sorted.size() - 1);
  }

  /** The median; the mean of the middle two for an even count. */
  double median() {
    List<Double> sorted = sorted();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Formats as {@code min / median / max ms}. */
  String summary() {
    return String.format(Locale.ROOT, "%,.0f / %,.0f / %,.0f ms", min(), median(), max());
  }

  private List<Double> sorted() {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return sorted;
  }
}
