package dev.opskit.redash.internal.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The content of a run's lock object: who the run is and where it runs, so that another run can
 * tell a live owner from a dead one. Internal to opskit; may change in any release.
 *
 * <p>A lock names a process by host name, boot id (a reboot makes every earlier pid dead), pid
 * namespace (two containers share a boot id but not their pids), pid and the process's start time
 * (a recycled pid has another one). Only when all of those say "this machine, this namespace" can a
 * missing process prove the owner dead; anywhere else the lock is only taken over once it is stale.
 *
 * @param runId the run's id, also the lock object's name
 * @param operation what the run does: backup or prune
 * @param host the host name
 * @param bootId the kernel's boot id, null where the system has none
 * @param pidNamespace the pid namespace, null where the system has none
 * @param pid the process id
 * @param pidStart when the process started, null when unknown
 * @param acquiredAt when the run first wrote the lock
 * @param renewedAt when the run last renewed it
 * @param held false while the run is still checking for other runs, true once it holds the lock
 * @param nonce random, so that no two runs' locks are alike
 */
public record LockOwner(
    String runId,
    String operation,
    String host,
    @Nullable String bootId,
    @Nullable String pidNamespace,
    long pid,
    @Nullable Instant pidStart,
    Instant acquiredAt,
    Instant renewedAt,
    boolean held,
    String nonce) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Checks the components. */
  public LockOwner {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(acquiredAt, "acquiredAt");
    Objects.requireNonNull(renewedAt, "renewedAt");
    Objects.requireNonNull(nonce, "nonce");
  }

  /**
   * This process, about to take a lock.
   *
   * @param runId the run's id
   * @param operation backup or prune
   * @param now the current time
   * @return the pending owner
   */
  public static LockOwner current(String runId, String operation, Instant now) {
    ProcessHandle self = ProcessHandle.current();
    return new LockOwner(
        runId,
        operation,
        hostName(),
        currentBootId(),
        currentPidNamespace(),
        self.pid(),
        self.info().startInstant().orElse(null),
        now,
        now,
        false,
        UUID.randomUUID().toString());
  }

  /**
   * The same owner, now holding the lock.
   *
   * @param now the current time
   * @return the held owner
   */
  public LockOwner asHeld(Instant now) {
    return new LockOwner(
        runId, operation, host, bootId, pidNamespace, pid, pidStart, acquiredAt, now, true, nonce);
  }

  /**
   * Whether this owner's process is provably gone: it ran on this machine since its last boot, in
   * this pid namespace, and no process with its pid and start time exists.
   *
   * @return true only when it is certain
   */
  public boolean provablyDead() {
    if (bootId == null
        || pidNamespace == null
        || !host.equals(hostName())
        || !bootId.equals(currentBootId())
        || !pidNamespace.equals(currentPidNamespace())) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    Optional<Instant> started = process.get().info().startInstant();
    // Another start time: the pid was recycled by an unrelated process.
    return pidStart != null && started.isPresent() && !started.get().equals(pidStart);
  }

  /**
   * Serializes the owner.
   *
   * @return UTF-8 JSON
   */
  public byte[] toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("runId", runId);
    node.put("operation", operation);
    node.put("host", host);
    node.put("bootId", bootId);
    node.put("pidNamespace", pidNamespace);
    node.put("pid", pid);
    node.put("pidStart", pidStart == null ? null : pidStart.toString());
    node.put("acquiredAt", acquiredAt.toString());
    node.put("renewedAt", renewedAt.toString());
    node.put("held", held);
    node.put("nonce", nonce);
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a lock object.
   *
   * @param bytes its content
   * @return the owner, empty when the content is not a lock of this format
   */
  public static Optional<LockOwner> fromJson(byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject() || !node.path("runId").isTextual()) {
        return Optional.empty();
      }
      return Optional.of(
          new LockOwner(
              node.path("runId").asText(),
              node.path("operation").asText("?"),
              node.path("host").asText("?"),
              text(node, "bootId"),
              text(node, "pidNamespace"),
              node.path("pid").asLong(-1),
              instant(text(node, "pidStart")),
              Objects.requireNonNull(instant(text(node, "acquiredAt"))),
              Objects.requireNonNull(instant(text(node, "renewedAt"))),
              node.path("held").asBoolean(false),
              node.path("nonce").asText("")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static @Nullable Instant instant(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return operation + " " + runId + " on " + host + " (pid " + pid + ")";
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static @Nullable String currentBootId() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static @Nullable String currentPidNamespace() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
