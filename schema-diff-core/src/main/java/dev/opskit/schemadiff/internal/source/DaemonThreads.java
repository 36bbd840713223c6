package dev.opskit.schemadiff.internal.source;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the comparator's threads after what they do and makes them daemons, so a caller that stops
 * waiting never keeps the JVM alive; for executors that are always shut down.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /**
   * Returns a factory of daemon threads named {@code prefix-1}, {@code prefix-2}, ...
   *
   * @param prefix the name of the threads' work, such as {@code opskit-fleet}
   * @return the factory
   */
  public static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
