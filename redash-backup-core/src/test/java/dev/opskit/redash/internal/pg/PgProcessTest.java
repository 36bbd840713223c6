package dev.opskit.redash.internal.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.redash.fixture.LogCapture;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Client programs: what is logged about them, and the thread that drains their stderr. */
class PgProcessTest {

  @Test
  void theLogNeverShowsAPasswordFromTheCommandLineOrTheEnvironment() throws Exception {
    try (LogCapture log = LogCapture.debug()) {
      try (PgProcess process =
              PgProcess.start(
                  "env",
                  List.of(
                      "env",
                      "PGPASSWORD=hunter2-a",
                      "sh",
                      "-c",
                      "exit 0",
                      "--password=hunter2-b",
                      "password=hunter2-c"),
                  Map.of("PGPASSWORD", "hunter2-d"));
          InputStream out = process.checkedStdout()) {
        out.readAllBytes();
      }

      assertThat(log.lines())
          .anyMatch(l -> l.contains("PGPASSWORD=***") && l.contains("--password=***"))
          .noneMatch(l -> l.contains("hunter2"));
    }
  }

  @Test
  void stderrIsDrainedOnANamedDaemonThreadThatEndsWithTheProgram() throws Exception {
    try (PgProcess process =
            PgProcess.start(
                "sh",
                List.of("sh", "-c", "for i in 1 2 3; do echo line $i >&2; done; exit 4"),
                Map.of());
        InputStream out = process.checkedStdout()) {
      assertThat(process.waitFor()).isEqualTo(4);
      assertThat(process.stderrTail()).isEqualTo("line 1\nline 2\nline 3");
      assertThat(process.failureMessage(4))
          .isEqualTo("sh exited with status 4: line 1\nline 2\nline 3");
    }
    for (int i = 0; i < 50 && !drainThreads().isEmpty(); i++) {
      Thread.sleep(20);
    }
    assertThat(drainThreads()).isEmpty();
  }

  private static List<Thread> drainThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("opskit-sh-stderr"))
        .filter(Thread::isAlive)
        .toList();
  }
}
