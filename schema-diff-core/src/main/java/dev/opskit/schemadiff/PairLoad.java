package dev.opskit.schemadiff;

import dev.opskit.schemadiff.internal.source.DaemonThreads;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Loads the two schemas of a comparison: on a machine of {@value #CONCURRENT_FROM_PROCESSORS} or
 * more processors at once ({@code to} on a thread of its own, {@code from} on the calling thread),
 * so two live reads wait for their servers together; on a smaller one, one after the other. A live
 * read of many tables already keeps two threads busy (its queries and the parse of its {@code SHOW
 * CREATE TABLE} texts), so on 2 cores two reads at once only compete for them, with each other and
 * with a local server: measured on the 2,000-table benchmark, 1.74 s at once against 1.36 s one
 * after the other. The listener hears everything on the calling thread.
 */
final class PairLoad {
  /** From this many processors on, the two schemas load at once. */
  static final int CONCURRENT_FROM_PROCESSORS = 4;

  private static final ThreadFactory THREADS = DaemonThreads.named("opskit-schema-load");

  private PairLoad() {}

  /**
   * Loads both sources, at once when this machine has the processors for it.
   *
   * @return {@code from}'s schema and {@code to}'s
   */
  static Schema[] load(
      SchemaSource from, SchemaSource to, Flavor assumed, CompareListener listener) {
    return Runtime.getRuntime().availableProcessors() >= CONCURRENT_FROM_PROCESSORS
        ? concurrently(from, to, assumed, listener)
        : oneAfterTheOther(from, to, assumed, listener);
  }

  /** Loads {@code from}, then {@code to}, on the calling thread. */
  static Schema[] oneAfterTheOther(
      SchemaSource from, SchemaSource to, Flavor assumed, CompareListener listener) {
    return new Schema[] {
      SchemaComparator.load(from, assumed, listener), SchemaComparator.load(to, assumed, listener)
    };
  }

  /** One schema and how long it took to load. */
  private record Loaded(Schema schema, long millis) {
    static Loaded of(SchemaSource source, Flavor assumed) {
      long start = System.nanoTime();
      Schema schema = source.load(assumed);
      return new Loaded(schema, (System.nanoTime() - start) / 1_000_000);
    }
  }

  /**
   * Loads both sources at once; when one fails, waits for the other and throws the first one's
   * exception (the other's, if it failed too, is suppressed).
   *
   * @return {@code from}'s schema and {@code to}'s
   */
  static Schema[] concurrently(
      SchemaSource from, SchemaSource to, Flavor assumed, CompareListener listener) {
    SchemaComparator.notify(() -> listener.loadStarted(from.name()));
    SchemaComparator.notify(() -> listener.loadStarted(to.name()));
    ExecutorService thread = Executors.newSingleThreadExecutor(THREADS);
    Future<Loaded> other = thread.submit(() -> Loaded.of(to, assumed));
    thread.shutdown();
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

  private static Loaded join(Future<Loaded> other, ExecutorService thread, SchemaSource to) {
    try {
      return other.get();
    } catch (InterruptedException e) {
      thread.shutdownNow(); // interrupts the other load
      Thread.currentThread().interrupt();
      throw new SchemaReadException("interrupted while loading " + to.name(), e);
    } catch (ExecutionException e) {
      throw rethrown(e.getCause(), to);
    }
  }

  /** Waits for the other load after this one failed; returns its failure, if any. */
  private static @Nullable RuntimeException settle(
      Future<Loaded> other, ExecutorService thread, SchemaSource to) {
    thread.shutdownNow(); // interrupts the other load: one that can stop early does
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
