package dev.opskit.testing.leaks.jqwik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.opskit.testing.leaks.LeakedResourcesError;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The jqwik engine's classes get the same check, through the service-loaded hook. */
class JqwikLeakCheckTest {

  @AfterEach
  void release() {
    LeavesAThreadInAProperty.release.countDown();
    LeavesAThreadInAProperty.release = new CountDownLatch(1);
  }

  @Test
  void failsAJqwikClassThatLeavesAThreadRunning() {
    List<Throwable> failures = classFailures(LeavesAThreadInAProperty.class);

    assertThat(failures).hasSize(1);
    assertThat(failures.get(0))
        .isInstanceOf(LeakedResourcesError.class)
        .hasMessageStartingWith(LeavesAThreadInAProperty.class.getName() + " leaked 1 resource:")
        .hasMessageContaining("thread: \"opskit-jqwik-worker\"");
  }

  @Test
  void passesAJqwikClassThatCleansUp() {
    assertThat(classFailures(CleanProperty.class)).isEmpty();
  }

  private static List<Throwable> classFailures(Class<?> fixture) {
    EngineExecutionResults results =
        EngineTestKit.engine("jqwik").selectors(selectClass(fixture)).execute();
    // The class's container; jqwik reports the failure on the engine's container too.
    return results.containerEvents().failed().stream()
        .filter(e -> e.getTestDescriptor().getSource().orElse(null) instanceof ClassSource)
        .map(Event::getPayload)
        .flatMap(p -> p.stream())
        .filter(TestExecutionResult.class::isInstance)
        .map(TestExecutionResult.class::cast)
        .flatMap(r -> r.getThrowable().stream())
        .toList();
  }
}
