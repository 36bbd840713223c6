package dev.opskit.testing.leaks.jqwik;

import java.util.concurrent.CountDownLatch;
import net.jqwik.api.Example;

/**
 * A jqwik class that leaves a thread running; run only by JqwikLeakCheckTest through the test kit
 * (its name matches none of Surefire's patterns). Top-level, as the hook checks top-level classes.
 */
public class LeavesAThreadInAProperty {
  /** Released by the test once it has seen the failure; each run gets a new one. */
  static volatile CountDownLatch release = new CountDownLatch(1);

  @Example
  void startsAWorker() {
    CountDownLatch latch = release;
    new Thread(
            () -> {
              try {
                latch.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "opskit-jqwik-worker")
        .start();
  }
}
