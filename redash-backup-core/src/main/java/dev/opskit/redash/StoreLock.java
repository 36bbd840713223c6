package dev.opskit.redash;

import dev.opskit.redash.ProgressEvent.Phase;
import dev.opskit.redash.internal.concurrent.NamedThreads;
import dev.opskit.redash.internal.lock.LockOwner;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock that keeps backups and prunes of one instance from overlapping, as a lease: each run
 * writes its own lock object ({@code <instance>/locks/<run>.json}, created only if absent), then
 * lists the others. It proceeds only when no other live lock exists, so of two runs that start at
 * once at most one proceeds (each lists after its own write, so the later one always sees the
 * earlier). A lock is live until its owner is provably dead (same host, boot and pid namespace, and
 * no process with its pid and start time) or its object has not been renewed for the stale age,
 * measured between the store's own timestamps. The holder renews its lock every quarter of the
 * stale age and stops (throws {@link LockLostException} from {@link #ensureHeld()}) when its lock
 * vanished, when another run holds one, or when it could not renew for half the stale age.
 */
final class StoreLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreLock.class);
  private static final int ATTEMPTS = 3;

  private final BackupStore store;
  private final String folder;
  private final String name;
  private final Clock clock;
  private final Duration staleAfter;
  private final ScheduledExecutorService renewal;
  private LockOwner owner;
  private Instant lastRenewed;
  private @Nullable String lost;
  private boolean closed;

  private StoreLock(
      BackupStore store,
      String folder,
      String name,
      LockOwner owner,
      Clock clock,
      Duration staleAfter) {
    this.store = store;
    this.folder = folder;
    this.name = name;
    this.owner = owner;
    this.clock = clock;
    this.staleAfter = staleAfter;
    this.lastRenewed = clock.instant();
    this.renewal =
        Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("opskit-lock-" + name));
  }

  /** The folder that holds an instance's lock objects. */
  static String folderOf(String instance) {
    return instance + "/locks/";
  }

  static StoreLock acquire(
      BackupStore store,
      String instance,
      String runId,
      String operation,
      Clock clock,
      Duration staleAfter,
      RedashBackup.Events events) {
    String folder = folderOf(instance);
    String name = folder + runId + ".json";
    for (int attempt = 1; ; attempt++) {
      LockOwner pending = LockOwner.current(runId, operation, clock.instant());
      if (!store.writeIfAbsent(name, pending.toJson())) {
        throw new IllegalStateException("a lock object " + name + " exists already");
      }
      Optional<Other> conflict;
      try {
        conflict = otherLiveLock(store, folder, name, staleAfter, 3);
      } catch (RuntimeException e) {
        deleteQuietly(store, name);
        throw e;
      }
      if (conflict.isEmpty()) {
        LockOwner held = pending.asHeld(clock.instant());
        store.replace(name, held.toJson());
        StoreLock lock = new StoreLock(store, folder, name, held, clock, staleAfter);
        lock.startRenewing();
        events.emit(Phase.LOCK, 0, 0, "locked " + store.location() + name);
        return lock;
      }
      deleteQuietly(store, name);
      Other other = conflict.get();
      if (other.owner() != null && !other.owner().held() && attempt < ATTEMPTS) {
        // Another run checking at the same moment: both stepped back; try again a little later.
        sleep(ThreadLocalRandom.current().nextLong(50, 300));
        continue;
      }
      throw inProgress(store, other, staleAfter);
    }
  }

  private record Other(String name, @Nullable LockOwner owner, Instant lastModified) {}

  /**
   * Another live lock in the folder, after removing the locks of provably dead owners and stale
   * ones. Stale means: not renewed for the stale age, by the store's clock (the object's time
   * against this run's own freshly written lock).
   */
  private static Optional<Other> otherLiveLock(
      BackupStore store, String folder, String mine, Duration staleAfter, int passes) {
    Instant now =
        store
            .stat(mine)
            .map(StoredObject::lastModified)
            .orElseThrow(() -> new BackupStoreException(store.location() + mine + " vanished"));
    List<Other> live = new ArrayList<>();
    boolean removed = false;
    for (StoredObject object : store.list(folder)) {
      if (!object.name().startsWith(folder) || object.name().equals(mine)) {
        continue;
      }
      LockOwner owner = readOwner(store, object.name());
      Duration age = Duration.between(object.lastModified(), now);
      if (owner != null && owner.provablyDead()) {
        LOG.warn(
            "removing the lock {}{} of {}: that process no longer exists on this host",
            store.location(),
            object.name(),
            owner);
        store.delete(object.name());
        removed = true;
      } else if (age.compareTo(staleAfter) > 0) {
        LOG.warn(
            "removing the stale lock {}{} of {}: not renewed for {}",
            store.location(),
            object.name(),
            owner == null ? "an unknown run" : owner,
            age);
        store.delete(object.name());
        removed = true;
      } else {
        live.add(new Other(object.name(), owner, object.lastModified()));
      }
    }
    if (removed && live.isEmpty() && passes > 1) {
      // A run that was only paused may have renewed its lock between the listing and the delete:
      // look again before taking over.
      return otherLiveLock(store, folder, mine, staleAfter, passes - 1);
    }
    return live.stream()
        .filter(o -> o.owner() == null || o.owner().held())
        .findFirst()
        .or(() -> live.stream().findFirst());
  }

  private static @Nullable LockOwner readOwner(BackupStore store, String name) {
    try (InputStream in = store.read(name)) {
      return LockOwner.fromJson(in.readAllBytes()).orElse(null);
    } catch (IOException | RuntimeException e) {
      LOG.debug("lock {} unreadable: {}", name, e.toString());
      return null;
    }
  }

  private static BackupInProgressException inProgress(
      BackupStore store, Other other, Duration staleAfter) {
    LockOwner o = other.owner();
    String holder = o == null ? "an unknown run" : o.operation() + " " + o.runId();
    return new BackupInProgressException(
        holder
            + (o == null ? "" : " on " + o.host() + " (pid " + o.pid() + ")")
            + " holds the lock "
            + store.location()
            + other.name()
            + (o == null ? "" : " since " + o.acquiredAt())
            + "; this run changed nothing. The lock is renewed while its run lives; it is taken"
            + " over once its process is gone from this host or it is older than "
            + staleAfter
            + ". If that run is gone for good, delete the lock object.",
        other.name(),
        holder,
        o == null ? "?" : o.host(),
        o == null ? -1 : o.pid(),
        o == null ? null : o.acquiredAt());
  }

  private void startRenewing() {
    long every = Math.max(100, staleAfter.toMillis() / 4);
    renewal.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  private void renewQuietly() {
    try {
      renew();
    } catch (RuntimeException e) {
      LOG.debug("renewing {} failed: {}", name, e.toString());
    }
  }

  /**
   * Renews the lock: checks it is still this run's and that no other run holds one, then rewrites
   * it with the current time.
   */
  private synchronized void renew() {
    if (lost != null || closed) {
      return;
    }
    try {
      LockOwner current = readOwner(store, name);
      if (current == null || !current.nonce().equals(owner.nonce())) {
        lose("its lock object " + store.location() + name + " was removed or replaced");
        return;
      }
      owner = owner.asHeld(clock.instant());
      store.replace(name, owner.toJson());
      for (StoredObject object : store.list(folder)) {
        if (object.name().startsWith(folder) && !object.name().equals(name)) {
          LockOwner other = readOwner(store, object.name());
          if (other != null && other.held() && !other.provablyDead()) {
            lose(other + " holds a lock too (" + store.location() + object.name() + ")");
            return;
          }
        }
      }
      lastRenewed = clock.instant();
    } catch (RuntimeException e) {
      Duration since = Duration.between(lastRenewed, clock.instant());
      if (since.compareTo(staleAfter.dividedBy(2)) > 0) {
        lose("it could not renew its lock for " + since + ": " + e.getMessage());
      } else {
        throw e;
      }
    }
  }

  private void lose(String why) {
    lost = why;
    LOG.error("{} lost the lock: {}", owner, why);
  }

  /**
   * Renews the lock now and throws when this run no longer holds it: called before each step that
   * commits something (a manifest, a deletion).
   *
   * @throws LockLostException when the lock is lost
   */
  synchronized void ensureHeld() {
    if (lost == null) {
      try {
        renew();
      } catch (RuntimeException e) {
        lose("renewing the lock failed: " + e.getMessage());
      }
    }
    if (lost != null) {
      throw new LockLostException(
          owner.operation() + " " + owner.runId() + " stopped: " + lost, name);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    renewal.shutdownNow();
    LockOwner current = readOwner(store, name);
    if (current == null || !current.nonce().equals(owner.nonce())) {
      LOG.warn("the lock {}{} is no longer this run's; leaving it", store.location(), name);
      return;
    }
    deleteQuietly(store, name);
  }

  private static void deleteQuietly(BackupStore store, String name) {
    try {
      store.delete(name);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not remove the lock {}{}: {}; the next run takes it over once it is stale",
          store.location(),
          name,
          e.toString());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedashBackupException("interrupted while waiting for the store lock");
    }
  }
}
