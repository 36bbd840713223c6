package dev.opskit.redash.internal.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named after what they do, for the executors a run owns: a stack dump then says
 * which run a thread belongs to, and a forgotten worker never keeps the JVM alive.
 */
public final class NamedThreads implements ThreadFactory {
  private final String name;
  private final AtomicInteger count = new AtomicInteger();

  private NamedThreads(String name) {
    this.name = name;
  }

  /**
   * A factory of daemon threads called {@code name-1}, {@code name-2}, ...
   *
   * @param name what the threads do, such as {@code opskit-backup-redash-20261126T020000123Z}
   * @return the factory
   */
  public static ThreadFactory daemon(String name) {
    return new NamedThreads(name);
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
