package dev.opskit.schemadiff;

import dev.opskit.schemadiff.internal.source.DaemonThreads;
import dev.opskit.schemadiff.internal.source.jdbc.FleetSchemaReader;
import dev.opskit.schemadiff.internal.source.jdbc.JdbcSchemaReader;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fleet comparison: the reference read once, the targets read in units on at most {@code
 * concurrency} connections (live targets of one server in batches that share each bulk query, their
 * tables read from {@code SHOW CREATE TABLE} texts parsed once per distinct text: see {@link
 * FleetSchemaReader}), and each target compared on the calling thread as its unit finishes.
 */
final class FleetCompare {
  private static final Logger LOG = LoggerFactory.getLogger(FleetCompare.class);

  /** The most schemas one batch reads together: the IN lists stay short. */
  private static final int MAX_BATCH = 100;

  private final SchemaComparator comparator;
  private final int concurrency;
  private final Duration timeout;
  private final CompareListener listener;

  /** Reads live targets from their SHOW CREATE TABLE texts, each distinct text parsed once. */
  private final FleetSchemaReader reader = FleetSchemaReader.create();

  FleetCompare(
      SchemaComparator comparator, int concurrency, Duration timeout, CompareListener listener) {
    this.comparator = comparator;
    this.concurrency = concurrency;
    this.timeout = timeout;
    this.listener = listener;
  }

  /** What reading one target gave: its schema and the flavor to compare it under, or why not. */
  private record Read(
      String target, @Nullable Schema schema, Flavor flavor, @Nullable FleetTargetException e) {}

  /** Targets read together on one connection, or one target of another kind of source. */
  private final class Unit {
    final List<String> targets = new ArrayList<>();
    final List<SchemaSource> sources = new ArrayList<>();
    volatile long startNanos;
    volatile @Nullable Connection connection;
    @Nullable Future<List<Read>> future;

    List<Read> read(Flavor assumed) {
      startNanos = System.nanoTime();
      if (sources.get(0) instanceof JdbcSchemaSource first) {
        return readLive(first);
      }
      SchemaSource source = sources.get(0);
      String target = targets.get(0);
      try {
        Flavor flavor = source.flavor().orElse(assumed);
        return List.of(new Read(target, source.load(assumed), flavor, null));
      } catch (SchemaDiffException e) {
        return List.of(failure(target, kindOf(e), e.getMessage(), e, assumed));
      }
    }

    private List<Read> readLive(JdbcSchemaSource first) {
      List<String> schemas = new ArrayList<>();
      for (SchemaSource s : sources) {
        String schema = ((JdbcSchemaSource) s).schema();
        if (!schemas.contains(schema)) {
          schemas.add(schema);
        }
      }
      List<Read> out = new ArrayList<>();
      try (Connection c = first.open()) {
        connection = c;
        Flavor flavor = JdbcSchemaReader.flavor(c);
        JdbcSchemaReader.BatchRead read = reader.readAll(c, first.serverKey(), schemas, flavor);
        LOG.debug(
            "read {} schemas from {} with {} queries in {} ms",
            schemas.size(),
            first.location(),
            read.queries(),
            (System.nanoTime() - startNanos) / 1_000_000);
        for (int i = 0; i < targets.size(); i++) {
          String schema = ((JdbcSchemaSource) sources.get(i)).schema();
          Schema s = read.schemas().get(schema);
          RuntimeException e = read.failures().get(schema);
          if (s != null) {
            out.add(new Read(targets.get(i), s, flavor, null));
          } else {
            boolean missing = e instanceof IllegalArgumentException;
            out.add(
                failure(
                    targets.get(i),
                    missing
                        ? FleetTargetException.Kind.MISSING
                        : FleetTargetException.Kind.UNREADABLE,
                    (e == null ? "not read" : e.getMessage()) + " on " + first.location(),
                    e,
                    flavor));
          }
        }
        return out;
      } catch (SQLException | RuntimeException e) {
        // After a timeout this answer is never read: the waiting thread has reported the targets.
        List<Read> failed = new ArrayList<>();
        for (String target : targets) {
          failed.add(
              failure(
                  target,
                  FleetTargetException.Kind.UNREACHABLE,
                  "cannot read schemas from " + first.location() + ": " + e.getMessage(),
                  e,
                  Flavor.MYSQL_8_0));
        }
        return failed;
      } finally {
        connection = null;
      }
    }
  }

  private static Read failure(
      String target,
      FleetTargetException.Kind kind,
      String message,
      @Nullable Throwable cause,
      Flavor flavor) {
    return new Read(target, null, flavor, new FleetTargetException(target, kind, message, cause));
  }

  private static FleetTargetException.Kind kindOf(SchemaDiffException e) {
    return e instanceof SchemaReadException
        ? FleetTargetException.Kind.UNREACHABLE
        : FleetTargetException.Kind.UNREADABLE;
  }

