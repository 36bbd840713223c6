package dev.opskit.schemadiff;

/**
 * Hears how a comparison goes. Methods run on the calling thread, in this order: {@link
 * #loadStarted} and {@link #loadFinished} for {@code from}, then for {@code to} (when the two load
 * at once, on 4 or more processors: both {@link #loadStarted}, then both {@link #loadFinished}),
 * then {@link #compared}; a fleet comparison reports the reference's load, then each target as it
 * finishes ({@link #targetFinished}). They must be fast; an exception thrown by a listener is
 * logged and ignored.
 */
public interface CompareListener {
  /** A listener that does nothing. */
  CompareListener NONE = new CompareListener() {};

  /**
   * A schema source starts loading.
   *
   * @param source the source's name
   */
  default void loadStarted(String source) {}

  /**
   * A schema source finished loading.
   *
   * @param source the source's name
   * @param tables how many tables it holds
   * @param millis how long loading took
   */
  default void loadFinished(String source, int tables, long millis) {}

  /**
   * The comparison finished.
   *
   * @param changes how many objects differ
   */
  default void compared(int changes) {}

  /**
   * A fleet comparison ({@link SchemaComparator#compareAll}) finished one target: compared, or
   * failed to read. Runs on the thread that called {@code compareAll}.
   *
   * @param target the target's name
   * @param done how many targets are finished, this one included
   * @param total how many targets there are
   */
  default void targetFinished(String target, int done, int total) {}
}
