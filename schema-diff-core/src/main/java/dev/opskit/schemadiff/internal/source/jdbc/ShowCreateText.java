package dev.opskit.schemadiff.internal.source.jdbc;

import dev.opskit.schemadiff.model.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A table's {@code SHOW CREATE TABLE} text with its {@code AUTO_INCREMENT=n} counter set apart, so
 * that shards whose tables differ only in their counters share one parse.
 *
 * <p>The counter is taken only from the table-options line, the first line that starts with {@code
 * ")"}: the server writes every string inside the text (comments, defaults, expressions) with its
 * line breaks escaped, so no line of a column, index or constraint starts that way, and the option
 * comes right after {@code ENGINE=}. A text of any other shape keeps its counter in the key.
 *
 * @param key the text without the counter
 * @param counter the counter's digits, or null when the key is the whole text
 */
record ShowCreateText(String key, @Nullable String counter) {
  private static final Pattern COUNTER =
      Pattern.compile("\\A\\) ENGINE=[A-Za-z0-9_]+( AUTO_INCREMENT=([0-9]+))(?= |$)");

  private static final String AUTO_INCREMENT = "AUTO_INCREMENT";

  /** Splits a text into the key and the counter. */
  static ShowCreateText of(String text) {
    int line = text.indexOf("\n)");
    if (line < 0) {
      return new ShowCreateText(text, null);
    }
    int end = text.indexOf('\n', line + 1);
    String options = text.substring(line + 1, end < 0 ? text.length() : end);
    Matcher m = COUNTER.matcher(options);
    if (!m.find()) {
      return new ShowCreateText(text, null);
    }
    int from = line + 1 + m.start(1);
    int to = line + 1 + m.end(1);
    return new ShowCreateText(text.substring(0, from) + text.substring(to), m.group(2));
  }

  /**
   * Returns a table parsed from the key with this text's counter put back, as the parser reads a
   * counter: kept only for a table with an AUTO_INCREMENT column and a value past 1.
   */
  Table withCounter(Table parsed) {
    if (counter == null
        || counter.matches("0*1?")
        || parsed.columns().stream().noneMatch(c -> c.autoIncrement())) {
      return parsed;
    }
    Map<String, String> options = new LinkedHashMap<>(parsed.options());
    options.put(AUTO_INCREMENT, counter);
    return new Table(
        parsed.name(),
        parsed.columns(),
        parsed.indexes(),
        parsed.foreignKeys(),
        parsed.checks(),
        options,
        parsed.partitioning());
  }
}
