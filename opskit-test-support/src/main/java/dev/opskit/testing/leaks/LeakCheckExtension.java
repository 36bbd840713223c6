package dev.opskit.testing.leaks;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Fails a test class that leaves behind what it opened: TCP connections from this JVM to a database
 * port, threads, entries in {@code java.io.tmpdir}, databases named by this JVM's {@link
 * dev.opskit.testing.db.DatabaseNames}, and what registered {@link LeakProbe}s report (such as
 * unfinished multipart uploads).
 *
 * <p>Each top-level test class is checked as a whole: the extension takes a snapshot before the
 * class and compares after everything of the class has ended, {@code @AfterAll} methods, other
 * extensions and class-level {@code @TempDir} folders included. Threads and connections get a grace
 * period ({@value #DEFAULT_GRACE_MILLIS} ms, or the configuration parameter {@value
 * #GRACE_PARAMETER} in milliseconds) to end. The failure is a {@link LeakedResourcesError} naming
 * the class and each leak. A class keeps something on purpose with {@link AllowLeak}.
 *
 * <p>Every opskit module runs it through JUnit's extension auto-detection, which
 * opskit-test-support's {@code junit-platform.properties} turns on.
 */
public final class LeakCheckExtension implements BeforeAllCallback {
  /** The configuration parameter that sets the grace period for threads and connections, in ms. */
  public static final String GRACE_PARAMETER = "opskit.leaks.grace.millis";

  /** The default grace period for threads and connections, in milliseconds. */
  public static final long DEFAULT_GRACE_MILLIS = 5_000;

  /** The database ports every class is checked for: MariaDB, MySQL 8.0, MySQL 9.7, PostgreSQL. */
  public static final Set<Integer> DATABASE_PORTS = Set.of(3306, 3307, 3308, 5432);

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LeakCheckExtension.class);
  private static final Set<Integer> WATCHED_PORTS = ConcurrentHashMap.newKeySet();
  private static final List<Registration> PROBES = new CopyOnWriteArrayList<>();
  private static final Queue<Leak> FOUND_AT_CLOSE = new ConcurrentLinkedQueue<>();

  /**
   * Creates the extension; JUnit calls this once per run, before any class, which is when {@code
   * java.io.tmpdir} is created if the build pointed it at a folder that does not exist yet
   * ({@code @TempDir} fields are created before this extension's {@code beforeAll}).
   */
  public LeakCheckExtension() {
    Snapshot.currentTempFolder();
  }

  /**
   * Adds a port to those whose connections are checked, for the rest of this JVM: a database server
   * a test starts itself on a free port, for instance.
   *
   * @param port the server's port
   */
  public static void watchPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
    }
    WATCHED_PORTS.add(port);
  }

  /**
   * Registers a probe the extension asks after each test class, until the returned registration is
   * closed; closing it asks the probe one last time (so a fixture closes it before it stops the
   * server the probe asks), and what it reports then fails the class that is running.
   *
   * @param kind the kind of resource the probe looks for
   * @param probe the probe
   * @return the registration, to close when the fixture stops
   */
  public static Registration register(LeakKind kind, LeakProbe probe) {
    Registration registration =
        new Registration(
            Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(probe, "probe"));
    PROBES.add(registration);
    return registration;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (context.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
      return; // a @Nested class: its enclosing class's check covers it
    }
    Duration grace =
        Duration.ofMillis(
            context
                .getConfigurationParameter(GRACE_PARAMETER, Long::parseLong)
                .orElse(DEFAULT_GRACE_MILLIS));
    context.getStore(NAMESPACE).put(ClassCheck.class, begin(context.getRequiredTestClass(), grace));
  }

  /** Takes the snapshot a class is compared with when the returned check is closed. */
  static ClassCheck begin(Class<?> testClass, Duration grace) {
    List<AllowLeak> allowances =
        AnnotationSupport.findRepeatableAnnotations(testClass, AllowLeak.class);
    for (AllowLeak allowance : allowances) {
      if (allowance.reason().isBlank()) {
        throw new IllegalArgumentException(
            "@AllowLeak(kind = "
                + allowance.kind()
                + ") on "
                + testClass.getName()
                + " needs a reason");
      }
      Pattern.compile(allowance.matching());
    }
    FOUND_AT_CLOSE.clear();
    return new ClassCheck(testClass.getName(), allowances, grace, Snapshot.take(ports()));
  }

  static Set<Integer> ports() {
    Set<Integer> ports = new java.util.HashSet<>(DATABASE_PORTS);
    ports.addAll(WATCHED_PORTS);
    dev.opskit.testing.db.DatabaseServers.resolved().forEach(s -> ports.add(s.port()));
    return ports;
  }

  static List<Leak> probeLeaks() {
    List<Leak> leaks = new java.util.ArrayList<>();
    for (Leak leak; (leak = FOUND_AT_CLOSE.poll()) != null; ) {
      leaks.add(leak);
    }
    for (Registration registration : PROBES) {
      leaks.addAll(registration.ask());
    }
    return leaks;
  }

  /** A probe registered with {@link #register}; closing it asks the probe one last time. */
  public static final class Registration implements AutoCloseable {
    private final LeakKind kind;
    private final LeakProbe probe;

    private Registration(LeakKind kind, LeakProbe probe) {
      this.kind = kind;
      this.probe = probe;
    }

    /**
     * Asks the probe one last time, keeps what it reports for the running class, and removes it.
     */
    @Override
    public void close() {
      if (PROBES.remove(this)) {
        FOUND_AT_CLOSE.addAll(ask());
      }
    }

    List<Leak> ask() {
      try {
        return probe.leftovers().stream().map(what -> new Leak(kind, what)).toList();
      } catch (Exception e) {
        return List.of(new Leak(kind, "the probe failed to look: " + e));
      }
    }
  }
}
