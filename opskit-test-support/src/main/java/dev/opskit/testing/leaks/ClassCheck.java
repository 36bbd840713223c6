package dev.opskit.testing.leaks;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The check of one test class: closed by JUnit with the class's store, after the class's
 * {@code @AfterAll} methods and after the resources other extensions stored later (closed first).
 */
final class ClassCheck implements AutoCloseable {
  private static final long POLL_MILLIS = 25;

  private final String testClass;
  private final List<AllowLeak> allowances;
  private final Duration grace;
  private final Snapshot before;

  ClassCheck(String testClass, List<AllowLeak> allowances, Duration grace, Snapshot before) {
    this.testClass = testClass;
    this.allowances = List.copyOf(allowances);
    this.grace = grace;
    this.before = before;
  }

  @Override
  public void close() throws InterruptedException {
    List<Leak> leaks = new ArrayList<>(notAllowed(LeakCheckExtension.probeLeaks()));
    leaks.addAll(threadsAndConnections());
    leaks.addAll(notAllowed(tempFiles()));
    leaks.addAll(notAllowed(databases()));
    if (!leaks.isEmpty()) {
      throw new LeakedResourcesError(testClass, leaks);
    }
  }

  /** Polls until no new thread or connection is left, or the grace period is over. */
  private List<Leak> threadsAndConnections() throws InterruptedException {
    long start = System.nanoTime();
    boolean collected = false;
    while (true) {
      List<Leak> leaks = new ArrayList<>(notAllowed(threads()));
      leaks.addAll(notAllowed(connections()));
      long elapsed = System.nanoTime() - start;
      if (leaks.isEmpty() || elapsed >= grace.toNanos()) {
        return leaks;
      }
      if (!collected && elapsed >= grace.toNanos() / 10) {
        // A JDK HttpClient's selector thread ends only once the client is unreachable.
        System.gc();
        collected = true;
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
  }

  private List<Leak> threads() {
    List<Leak> leaks = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread thread = e.getKey();
      if (!thread.isAlive()
          || before.threads().contains(thread.getId())
          || thread == Thread.currentThread()
          || GlobalThreads.contains(thread)) {
        continue;
      }
      leaks.add(new Leak(LeakKind.THREAD, describe(thread, e.getValue())));
    }
    return leaks;
  }

  private List<Leak> connections() {
    List<Leak> leaks = new ArrayList<>();
    Snapshot.connections(LeakCheckExtension.ports())
        .forEach(
            (inode, what) -> {
              if (!before.connections().contains(inode)) {
                leaks.add(new Leak(LeakKind.CONNECTION, "TCP " + what));
              }
            });
    return leaks;
  }

  private List<Leak> tempFiles() {
    List<Leak> leaks = new ArrayList<>();
    for (String name : Snapshot.entries(before.tempFolder())) {
      if (!before.tempEntries().contains(name)) {
        var path = before.tempFolder().resolve(name);
        leaks.add(new Leak(LeakKind.TEMP_FILE, path + (Files.isDirectory(path) ? "/" : "")));
      }
    }
    return leaks;
  }

  private List<Leak> databases() {
    Set<String> after = TestDatabases.list();
    return after.stream()
        .filter(name -> !before.databases().contains(name))
        .map(name -> new Leak(LeakKind.DATABASE, name))
        .toList();
  }

  private List<Leak> notAllowed(List<Leak> leaks) {
    return leaks.stream().filter(leak -> !allowed(leak)).toList();
  }

  private boolean allowed(Leak leak) {
    return allowances.stream()
        .anyMatch(
            a ->
                a.kind() == leak.kind()
                    && Pattern.compile(a.matching()).matcher(leak.what()).find());
  }

  /** Names the thread, its state, and the first frame outside the JDK (where it was started). */
  private static String describe(Thread thread, StackTraceElement[] stack) {
    String where =
        Arrays.stream(stack)
            .filter(f -> !f.getClassName().matches("(java|javax|jdk|sun)\\..*"))
            .findFirst()
            .or(
                () ->
                    stack.length == 0
                        ? java.util.Optional.empty()
                        : java.util.Optional.of(stack[stack.length - 1]))
            .map(
                f ->
                    " at "
                        + f.getClassName()
                        + "."
                        + f.getMethodName()
                        + "("
                        + f.getFileName()
                        + ":"
                        + f.getLineNumber()
                        + ")")
            .orElse("");
    return "\""
        + thread.getName()
        + "\" ("
        + thread.getState()
        + (thread.isDaemon() ? ", daemon" : "")
        + ")"
        + where;
  }
}
