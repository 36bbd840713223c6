package dev.opskit.ecs.internal.jib;

/**
 * Internal to opskit; may change in any release. The optional dependency on Jib core: its Maven
 * coordinates and whether it is on the classpath. Touches no Jib class.
 */
public final class JibDependency {
  /** The Maven artifact, {@code groupId:artifactId}. */
  public static final String ARTIFACT = "com.google.cloud.tools:jib-core";

  /** The version opskit is built and tested with. */
  public static final String VERSION = "0.28.1";

  private static final String ENTRY_CLASS = "com.google.cloud.tools.jib.api.Jib";

  private JibDependency() {}

  /**
   * Tells whether Jib core can be loaded by the class loader that loaded opskit.
   *
   * @return true when it is on the classpath
   */
  public static boolean present() {
    try {
      Class.forName(ENTRY_CLASS, false, JibDependency.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
