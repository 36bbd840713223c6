package dev.opskit.schemadiff.internal.source.jdbc;

import dev.opskit.schemadiff.internal.source.DaemonThreads;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Parses a schema's {@code SHOW CREATE TABLE} texts on a thread of its own while the reader is
 * still fetching them and then runs its other queries: every {@value #CHUNK} texts go to the parser
 * as soon as they have arrived. Parsed apart, a chunk's foreign keys to a table of another chunk
 * keep their columns as the text spells them; {@link #finish} then gives them the referenced
 * table's declared names, as a parse of the whole schema does.
 */
final class ChunkedParse implements AutoCloseable {
  /** Texts per chunk. */
  static final int CHUNK = 200;

  private final String schemaName;
  private final Flavor flavor;
  private final ExecutorService parser;
  private final List<Future<ShowCreateCheck.Parsed>> chunks = new ArrayList<>();
  private Map<String, String> pending = new LinkedHashMap<>();

  ChunkedParse(String schemaName, Flavor flavor) {
    this.schemaName = schemaName;
    this.flavor = flavor;
    this.parser = Executors.newSingleThreadExecutor(DaemonThreads.named("opskit-schema-parse"));
  }

  /** Adds a table's text; a full chunk starts parsing. */
  void add(String table, String text) {
    pending.put(table, text);
    if (pending.size() == CHUNK) {
      submit();
    }
  }

  /**
   * Parses what is left, waits for every chunk and returns the whole schema's parse. A failure of
   * the parser's own (a bug; a text it cannot parse is a finding) is thrown as it was.
   */
  ShowCreateCheck.Parsed finish() {
    submit();
    parser.shutdown();
    Map<String, Table> tables = new LinkedHashMap<>();
    Map<String, String> unreadable = new LinkedHashMap<>();
    List<UnmodeledAttribute> unmodeled = new ArrayList<>();
    for (Future<ShowCreateCheck.Parsed> chunk : chunks) {
      ShowCreateCheck.Parsed p = await(chunk);
      tables.putAll(p.tables());
      unreadable.putAll(p.unreadable());
      unmodeled.addAll(p.unmodeled());
    }
    Map<String, Table> resolved = new LinkedHashMap<>();
    tables.forEach((name, t) -> resolved.put(name, ShowCreateCheck.resolveReferences(t, tables)));
    return new ShowCreateCheck.Parsed(resolved, unreadable, unmodeled);
  }

  /** Stops parsing (a read that failed) and waits for the parser thread to end. */
  @Override
  public void close() {
    parser.shutdownNow();
    boolean interrupted = false;
    try {
      while (!parser.awaitTermination(1, TimeUnit.MINUTES)) {
        // a chunk is CPU work on texts already read: it ends
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void submit() {
    if (pending.isEmpty()) {
      return;
    }
    Map<String, String> chunk = pending;
    pending = new LinkedHashMap<>();
    chunks.add(parser.submit(() -> ShowCreateCheck.parseAll(schemaName, flavor, chunk)));
  }

  private static ShowCreateCheck.Parsed await(Future<ShowCreateCheck.Parsed> chunk) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return chunk.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
