package dev.opskit.testing.leaks;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Threads that belong to the JVM, JUnit or a library's one-per-JVM housekeeping, never to a test:
 * they may start during any test class and stay. Keep this list short, with a reason each.
 */
final class GlobalThreads {
  private static final List<Entry> ENTRIES =
      List.of(
          new Entry(
              "Attach Listener|Signal Dispatcher|Common-Cleaner|Notification Thread",
              "the JVM's own; started on demand (jcmd, signals, Cleaner)"),
          new Entry(
              "ForkJoinPool\\.commonPool-worker-\\d+",
              "the JDK's common pool; idle workers end by themselves after 60 s"),
          new Entry(
              "process reaper",
              "the JDK's shared pool that waits for child processes; idles out after 60 s"),
          new Entry(
              "Keep-Alive-Timer|Keep-Alive-SocketCleaner",
              "the JDK's HttpURLConnection keep-alive cache, one per JVM; ends 5 s after its last"
                  + " pooled connection"),
          new Entry(
              "mysql-cj-abandoned-connection-cleanup",
              "MySQL Connector/J's one per-JVM cleaner, started when the driver class loads"),
          new Entry(
              "PostgreSQL-JDBC-Cleaner|PostgreSQL-JDBC-SharedTimer-\\d+",
              "pgjdbc's one per-JVM cleaner and shared cancel timer"),
          new Entry("junit-jupiter-timeout-watcher", "JUnit's shared scheduler for @Timeout"),
          new Entry(
              "response-input-stream-timeout-scheduler",
              "the AWS SDK's one per-JVM scheduler of ResponseInputStream timeouts (a static"
                  + " executor in sdk-core); idles out after 60 s"),
          new Entry(
              "idle-connection-reaper",
              "the AWS SDK's one per-JVM reaper of idle Apache HTTP connections"));

  private GlobalThreads() {}

  static boolean contains(Thread thread) {
    String name = thread.getName();
    return ENTRIES.stream().anyMatch(e -> e.name.matcher(name).matches());
  }

  private record Entry(Pattern name, String reason) {
    Entry(String name, String reason) {
      this(Pattern.compile(name), reason);
    }
  }
}
