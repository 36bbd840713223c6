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

/** {@code compare(from, to)} loads both schemas at once and still reports on the calling thread. */
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

    SchemaDiff diff = SchemaComparator.builder().listener(listener).build().compare(a, b);

    assertThat(diff.changes()).hasSize(1);
    assertThat(events).containsExactly("start a", "start b", "done a 1", "done b 1", "compared 1");
    assertThat(listenerThreads).containsOnly(Thread.currentThread());
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

    assertThatThrownBy(() -> SchemaComparator.create().compare(failing, failingLater))
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

    assertThatThrownBy(() -> SchemaComparator.create().compare(fine, broken))
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
      assertThatThrownBy(() -> SchemaComparator.create().compare(fine, slow))
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
