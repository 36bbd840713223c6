package dev.opskit.schemadiff;

import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Loads the two schemas of a comparison at once: {@code to} on a thread of its own, {@code from} on
 * the calling thread, so two live reads wait for their servers together instead of one after the
 * other. The listener still hears everything on the calling thread.
 */
final class PairLoad {
  private static final ThreadFactory THREADS = DaemonThreads.named("opskit-schema-load");

  private PairLoad() {}

  /** One schema and how long it took to load. */
  private record Loaded(Schema schema, long millis) {
    static Loaded of(SchemaSource source, Flavor assumed) {
      long start = System.nanoTime();
      Schema schema = source.load(assumed);
      return new Loaded(schema, (System.nanoTime() - start) / 1_000_000);
    }
  }

  /**
   * Loads both sources; when one fails, waits for the other and throws the first one's exception
   * (the other's, if it failed too, is suppressed).
   *
   * @return {@code from}'s schema and {@code to}'s
   */
  static Schema[] load(
      SchemaSource from, SchemaSource to, Flavor assumed, CompareListener listener) {
    SchemaComparator.notify(() -> listener.loadStarted(from.name()));
    SchemaComparator.notify(() -> listener.loadStarted(to.name()));
    FutureTask<Loaded> other = new FutureTask<>(() -> Loaded.of(to, assumed));
    Thread thread = THREADS.newThread(other);
    thread.start();
    Loaded a;
    try {
      a = Loaded.of(from, assumed);
    } catch (RuntimeException | Error e) {
      RuntimeException second = settle(other, thread, to);
      if (second != null && second != e) {
        e.addSuppressed(second);
      }
      throw e;
    }
    SchemaComparator.notify(
        () -> listener.loadFinished(from.name(), a.schema().tables().size(), a.millis()));
    Loaded b = join(other, thread, to);
    SchemaComparator.notify(
        () -> listener.loadFinished(to.name(), b.schema().tables().size(), b.millis()));
    return new Schema[] {a.schema(), b.schema()};
  }

  private static Loaded join(FutureTask<Loaded> other, Thread thread, SchemaSource to) {
    try {
      return other.get();
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
      throw new SchemaReadException("interrupted while loading " + to.name(), e);
    } catch (ExecutionException e) {
      throw rethrown(e.getCause(), to);
    }
  }

  /** Waits for the other load after this one failed; returns its failure, if any. */
  private static @Nullable RuntimeException settle(
      FutureTask<Loaded> other, Thread thread, SchemaSource to) {
    thread.interrupt(); // a load that can stop early does
    try {
      join(other, thread, to);
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static RuntimeException rethrown(Throwable cause, SchemaSource to) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new SchemaReadException("loading " + to.name() + " failed: " + cause, cause);
  }
}
