package dev.opskit.testing.leaks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs a fixture class through the JUnit engine, as Surefire would: the extension comes from
 * auto-detection (opskit-test-support's junit-platform.properties), not from the fixture.
 */
final class KitRun {
  private final EngineExecutionResults results;

  private KitRun(EngineExecutionResults results) {
    this.results = results;
  }

  static KitRun of(Class<?> fixture, long graceMillis) {
    return new KitRun(
        EngineTestKit.engine("junit-jupiter")
            // Reads junit-platform.properties, as Surefire does: that file turns the extension on.
            .enableImplicitConfigurationParameters(true)
            .configurationParameter(LeakCheckExtension.GRACE_PARAMETER, Long.toString(graceMillis))
            .selectors(selectClass(fixture))
            .execute());
  }

  static KitRun of(Class<?> fixture) {
    return of(fixture, 300);
  }

  /** Returns how many tests of the fixture passed. */
  long testsSucceeded() {
    return results.testEvents().succeeded().count();
  }

  /** Returns how the fixture class (the container) failed, if it did. */
  Optional<Throwable> classFailure() {
    List<Throwable> failures =
        results.containerEvents().failed().stream()
            .map(Event::getPayload)
            .flatMap(p -> p.stream())
            .filter(TestExecutionResult.class::isInstance)
            .map(TestExecutionResult.class::cast)
            .flatMap(r -> r.getThrowable().stream())
            .toList();
    if (failures.size() > 1) {
      throw new AssertionError("more than one container failed: " + failures);
    }
    return failures.stream().findFirst();
  }
}
