package dev.opskit.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code compare(from, to)} loads both schemas at once where the machine has the processors for it,
 * one after the other elsewhere, and always reports on the calling thread.
 */
class PairLoadTest {
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> listenerThreads = Collections.synchronizedList(new ArrayList<>());
  private final CompareListener listener =
      new CompareListener() {
        @Override
        public void loadStarted(String source) {
          heard("start " + source);
        }

        @Override
        public void loadFinished(String source, int tables, long millis) {
          heard("done " + source + " " + tables);
        }

        @Override
        public void compared(int changes) {
          heard("compared " + changes);
        }

        private void heard(String event) {
          events.add(event);
          listenerThreads.add(Thread.currentThread());
        }
      };

  @Test
  void bothSchemasLoadAtTheSameTime() {
    CountDownLatch bothLoading = new CountDownLatch(2);
    SchemaSource a = waitingFor(bothLoading, "a", "CREATE TABLE t (id int)");
    SchemaSource b = waitingFor(bothLoading, "b", "CREATE TABLE t (id bigint)");

    Schema[] both = PairLoad.concurrently(a, b, Flavor.MYSQL_8_0, listener);

    assertThat(SchemaComparator.create().compare(both[0], both[1]).changes()).hasSize(1);
    assertThat(events).containsExactly("start a", "start b", "done a 1", "done b 1");
    assertThat(listenerThreads).containsOnly(Thread.currentThread());
  }

  @Test
  void onASmallMachineTheyLoadOneAfterTheOtherOnTheCallingThread() {
    List<Thread> loaders = Collections.synchronizedList(new ArrayList<>());
    SchemaSource a = recording(loaders, "a", "CREATE TABLE t (id int)");
    SchemaSource b = recording(loaders, "b", "CREATE TABLE t (id bigint)");

    Schema[] both = PairLoad.oneAfterTheOther(a, b, Flavor.MYSQL_8_0, listener);

    assertThat(both[1].tables().get(0).columns().get(0).type()).isEqualTo("bigint");
    assertThat(events).containsExactly("start a", "done a 1", "start b", "done b 1");
    assertThat(loaders).containsOnly(Thread.currentThread());
  }

  @Test
  void compareLoadsAtOnceOnlyWithTheProcessorsForIt() {
    List<Thread> loaders = Collections.synchronizedList(new ArrayList<>());
    SchemaSource a = recording(loaders, "a", "CREATE TABLE t (id int)");
    SchemaSource b = recording(loaders, "b", "CREATE TABLE t (id bigint)");

    SchemaComparator.builder().listener(listener).build().compare(a, b);

    boolean concurrent =
        Runtime.getRuntime().availableProcessors() >= PairLoad.CONCURRENT_FROM_PROCESSORS;
    assertThat(loaders).hasSize(2);
    assertThat(loaders.get(1) != Thread.currentThread()).isEqualTo(concurrent);
    assertThat(events).endsWith("compared 1");
  }

  private static SchemaSource recording(List<Thread> loaders, String name, String ddl) {
    return source(
        name,
        () -> {
          loaders.add(Thread.currentThread());
          return SchemaSource.ddl(name, ddl).load(Flavor.MYSQL_8_0);
        });
  }

  @Test
  void aFailedLoadWaitsForTheOtherAndKeepsItsFailure() throws Exception {
    CountDownLatch otherFinished = new CountDownLatch(1);
    SchemaSource failing =
        source(
            "a",
            () -> {
              throw new SchemaReadException("a is unreachable");
            });
    SchemaSource failingLater =
        source(
            "b",
            () -> {
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              otherFinished.countDown();
              throw new SchemaReadException("b is unreachable too");
            });

    assertThatThrownBy(
            () -> PairLoad.concurrently(failing, failingLater, Flavor.MYSQL_8_0, listener))
        .isInstanceOf(SchemaReadException.class)
        .hasMessage("a is unreachable")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .extracting(Throwable::getMessage)
                    .isEqualTo("b is unreachable too"));
    assertThat(otherFinished.await(0, TimeUnit.SECONDS)).as("waited for the other load").isTrue();
    assertThat(loadThreads()).isEmpty();
  }

  @Test
  void theOtherLoadsFailureReachesTheCaller() {
    SchemaSource fine = SchemaSource.ddl("a", "CREATE TABLE t (id int)");
    SchemaSource broken = SchemaSource.ddl("b", "CREATE TABLE t (id int");

    assertThatThrownBy(() -> PairLoad.concurrently(fine, broken, Flavor.MYSQL_8_0, listener))
        .isInstanceOf(DdlParseException.class);
    assertThat(loadThreads()).isEmpty();
  }

  @Test
  void anInterruptedCallerStopsWaitingAndKeepsItsInterrupt() {
    CountDownLatch never = new CountDownLatch(1);
    SchemaSource fine = SchemaSource.ddl("a", "CREATE TABLE t (id int)");
    SchemaSource slow =
        source(
            "b",
            () -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaReadException("b stopped");
              }
              throw new AssertionError("unreachable");
            });
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> PairLoad.concurrently(fine, slow, Flavor.MYSQL_8_0, listener))
          .isInstanceOf(SchemaReadException.class)
          .hasMessage("interrupted while loading b");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(loadThreads()).isEmpty();
  }

  /** The load threads still alive, after giving an ending one a moment to go. */
  private static List<Thread> loadThreads() {
    List<Thread> alive = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("opskit-schema-load-")) {
        try {
          t.join(5_000);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        if (t.isAlive()) {
          alive.add(t);
        }
      }
    }
    return alive;
  }

  /**
   * A DDL source whose load waits until both loads have started: loaded one after the other, it
   * never would.
   */
  private static SchemaSource waitingFor(CountDownLatch bothLoading, String name, String ddl) {
    return source(
        name,
        () -> {
          bothLoading.countDown();
          try {
            if (!bothLoading.await(10, TimeUnit.SECONDS)) {
              throw new AssertionError(name + " loaded while the other was not loading");
            }
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          return SchemaSource.ddl(name, ddl).load(Flavor.MYSQL_8_0);
        });
  }

  private static SchemaSource source(String name, Supplier<Schema> load) {
    return new SchemaSource() {
      @Override
      public Schema load(Flavor assumedFlavor) {
        return load.get();
      }

      @Override
      public String name() {
        return name;
      }
    };
  }
}
