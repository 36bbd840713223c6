package dev.opskit.testing.leaks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What was open before a test class: threads, connections, temp entries and databases. */
record Snapshot(
    Set<Long> threads,
    Set<Long> connections,
    Path tempFolder,
    Set<String> tempEntries,
    Set<String> databases) {

  static Snapshot take(Set<Integer> ports) {
    Path tempFolder = currentTempFolder();
    return new Snapshot(
        Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet()),
        connections(ports).keySet(),
        tempFolder,
        entries(tempFolder),
        TestDatabases.list());
  }

  static Map<Long, String> connections(Set<Integer> ports) {
    if (!TcpConnections.supported()) {
      return Map.of();
    }
    try {
      return TcpConnections.to(ports);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read this JVM's TCP connections", e);
    }
  }

  /** Returns {@code java.io.tmpdir}, created when missing (the build points it at target/). */
  static Path currentTempFolder() {
    Path folder = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create java.io.tmpdir " + folder, e);
    }
    return folder;
  }

  static Set<String> entries(Path folder) {
    Set<String> names = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      entries.forEach(p -> names.add(p.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list java.io.tmpdir " + folder, e);
    }
    return names;
  }
}
