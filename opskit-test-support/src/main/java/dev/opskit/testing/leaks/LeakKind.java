package dev.opskit.testing.leaks;

/** The kinds of resource {@link LeakCheckExtension} checks a test class for. */
public enum LeakKind {
  /** A TCP connection from this JVM to a database port, still open. */
  CONNECTION("connection"),
  /** A thread started during the class, still alive after a grace period. */
  THREAD("thread"),
  /** An entry created in {@code java.io.tmpdir} and not removed. */
  TEMP_FILE("temp file"),
  /** A database this JVM created on a test server, not dropped. */
  DATABASE("database"),
  /** An S3 multipart upload started and neither completed nor aborted. */
  MULTIPART_UPLOAD("multipart upload");

  private final String displayName;

  LeakKind(String displayName) {
    this.displayName = displayName;
  }

  /**
   * Returns how messages name this kind.
   *
   * @return the name, such as {@code temp file}
   */
  public String displayName() {
    return displayName;
  }
}
