package dev.opskit.schemadiff.internal.source.jdbc;

import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The answer, once known, to "can schemas holding this {@code SHOW CREATE TABLE} text take its
 * parse instead of a full read?", given by the batch that first met the text.
 */
final class TextCheck {
  /** The answer for a text that failed to parse or to check, or was never checked. */
  static final Verdict UNTRUSTED = new Verdict(null, List.of(), false);

  private final CompletableFuture<Verdict> verdict = new CompletableFuture<>();

  /** Gives the answer; only the first one counts. */
  void answer(Verdict answer) {
    verdict.complete(answer);
  }

  /** Waits for the answer; the batch checking the text answers even when it fails. */
  Verdict await() throws SQLException {
    try {
      return verdict.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for another batch's check of a table", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a text check never fails", e);
    }
  }

  /**
   * A text parsed alone: its table and the attributes outside the model, or why it could not be.
   *
   * @param table the table, without its counter; null when the text could not be parsed
   * @param unmodeled the table's attributes outside the model
   * @param problem why it could not be parsed, or null
   */
  record Parse(
      @Nullable Table table, List<UnmodeledAttribute> unmodeled, @Nullable String problem) {
    static Parse failed(String problem) {
      return new Parse(null, List.of(), problem);
    }
  }

  /**
   * The answer.
   *
   * @param table the parsed table (without its counter) when trusted
   * @param unmodeled its attributes outside the model
   * @param trusted whether schemas holding the text may take the parse
   */
  record Verdict(@Nullable Table table, List<UnmodeledAttribute> unmodeled, boolean trusted) {}
}