  FleetDiff run(
      SchemaSource reference, Map<String, SchemaSource> targets, @Nullable Flavor fixedFlavor) {
    Flavor assumed = fixedFlavor != null ? fixedFlavor : flavorOf(reference, targets);
    Schema ref = comparator.load(reference, assumed);
    List<Unit> units = units(targets);
    Map<String, SchemaDiff> drifted = new LinkedHashMap<>();
    Map<String, SchemaDiffException> failed = new LinkedHashMap<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(concurrency, Math.max(1, units.size())), DaemonThreads.named("opskit-fleet"));
    int done = 0;
    try {
      for (Unit unit : units) {
        unit.future = pool.submit(() -> unit.read(assumed));
      }
      for (Unit unit : units) {
        for (Read read : await(unit, assumed)) {
          done++;
          if (read.e() != null) {
            failed.put(read.target(), read.e());
          } else {
            Flavor flavor = fixedFlavor != null ? fixedFlavor : read.flavor();
            SchemaDiff diff =
                comparator.compare(
                    read.target(),
                    Objects.requireNonNull(read.schema()),
                    reference.name(),
                    ref,
                    flavor);
            if (!diff.isEmpty()) {
              drifted.put(read.target(), diff);
            }
          }
          int finished = done;
          SchemaComparator.notify(
              () -> listener.targetFinished(read.target(), finished, targets.size()));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    LOG.info(
        "compared {} targets with {}: {} drifted, {} failed",
        targets.size(),
        reference.name(),
        drifted.size(),
        failed.size());
    return new FleetDiff(reference.name(), List.copyOf(targets.keySet()), drifted, failed);
  }

  /**
   * Waits for a unit; one that runs longer than the timeout has its connection aborted and its
   * targets fail as timed out. The wait is bounded: the timeout, plus as long again for the abort.
   */
  private List<Read> await(Unit unit, Flavor assumed) {
    Future<List<Read>> future = Objects.requireNonNull(unit.future);
    long timeoutNanos = timeout.toNanos();
    while (true) {
      long start = unit.startNanos;
      long waitNanos =
          start == 0 ? TimeUnit.MILLISECONDS.toNanos(50) : start + timeoutNanos - System.nanoTime();
      try {
        return future.get(Math.max(1, waitNanos), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        if (unit.startNanos != 0 && System.nanoTime() - unit.startNanos >= timeoutNanos) {
          return timeOut(unit, assumed);
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException("a fleet read failed unexpectedly", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while comparing a fleet", e);
      }
    }
  }

  private List<Read> timeOut(Unit unit, Flavor assumed) {
    Connection c = unit.connection;
    if (c != null) {
      try {
        c.abort(Runnable::run);
      } catch (SQLException | RuntimeException e) {
        LOG.debug("aborting a timed-out fleet read failed", e);
      }
    }
    Objects.requireNonNull(unit.future).cancel(true);
    List<Read> out = new ArrayList<>();
    for (int i = 0; i < unit.targets.size(); i++) {
      SchemaSource source = unit.sources.get(i);
      String where = source instanceof JdbcSchemaSource j ? j.location() : source.toString();
      out.add(
          failure(
              unit.targets.get(i),
              FleetTargetException.Kind.TIMED_OUT,
              "reading it from " + where + " took longer than " + timeout,
              null,
              assumed));
    }
    return out;
  }

  /** Live targets of one server in batches; every other target alone. */
  private List<Unit> units(Map<String, SchemaSource> targets) {
    Map<Object, List<Map.Entry<String, SchemaSource>>> byServer = new LinkedHashMap<>();
    List<Unit> units = new ArrayList<>();
    for (Map.Entry<String, SchemaSource> e : targets.entrySet()) {
      if (e.getValue() instanceof JdbcSchemaSource j) {
        byServer.computeIfAbsent(j.serverKey(), k -> new ArrayList<>()).add(e);
      } else {
        Unit unit = new Unit();
        unit.targets.add(e.getKey());
        unit.sources.add(e.getValue());
        units.add(unit);
      }
    }
    for (List<Map.Entry<String, SchemaSource>> server : byServer.values()) {
      int size = Math.min(MAX_BATCH, Math.max(1, -Math.floorDiv(-server.size(), concurrency)));
      for (int i = 0; i < server.size(); i += size) {
        Unit unit = new Unit();
        for (Map.Entry<String, SchemaSource> e :
            server.subList(i, Math.min(server.size(), i + size))) {
          unit.targets.add(e.getKey());
          unit.sources.add(e.getValue());
        }
        units.add(unit);
      }
    }
    return units;
  }

  private static Flavor flavorOf(SchemaSource reference, Map<String, SchemaSource> targets) {
    if (reference.flavor().isPresent()) {
      return reference.flavor().get();
    }
    for (SchemaSource target : targets.values()) {
      try {
        if (target.flavor().isPresent()) {
          return target.flavor().get();
        }
      } catch (SchemaDiffException e) {
        LOG.debug("no flavor from {}: {}", target.name(), e.getMessage());
      }
    }
    return Flavor.MYSQL_8_0;
  }
}
