package dev.opskit.testing.ecs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The faults tests scripted per operation. Each plan counts the calls it matches on its own; when
 * several would fail the same call, the one added first does. Guarded by the FakeEcs lock.
 */
final class Faults {
  private final List<Plan> plans = new ArrayList<>();

  void add(String operation, Fault fault, int skip, int times) {
    if (skip < 0 || times < 0) {
      throw new IllegalArgumentException("skip and times must not be negative");
    }
    if (times == 0) {
      return;
    }
    plans.add(new Plan(operation, fault, skip, times, null));
  }

  void addUntil(String operation, Fault fault, Instant until) {
    plans.add(new Plan(operation, fault, 0, 0, until));
  }

  /** Returns the fault for this call, if any, and counts the call in every matching plan. */
  @Nullable Fault next(String operation, Instant now) {
    Fault chosen = null;
    for (Iterator<Plan> it = plans.iterator(); it.hasNext(); ) {
      Plan p = it.next();
      if (!p.operation.equals(FakeEcs.ANY_OPERATION) && !p.operation.equals(operation)) {
        continue;
      }
      if (p.until != null) {
        if (!now.isBefore(p.until)) {
          it.remove();
        } else if (chosen == null) {
          chosen = p.fault;
        }
        continue;
      }
      if (p.skip > 0) {
        p.skip--;
      } else if (chosen == null) {
        chosen = p.fault;
        if (--p.times <= 0) {
          it.remove();
        }
      }
    }
    return chosen;
  }

  private static final class Plan {
    final String operation;
    final Fault fault;
    final @Nullable Instant until;
    int skip;
    int times;

    Plan(String operation, Fault fault, int skip, int times, @Nullable Instant until) {
      this.operation = operation;
      this.fault = fault;
      this.skip = skip;
      this.times = times;
      this.until = until;
    }
  }
}
