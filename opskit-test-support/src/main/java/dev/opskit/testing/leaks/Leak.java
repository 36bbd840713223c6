package dev.opskit.testing.leaks;

import java.util.Objects;

/**
 * One resource a test class left behind.
 *
 * @param kind what kind of resource it is
 * @param what which one: a port, a thread name, a path, a database name or an upload
 */
public record Leak(LeakKind kind, String what) {

  public Leak {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(what, "what");
  }

  @Override
  public String toString() {
    return kind.displayName() + ": " + what;
  }
}
