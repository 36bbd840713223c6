package dev.opskit.testing.leaks;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.lifecycle.AroundContainerHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * The same check as {@link LeakCheckExtension} for classes the jqwik engine runs ({@code @Property}
 * classes), which JUnit Jupiter extensions do not reach. jqwik registers it for every container
 * through {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}; it checks top-level
 * classes only, with the default grace period.
 */
public final class JqwikLeakCheck implements AroundContainerHook {
  private static final Map<Class<?>, ClassCheck> RUNNING = new ConcurrentHashMap<>();

  /** Creates the hook; jqwik calls this. */
  public JqwikLeakCheck() {
    Snapshot.currentTempFolder();
  }

  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public boolean appliesTo(Optional<AnnotatedElement> element) {
    return element
        .filter(e -> e instanceof Class<?> c && c.getEnclosingClass() == null)
        .isPresent();
  }

  @Override
  public int proximity() {
    // Outermost: before every other hook of the class, and after all of them.
    return -1_000;
  }

  @Override
  public void beforeContainer(ContainerLifecycleContext context) {
    context
        .optionalContainerClass()
        .ifPresent(
            c ->
                RUNNING.put(
                    c,
                    LeakCheckExtension.begin(
                        c, Duration.ofMillis(LeakCheckExtension.DEFAULT_GRACE_MILLIS))));
  }

  @Override
  public void afterContainer(ContainerLifecycleContext context) {
    Optional<Class<?>> testClass = context.optionalContainerClass();
    if (testClass.isPresent()) {
      ClassCheck check = RUNNING.remove(testClass.get());
      if (check != null) {
        try {
          check.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while checking for leaks", e);
        }
      }
    }
  }
}
