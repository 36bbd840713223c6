package dev.opskit.redash.internal.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The journal of a restore, kept as the {@code COMMENT ON DATABASE} of the database the backup is
 * loaded into. It travels with that database through the swap (the comment changes in the same
 * transaction as the renames), so the server's own catalog says how far an interrupted restore got:
 * a journal on a database still under its staging name means the swap never happened (undo); one on
 * the database under the target's name means it did (finish).
 *
 * @param kind {@code restore}, or {@code verify} for a scratch database
 * @param op the restore's id
 * @param target the database restored into
 * @param staging the name the backup was loaded under
 * @param previous the name the replaced target gets, null when there was no target
 * @param state {@code loading}, {@code fenced} (connections closed) or {@code swapped}
 * @param targetAllowedConnections whether the target accepted connections before the restore
 * @param targetComment the target's own comment, put back when the restore finishes
 * @param keepPrevious whether the replaced database is kept
 */
public record SwapJournal(
    String kind,
    String op,
    String target,
    String staging,
    @Nullable String previous,
    String state,
    boolean targetAllowedConnections,
    @Nullable String targetComment,
    boolean keepPrevious) {
  /** How every journal comment starts. */
  public static final String PREFIX = "opskit-restore ";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Checks the components. */
  public SwapJournal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(staging, "staging");
    Objects.requireNonNull(state, "state");
  }

  /**
   * The same journal in another state.
   *
   * @param newState the state
   * @return the journal
   */
  public SwapJournal withState(String newState) {
    return new SwapJournal(
        kind,
        op,
        target,
        staging,
        previous,
        newState,
        targetAllowedConnections,
        targetComment,
        keepPrevious);
  }

  /**
   * The journal with what the fence learned about the target.
   *
   * @param previousName the target's name once replaced, null when there is no target
   * @param allowed whether the target accepted connections
   * @param comment the target's comment
   * @return the journal, in state {@code fenced}
   */
  public SwapJournal fenced(
      @Nullable String previousName, boolean allowed, @Nullable String comment) {
    return new SwapJournal(
        kind, op, target, staging, previousName, "fenced", allowed, comment, keepPrevious);
  }

  /**
   * The comment text.
   *
   * @return {@link #PREFIX} and JSON
   */
  public String toComment() {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", kind);
    node.put("op", op);
    node.put("target", target);
    node.put("staging", staging);
    node.put("previous", previous);
    node.put("state", state);
    node.put("targetAllowedConnections", targetAllowedConnections);
    node.put("targetComment", targetComment);
    node.put("keepPrevious", keepPrevious);
    return PREFIX + node;
  }

  /**
   * Reads a database comment.
   *
   * @param comment the comment, or null
   * @return the journal, empty when the comment is not one
   */
  public static Optional<SwapJournal> parse(@Nullable String comment) {
    if (comment == null || !comment.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(comment.substring(PREFIX.length()));
      return Optional.of(
          new SwapJournal(
              node.path("kind").asText("restore"),
              node.path("op").asText(),
              node.path("target").asText(),
              node.path("staging").asText(),
              text(node, "previous"),
              node.path("state").asText(),
              node.path("targetAllowedConnections").asBoolean(true),
              text(node, "targetComment"),
              node.path("keepPrevious").asBoolean(true)));
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
