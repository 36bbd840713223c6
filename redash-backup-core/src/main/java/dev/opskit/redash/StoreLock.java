package dev.opskit.redash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opskit.redash.ProgressEvent.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-level lock against overlapping runs: an object created only if absent (S3 {@code
 * If-None-Match: *}, an exclusive file create), removed when the run ends. A lock older than the
 * stale age is taken for a crashed run's and replaced, once.
 */
final class StoreLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BackupStore store;
  private final String name;
  private final byte[] content;

  private StoreLock(BackupStore store, String name, byte[] content) {
    this.store = store;
    this.name = name;
    this.content = content;
  }

  static StoreLock acquire(
      BackupStore store,
      String name,
      String owner,
      Clock clock,
      Duration staleAfter,
      RedashBackup.Events events) {
    Instant now = clock.instant();
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown";
    }
    byte[] content =
        JSON.createObjectNode()
            .put("owner", owner)
            .put("host", host)
            .put("pid", ProcessHandle.current().pid())
            .put("startedAt", now.toString())
            // Makes this run's lock unlike any other's, even one started in the same millisecond.
            .put("nonce", java.util.UUID.randomUUID().toString())
            .toString()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 2; attempt++) {
      if (store.writeIfAbsent(name, content) || holdsAlready(store, name, content)) {
        events.emit(Phase.LOCK, 0, 0, "locked " + store.location() + name);
        return new StoreLock(store, name, content);
      }
      String holder = "another run";
      Instant since = null;
      try (InputStream in = store.read(name)) {
        JsonNode lock = JSON.readTree(in.readAllBytes());
        holder =
            lock.path("owner").asText("?")
                + " on "
                + lock.path("host").asText("?")
                + " (pid "
                + lock.path("pid").asText("?")
                + ")";
        since = Instant.parse(lock.path("startedAt").asText());
      } catch (IOException | RuntimeException e) {
        LOG.warn("the lock {}{} is unreadable: {}", store.location(), name, e.toString());
      }
      if (since != null && since.plus(staleAfter).isBefore(now) && attempt == 0) {
        LOG.warn(
            "removing the stale lock {}{} of {} from {}", store.location(), name, holder, since);
        store.delete(name);
        continue;
      }
      throw new BackupInProgressException(
          holder
              + " holds "
              + store.location()
              + name
              + (since == null ? "" : " since " + since)
              + "; this run was refused to avoid overlapping it. If that run crashed, delete the"
              + " lock object or wait until it is older than "
              + staleAfter);
    }
    throw new BackupInProgressException("could not take the lock " + store.location() + name);
  }

  /**
   * Whether the existing lock is this run's own: an S3 client that retried a conditional PUT whose
   * first attempt succeeded late gets 412 for its own object.
   */
  static boolean holdsAlready(BackupStore store, String name, byte[] content) {
    try (InputStream in = store.read(name)) {
      return java.util.Arrays.equals(in.readAllBytes(), content);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    // Only our own lock: after a long run a successor may have taken over a stale one.
    if (!holdsAlready(store, name, content)) {
      LOG.warn("the lock {}{} is no longer this run's; leaving it", store.location(), name);
      return;
    }
    try {
      store.delete(name);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not remove the lock {}{}: {}; the next run will find it stale",
          store.location(),
          name,
          e.toString());
    }
  }
}
