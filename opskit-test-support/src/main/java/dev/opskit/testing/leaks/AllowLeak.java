package dev.opskit.testing.leaks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a test class keep resources of one kind past its end, on purpose: a pool shared by the whole
 * test run, or a library thread that cannot be stopped. The reason is required and shows up in the
 * code review, not in the test output.
 *
 * <pre>{@code
 * @AllowLeak(kind = LeakKind.THREAD, matching = "opensearch\\[.*",
 *     reason = "the in-JVM OpenSearch node is shared by every IT of this module")
 * class SignedClientsIT { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(AllowLeak.List.class)
public @interface AllowLeak {
  /**
   * Returns the kind of resource allowed to stay.
   *
   * @return the kind
   */
  LeakKind kind();

  /**
   * Returns a regular expression that the leak's description must match as a whole to be allowed
   * (see {@link Leak#what()}); the default allows every leak of the kind.
   *
   * @return the pattern
   */
  String matching() default ".*";

  /**
   * Returns why the resource stays; must not be blank.
   *
   * @return the reason
   */
  String reason();

  /** Holds several {@link AllowLeak}s on one class. */
  @Documented
  @Inherited
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface List {
    /**
     * Returns the allowances.
     *
     * @return the allowances
     */
    AllowLeak[] value();
  }
}
