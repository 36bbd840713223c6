package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.internal.lock.LockOwner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding 4: the store lock is a renewed lease that exactly one run can hold. */
class StoreLockTest {
  private static final String INSTANCE = "prod";
  private static final RedashBackup.Events NO_EVENTS =
      new RedashBackup.Events(BackupListener.NONE, "");

  @TempDir Path dir;
  private BackupStore store;
  private ExecutorService threads;

  @BeforeEach
  void setUp() throws Exception {
    store = BackupStore.directory(Files.createDirectories(dir.resolve("store")));
    threads = Executors.newCachedThreadPool();
  }

  @AfterEach
  void tearDown() throws Exception {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private StoreLock acquire(String run, Duration staleAfter) {
    return StoreLock.acquire(
        store, INSTANCE, run, "backup", Clock.systemUTC(), staleAfter, NO_EVENTS);
  }

  /** Writes another run's lock object, last written {@code age} ago. */
  private Path otherLock(LockOwner owner, Duration age) throws Exception {
    String name = StoreLock.folderOf(INSTANCE) + owner.runId() + ".json";
    assertThat(store.writeIfAbsent(name, owner.toJson())).isTrue();
    Path file = dir.resolve("store").resolve(name);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    return file;
  }

  private static LockOwner owner(String host, long pid, Instant pidStart) {
    LockOwner self = LockOwner.current("other-run", "backup", Instant.now());
    return new LockOwner(
        "other-run",
        "backup",
        host,
        self.bootId(),
        self.pidNamespace(),
        pid,
        pidStart,
        Instant.now(),
        Instant.now(),
        true,
        "nonce");
  }

  private static LockOwner thisHost(long pid, Instant pidStart) {
    return owner(LockOwner.current("x", "backup", Instant.now()).host(), pid, pidStart);
  }

  @RepeatedTest(10)
  void runsOfOneJvmNeverHoldTheLockTogether() throws Exception {
    int runs = 6;
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger mostHolders = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      String run = "run-" + i;
      results.add(
          threads.submit(
              () -> {
                start.await();
                try (StoreLock lock = acquire(run, Duration.ofMinutes(10))) {
                  mostHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                  Thread.sleep(50);
                  holders.decrementAndGet();
                  return true;
                } catch (BackupInProgressException refused) {
                  return false;
                }
              }));
    }
    start.countDown();
    int won = 0;
    for (Future<Boolean> result : results) {
      won += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }
    assertThat(mostHolders.get()).isLessThanOrEqualTo(1);
    assertThat(won).isPositive();
    assertThat(store.list()).as("every lock object was removed").isEmpty();
  }

