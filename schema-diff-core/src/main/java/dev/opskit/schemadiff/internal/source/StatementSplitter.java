package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.SqlSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Splits a script into statements the way the {@code mysql} client does: at the current delimiter
 * (changed by {@code DELIMITER x} lines), never inside strings, quoted identifiers or comments.
 * Version comments ({@code /*!50003 ... *}{@code /}) are SQL, so a delimiter inside one counts.
 *
 * <p>It only scans characters; statements are tokenized one at a time by their reader, so a large
 * dump never has all its tokens in memory.
 */
final class StatementSplitter {
  private final String text;
  private int pos;
  private int line = 1;
  private int column = 1;
  private String delimiter = ";";

  StatementSplitter(String text) {
    this.text = text;
    if (text.startsWith("\uFEFF")) {
      // A byte order mark is not a character of the first line.
      pos = 1;
    }
  }

  /**
   * Returns the next statement, or null at the end of the input.
   *
   * @throws SqlSyntaxException for a DELIMITER line without a delimiter
   */
  @Nullable Span next() {
    while (true) {
      skipSpaceAndComments();
      if (pos >= text.length()) {
        return null;
      }
      if (atDelimiterCommand()) {
        readDelimiterCommand();
        continue;
      }
      if (text.startsWith(delimiter, pos)) {
        advance(delimiter.length());
        continue;
      }
      int start = pos;
      int startLine = line;
      int startColumn = column;
      CompoundTracker compound = new CompoundTracker();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '\'' || c == '"' || c == '`') {
          skipQuoted(c);
        } else if (c == '#' || (c == '-' && isDashComment())) {
          skipLine();
        } else if (c == '/' && isPlainBlockComment()) {
          skipBlockComment();
        } else if (c == delimiter.charAt(0)
            && text.startsWith(delimiter, pos)
            && !compound.inBlock()) {
          int end = pos;
          advance(delimiter.length());
          return new Span(start, end, startLine, startColumn);
        } else if (Character.isLetter(c) && (pos == 0 || !isWordPart(text.charAt(pos - 1)))) {
          int wordStart = pos;
          while (pos < text.length() && isWordPart(text.charAt(pos))) {
            advance(1);
          }
          if (delimiter.equals(";")) {
            compound.word(
                text.substring(wordStart, pos),
                nextWord(),
                wordStart > 0 && text.charAt(wordStart - 1) == '.');
          }
        } else {
          advance(1);
        }
      }
      return new Span(start, text.length(), startLine, startColumn);
    }
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** Returns the word that follows the current position, upper-cased, or an empty string. */
  private String nextWord() {
    int i = pos;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    int start = i;
    while (i < text.length() && isWordPart(text.charAt(i))) {
      i++;
    }
    return text.substring(start, i).toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * Follows BEGIN ... END and CASE ... END blocks in a CREATE TRIGGER, PROCEDURE, FUNCTION or EVENT
   * written without a DELIMITER command, so the semicolons inside the body do not end the
   * statement. {@code END IF}, {@code END LOOP}, {@code END WHILE} and {@code END REPEAT} close
   * blocks this does not count.
   */
  private static final class CompoundTracker {
    private static final java.util.Set<String> STORED =
        java.util.Set.of("TRIGGER", "PROCEDURE", "FUNCTION", "EVENT");
    private static final java.util.Set<String> NOT_COUNTED =
        java.util.Set.of("IF", "LOOP", "WHILE", "REPEAT");

    private int words;
    private boolean create;
    private boolean stored;
    private int depth;

    void word(String word, String next, boolean qualified) {
      String upper = word.toUpperCase(java.util.Locale.ROOT);
      words++;
      if (words == 1) {
        create = upper.equals("CREATE");
        return;
      }
      if (create && !stored && words <= 12 && STORED.contains(upper)) {
        stored = true;
        return;
      }
      if (!stored || qualified) {
        return;
      }
      if (upper.equals("BEGIN") || upper.equals("CASE")) {
        depth++;
      } else if (upper.equals("END") && depth > 0 && !NOT_COUNTED.contains(next)) {
        depth--;
      }
    }

    boolean inBlock() {
      return depth > 0;
    }
  }

  /** Returns the text of a statement span. */
  Statement statement(Span span) {
    return new Statement(text.substring(span.start(), span.end()), span.line(), span.column());
  }

  private void skipSpaceAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isWhitespace(c)) {
        advance(1);
      } else if (c == '#' || (c == '-' && isDashComment())) {
        skipLine();
      } else if (c == '/' && (isPlainBlockComment() || isClientCommandComment())) {
        skipBlockComment();
      } else {
        return;
      }
    }
  }

  private boolean isDashComment() {
    if (!text.startsWith("--", pos)) {
      return false;
    }
    return pos + 2 >= text.length() || Character.isWhitespace(text.charAt(pos + 2));
  }

  private boolean isPlainBlockComment() {
    return text.startsWith("/*", pos)
        && !text.startsWith("/*!", pos)
        && !text.startsWith("/*M!", pos);
  }

  /** MariaDB dumps start with {@code /*M!999999\- enable the sandbox mode *}{@code /}. */
  private boolean isClientCommandComment() {
    int i;
    if (text.startsWith("/*!", pos)) {
      i = pos + 3;
    } else if (text.startsWith("/*M!", pos)) {
      i = pos + 4;
    } else {
      return false;
    }
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    return i < text.length() && text.charAt(i) == '\\';
  }

  private void skipBlockComment() {
    int close = text.indexOf("*/", pos + 2);
    advance(close < 0 ? text.length() - pos : close + 2 - pos);
  }

  private void skipLine() {
    while (pos < text.length() && text.charAt(pos) != '\n') {
      advance(1);
    }
  }

  private void skipQuoted(char quote) {
    advance(1);
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\\' && quote != '`') {
        advance(2);
      } else if (c == quote) {
        advance(1);
        if (pos < text.length() && text.charAt(pos) == quote) {
          advance(1);
        } else {
          return;
        }
      } else {
        advance(1);
      }
    }
  }

  private boolean atDelimiterCommand() {
    return text.regionMatches(true, pos, "DELIMITER", 0, 9)
        && pos + 9 < text.length()
        && (text.charAt(pos + 9) == ' ' || text.charAt(pos + 9) == '\t');
  }

  private void readDelimiterCommand() {
    int commandLine = line;
    int commandColumn = column;
    advance(9);
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      advance(1);
    }
    int start = pos;
    while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
      advance(1);
    }
    if (pos == start) {
      throw new SqlSyntaxException(
          commandLine, commandColumn, "found DELIMITER without a delimiter, expected DELIMITER x");
    }
    delimiter = text.substring(start, pos);
    skipLine();
  }

  private void advance(int count) {
    int end = Math.min(text.length(), pos + count);
    while (pos < end) {
      if (text.charAt(pos) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
      pos++;
    }
  }

  /** Where one statement lies in the input, without its delimiter. */
  record Span(int start, int end, int line, int column) {}
}
