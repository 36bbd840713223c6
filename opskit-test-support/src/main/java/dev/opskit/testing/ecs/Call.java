package dev.opskit.testing.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Set;

/**
 * One API call the fake received.
 *
 * @param service {@code ecs} or {@code ecr}
 * @param operation the operation, such as {@code UpdateService}
 * @param at the virtual time of the call
 * @param request the request body
 * @param status the HTTP status answered (400 for errors, including throttling; a scripted {@link
 *     Fault}'s status; 0 when the fake closed the connection without answering)
 */
public record Call(String service, String operation, Instant at, JsonNode request, int status) {
  private static final Set<String> READ_PREFIXES = Set.of("Describe", "List", "BatchGet", "Get");

  /**
   * Tells whether the operation changes state (anything but Describe*, List*, BatchGet*, Get*).
   *
   * @return true for mutating calls
   */
  public boolean isMutating() {
    return READ_PREFIXES.stream().noneMatch(operation::startsWith);
  }
}