  @RepeatedTest(10)
  void atMostOneContenderTakesOverAStaleLock() throws Exception {
    otherLock(owner("ci-1", 42, null), Duration.ofHours(1));
    int runs = 5;
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger mostHolders = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch tried = new CountDownLatch(runs);
    List<Future<?>> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      String run = "run-" + i;
      results.add(
          threads.submit(
              () -> {
                start.await();
                StoreLock lock;
                try {
                  lock = acquire(run, Duration.ofMinutes(10));
                } catch (BackupInProgressException refused) {
                  tried.countDown();
                  return null;
                }
                // Hold it until every contender has tried.
                try (lock) {
                  mostHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                  tried.countDown();
                  tried.await(20, TimeUnit.SECONDS);
                  holders.decrementAndGet();
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> result : results) {
      result.get(30, TimeUnit.SECONDS);
    }
    assertThat(mostHolders.get()).isLessThanOrEqualTo(1);
  }

  @Test
  void aLockOfAProcessThatIsGoneFromThisHostIsTakenOverAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path stale =
        otherLock(thisHost(gone.pid(), gone.info().startInstant().orElse(null)), Duration.ZERO);

    try (StoreLock lock = acquire("run", Duration.ofHours(6))) {
      assertThat(Files.exists(stale)).isFalse();
    }
  }

  @Test
  void aRecycledPidIsADeadOwner() throws Exception {
    ProcessHandle self = ProcessHandle.current();
    Instant otherStart = self.info().startInstant().orElseThrow().minusSeconds(3600);
    otherLock(thisHost(self.pid(), otherStart), Duration.ZERO);

    try (StoreLock lock = acquire("run", Duration.ofHours(6))) {
      assertThat(store.list(StoreLock.folderOf(INSTANCE))).hasSize(1);
    }
  }

  @Test
  void aLiveOwnerOnThisHostKeepsItsLock() throws Exception {
    ProcessHandle self = ProcessHandle.current();
    otherLock(thisHost(self.pid(), self.info().startInstant().orElseThrow()), Duration.ZERO);

    assertThatThrownBy(() -> acquire("run", Duration.ofHours(6)))
        .isInstanceOfSatisfying(
            BackupInProgressException.class,
            e -> {
              assertThat(e.holder()).isEqualTo("backup other-run");
              assertThat(e.pid()).isEqualTo(self.pid());
              assertThat(e.lockObject()).isEqualTo("prod/locks/other-run.json");
            });
    assertThat(store.list(StoreLock.folderOf(INSTANCE)))
        .as("the refused run removed its own lock object")
        .hasSize(1);
  }

  @Test
  void aFreshLockOfAnotherHostIsRespectedAndAStaleOneTakenOver() throws Exception {
    Path fresh = otherLock(owner("ci-1", 42, null), Duration.ofMinutes(5));

    assertThatThrownBy(() -> acquire("run", Duration.ofMinutes(10)))
        .isInstanceOfSatisfying(
            BackupInProgressException.class,
            e -> {
              assertThat(e.host()).isEqualTo("ci-1");
              assertThat(e.pid()).isEqualTo(42);
            })
        .hasMessageContaining("ci-1 (pid 42)");

    Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));
    try (StoreLock lock = acquire("run", Duration.ofMinutes(10))) {
      assertThat(Files.exists(fresh)).isFalse();
    }
  }

  @Test
  void theHolderRenewsItsLockSoItNeverGoesStale() throws Exception {
    Duration staleAfter = Duration.ofMillis(800);
    try (StoreLock lock = acquire("holder", staleAfter)) {
      Path file = dir.resolve("store").resolve(StoreLock.folderOf(INSTANCE) + "holder.json");
      FileTime first = Files.getLastModifiedTime(file);
      // Three stale ages later the lock is still fresh and still keeps others out.
      long deadline = System.nanoTime() + staleAfter.multipliedBy(3).toNanos();
      while (System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(Files.getLastModifiedTime(file)).isGreaterThan(first);
      assertThatThrownBy(() -> acquire("late", staleAfter))
          .isInstanceOf(BackupInProgressException.class);
      lock.ensureHeld();
    }
  }

  @Test
  void aHolderWhoseLockWasRemovedStops() throws Exception {
    try (StoreLock lock = acquire("holder", Duration.ofMinutes(10))) {
      Files.delete(dir.resolve("store").resolve(StoreLock.folderOf(INSTANCE) + "holder.json"));

      assertThatThrownBy(lock::ensureHeld)
          .isInstanceOfSatisfying(
              LockLostException.class,
              e -> assertThat(e.lockObject()).isEqualTo("prod/locks/holder.json"))
          .hasMessageContaining("was removed or replaced");
    }
  }

  @Test
  void aHolderThatFindsAnotherHolderStops() throws Exception {
    try (StoreLock lock = acquire("holder", Duration.ofMinutes(10))) {
      otherLock(owner("ci-1", 42, null), Duration.ZERO);

      assertThatThrownBy(lock::ensureHeld)
          .isInstanceOf(LockLostException.class)
          .hasMessageContaining("holds a lock too");
    }
  }
}
