package dev.opskit.schemadiff;

import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Fails a jqwik property that counts a try as checked without asserting in it, as a try that
 * returns early does. A property calls {@link #asserted()} after its last assertion; tries that
 * have nothing to check are rejected with {@code Assume.that}, which jqwik does not count as
 * checks. The figures are published in the property's report as {@code checked tries}.
 *
 * <pre>{@code @AddLifecycleHook(EveryTryAsserts.class)}</pre>
 */
public final class EveryTryAsserts implements AroundPropertyHook {
  private static final AtomicInteger ASSERTED = new AtomicInteger();

  /** Records that the current try has made all its assertions. */
  public static void asserted() {
    ASSERTED.incrementAndGet();
  }

  /** Added to a class, the hook applies to every property in it. */
  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    ASSERTED.set(0);
    PropertyExecutionResult result = property.execute();
    int asserted = ASSERTED.get();
    context
        .reporter()
        .publishValue(
            "checked tries",
            result.countTries()
                + " tries, "
                + result.countChecks()
                + " checked, "
                + asserted
                + " asserted to the end");
    if (result.status() == PropertyExecutionResult.Status.SUCCESSFUL
        && asserted != result.countChecks()) {
      return result.mapToFailed(
          result.countChecks()
              + " tries were counted as checks but only "
              + asserted
              + " made all their assertions: reject a try with Assume.that instead of returning");
    }
    return result;
  }
}
