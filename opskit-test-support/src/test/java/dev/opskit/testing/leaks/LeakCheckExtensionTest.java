package dev.opskit.testing.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakCheckExtensionTest {
  private static volatile CountDownLatch release = new CountDownLatch(1);
  private static final List<AutoCloseable> LEFT = new ArrayList<>();
  private static final AtomicReference<List<String>> UPLOADS = new AtomicReference<>(List.of());
  private static ServerSocket server;

  @AfterEach
  void cleanUpWhatTheFixturesLeft() throws Exception {
    release.countDown();
    release = new CountDownLatch(1);
    for (AutoCloseable c : LEFT) {
      c.close();
    }
    LEFT.clear();
    UPLOADS.set(List.of());
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Test
  void failsAClassThatLeavesAThreadRunning() {
    Throwable failure = KitRun.of(LeavesAThread.class).classFailure().orElseThrow();

    assertThat(failure)
        .isInstanceOf(LeakedResourcesError.class)
        .hasMessageStartingWith(LeavesAThread.class.getName() + " leaked 1 resource:")
        .hasMessageContaining("thread: \"opskit-leaky-worker\" (WAITING)")
        .hasMessageContaining(
            "at " + LeakCheckExtensionTest.class.getName() + ".lambda$waitingThread$");
    assertThat(((LeakedResourcesError) failure).leaks())
        .extracting(Leak::kind)
        .containsExactly(LeakKind.THREAD);
  }

  @Test
  void waitsForAThreadThatEndsWithinTheGracePeriod() {
    KitRun run = KitRun.of(LeavesAThreadThatEndsSoon.class, 3_000);

    assertThat(run.classFailure()).isEmpty();
  }

  @Test
  void failsAClassThatLeavesAConnectionToAWatchedPortOpen() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    LeakCheckExtension.watchPort(server.getLocalPort());

    Throwable failure = KitRun.of(LeavesAConnection.class).classFailure().orElseThrow();

    assertThat(failure)
        .hasMessageStartingWith(LeavesAConnection.class.getName() + " leaked 1 resource:")
        .hasMessageMatching(
            "(?s).*connection: TCP 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:"
                + server.getLocalPort()
                + " \\(ESTABLISHED\\).*");
  }

  @Test
  void failsAClassThatLeavesATempFile() {
    Throwable failure = KitRun.of(LeavesATempFile.class).classFailure().orElseThrow();

    assertThat(failure)
        .hasMessageStartingWith(LeavesATempFile.class.getName() + " leaked 1 resource:")
        .hasMessageContaining(
            "temp file: " + Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())
        .hasMessageContaining("opskit-leaky-");
  }

  @Test
  void failsAClassWhoseProbeStillFindsAnUnfinishedUpload() {
    Throwable failure =
        KitRun.of(LeavesAnUploadWhileTheProbeRuns.class).classFailure().orElseThrow();

    assertThat(failure)
        .hasMessageStartingWith(
            LeavesAnUploadWhileTheProbeRuns.class.getName() + " leaked 1 resource:")
        .hasMessageContaining("multipart upload: bucket/big.sql.gz (upload u-1)");
  }

  @Test
  void failsAClassWhoseProbeFoundAnUploadWhenItsFixtureStopped() {
    Throwable failure =
        KitRun.of(LeavesAnUploadAndStopsItsFixture.class).classFailure().orElseThrow();

    assertThat(failure)
        .hasMessageStartingWith(
            LeavesAnUploadAndStopsItsFixture.class.getName() + " leaked 1 resource:")
        .hasMessageContaining("multipart upload: bucket/other.sql.gz (upload u-2)");
  }

  @Test
  void reportsEveryLeakOfAClassInOneFailure() {
    Throwable failure = KitRun.of(LeavesAThreadAndATempFile.class).classFailure().orElseThrow();

    assertThat(((LeakedResourcesError) failure).leaks())
        .extracting(Leak::kind)
        .containsExactlyInAnyOrder(LeakKind.THREAD, LeakKind.TEMP_FILE);
    assertThat(((LeakedResourcesError) failure).testClass())
        .isEqualTo(LeavesAThreadAndATempFile.class.getName());
  }

  @Test
  void passesAClassThatCleansUp() {
    KitRun run = KitRun.of(CleansUp.class);

    assertThat(run.classFailure()).isEmpty();
    assertThat(run.testsSucceeded()).isEqualTo(2);
  }

  @Test
  void allowsALeakDeclaredWithAReason() {
    KitRun run = KitRun.of(KeepsAThreadOnPurpose.class);

    assertThat(run.classFailure()).isEmpty();
    assertThat(run.testsSucceeded()).isEqualTo(1);
  }

  @Test
  void allowsOnlyTheLeaksTheAllowanceMatches() {
    Throwable failure = KitRun.of(KeepsOneThreadButLeaksAnother.class).classFailure().orElseThrow();

    assertThat(failure)
        .hasMessageContaining("thread: \"opskit-unexpected\"")
        .hasMessageNotContaining("opskit-kept-on-purpose");
  }

  @Test
  void refusesAnAllowanceWithoutAReason() {
    Throwable failure = KitRun.of(AllowsWithoutAReason.class).classFailure().orElseThrow();

    assertThat(failure)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "@AllowLeak(kind = THREAD) on "
                + AllowsWithoutAReason.class.getName()
                + " needs a reason");
  }

  @Test
  void checksANestedClassWithItsEnclosingClass() {
    Throwable failure = KitRun.of(LeaksInANestedClass.class).classFailure().orElseThrow();

    assertThat(failure)
        .hasMessageStartingWith(LeaksInANestedClass.class.getName() + " leaked 1 resource:")
        .hasMessageContaining("opskit-nested-worker");
  }

  static Thread waitingThread(String name) {
    CountDownLatch latch = release;
    Thread thread =
        new Thread(
            () -> {
              try {
                latch.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    thread.start();
    return thread;
  }

  static Path leakyTempFile() throws IOException {
    Path file = Files.createTempFile("opskit-leaky-", ".txt");
    LEFT.add(() -> Files.deleteIfExists(file));
    return file;
  }

  // The fixtures below run only through KitRun: Surefire does not pick up nested classes.

  static class LeavesAThread {
    @Test
    void startsAWorker() {
      waitingThread("opskit-leaky-worker");
    }
  }

  static class LeavesAThreadThatEndsSoon {
    @Test
    void startsAWorkerThatEndsAfterTheClass() {
      new Thread(
              () -> {
                try {
                  Thread.sleep(300);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "opskit-short-worker")
          .start();
    }
  }

  static class LeavesAConnection {
    @Test
    void connects() throws IOException {
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
      LEFT.add(socket);
    }
  }

  static class LeavesATempFile {
    @Test
    void writesATempFile() throws IOException {
      Files.writeString(leakyTempFile(), "left behind");
    }
  }

  static class LeavesAThreadAndATempFile {
    @Test
    void leavesBoth() throws IOException {
      waitingThread("opskit-leaky-pair");
      leakyTempFile();
    }
  }

  static class LeavesAnUploadWhileTheProbeRuns {
    @Test
    void startsAnUpload() {
      LEFT.add(LeakCheckExtension.register(LeakKind.MULTIPART_UPLOAD, UPLOADS::get));
      UPLOADS.set(List.of("bucket/big.sql.gz (upload u-1)"));
    }
  }

  static class LeavesAnUploadAndStopsItsFixture {
    static LeakCheckExtension.Registration probe;

    @Test
    void startsAnUpload() {
      probe = LeakCheckExtension.register(LeakKind.MULTIPART_UPLOAD, UPLOADS::get);
      UPLOADS.set(List.of("bucket/other.sql.gz (upload u-2)"));
    }

    @AfterAll
    static void stopTheFixture() {
      probe.close();
      UPLOADS.set(List.of());
    }
  }

  static class CleansUp {
    private static Thread worker;
    private static LeakCheckExtension.Registration probe;

    @TempDir static Path classFolder;

    @Test
    void usesAndClosesEverything(@TempDir Path folder) throws Exception {
      Files.writeString(folder.resolve("a.txt"), "scratch");
      Files.writeString(classFolder.resolve("b.txt"), "scratch");
      Path temp = Files.createTempFile("opskit-clean-", ".txt");
      Files.delete(temp);
      probe = LeakCheckExtension.register(LeakKind.MULTIPART_UPLOAD, List::of);
    }

    @Test
    void stopsItsThreadInAfterAll() {
      worker = new Thread(() -> {}, "opskit-joined");
      worker.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
      worker.join();
      probe.close();
    }
  }

  @AllowLeak(
      kind = LeakKind.THREAD,
      matching = "opskit-kept-on-purpose",
      reason = "the test shows an allowance at work")
  static class KeepsAThreadOnPurpose {
    @Test
    void startsAWorker() {
      waitingThread("opskit-kept-on-purpose");
    }
  }

  @AllowLeak(
      kind = LeakKind.THREAD,
      matching = "opskit-kept-on-purpose",
      reason = "the test shows an allowance at work")
  static class KeepsOneThreadButLeaksAnother {
    @Test
    void startsTwoWorkers() {
      waitingThread("opskit-kept-on-purpose");
      waitingThread("opskit-unexpected");
    }
  }

  @AllowLeak(kind = LeakKind.THREAD, reason = " ")
  static class AllowsWithoutAReason {
    @Test
    void doesNothing() {}
  }

  static class LeaksInANestedClass {
    @Nested
    class Inner {
      @Test
      void startsAWorker() {
        waitingThread("opskit-nested-worker");
      }
    }
  }
}
