package dev.opskit.testing.leaks;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Fails a test class that left resources behind; the message lists each one. */
public final class LeakedResourcesError extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final String testClass;
  private final transient List<Leak> leaks;

  /**
   * Creates the error.
   *
   * @param testClass the test class's name
   * @param leaks what it left behind; not empty
   */
  public LeakedResourcesError(String testClass, List<Leak> leaks) {
    super(message(Objects.requireNonNull(testClass, "testClass"), List.copyOf(leaks)));
    this.testClass = testClass;
    this.leaks = List.copyOf(leaks);
  }

  /**
   * Returns the name of the test class that leaked.
   *
   * @return the fully qualified class name
   */
  public String testClass() {
    return testClass;
  }

  /**
   * Returns what the class left behind.
   *
   * @return the leaks, in the order they were found
   */
  public List<Leak> leaks() {
    return leaks;
  }

  private static String message(String testClass, List<Leak> leaks) {
    return testClass
        + " leaked "
        + leaks.size()
        + (leaks.size() == 1 ? " resource" : " resources")
        + ":\n"
        + leaks.stream().map(l -> "  - " + l).collect(Collectors.joining("\n"))
        + "\nClose them in the test or its @AfterAll, or keep them on purpose with"
        + " @AllowLeak(kind = ..., reason = \"...\").";
  }
}
