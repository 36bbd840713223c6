package dev.opskit.schemadiff.internal.sql;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Splits MySQL SQL text into {@link Token}s.
 *
 * <p>Understands single- and double-quoted strings with backslash and doubled-quote escapes,
 * backtick identifiers, {@code --}, {@code #} and block comments, and version comments ({@code
 * /*!50100 ... *}{@code /}, {@code /*M!100100 ... *}{@code /}), whose content is read as ordinary
 * SQL since a dump carries them for the server it came from.
 */
public final class SqlLexer {
  private static final String[] LONG_SYMBOLS = {
    "<=>", "->>", "<=", ">=", "<>", "!=", "||", "&&", "<<", ">>", ":=", "->"
  };

  /** The first characters of {@link #LONG_SYMBOLS}. */
  private static final String LONG_SYMBOL_STARTS = "<->|&!:";

  private final String text;
  private final int maxTokens;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private int line;
  private int column;
  private int openVersionComments;

  private SqlLexer(String text, int firstLine, int firstColumn, int maxTokens) {
    this.text = text;
    this.maxTokens = maxTokens;
    this.line = firstLine;
    this.column = firstColumn;
  }

  /**
   * Splits text into tokens, counting lines and columns from 1.
   *
   * @param text the SQL text
   * @return the tokens, ending with one of type {@link TokenType#END}
   * @throws SqlSyntaxException for an unterminated string, identifier or comment
   */
  public static List<Token> tokenize(String text) {
    return tokenize(text, 1, 1);
  }

  /**
   * Splits text that starts at a given place of a larger input into tokens.
   *
   * @param text the SQL text
   * @param firstLine the line the text starts on
   * @param firstColumn the column the text starts at
   * @return the tokens, ending with one of type {@link TokenType#END}
   * @throws SqlSyntaxException for an unterminated string, identifier or comment
   */
  public static List<Token> tokenize(String text, int firstLine, int firstColumn) {
    return tokenize(text, firstLine, firstColumn, Integer.MAX_VALUE);
  }

  /**
   * Splits text that starts at a given place of a larger input into at most a given number of
   * tokens, so that the memory one statement takes is bounded.
   *
   * @param text the SQL text
   * @param firstLine the line the text starts on
   * @param firstColumn the column the text starts at
   * @param maxTokens how many tokens the text may have, not counting the {@link TokenType#END}
   * @return the tokens, ending with one of type {@link TokenType#END}
   * @throws SqlSyntaxException for an unterminated string, identifier or comment, or at the first
   *     token past {@code maxTokens}
   */
  public static List<Token> tokenize(String text, int firstLine, int firstColumn, int maxTokens) {
    SqlLexer lexer = new SqlLexer(text, firstLine, firstColumn, maxTokens);
    lexer.run();
    return java.util.Collections.unmodifiableList(lexer.tokens);
  }

  private void run() {
    while (true) {
      skipSpaceAndComments();
      if (pos >= text.length()) {
        tokens.add(new Token(TokenType.END, "", "", line, column, pos));
        return;
      }
      int startLine = line;
      int startColumn = column;
      int start = pos;
      char c = text.charAt(pos);
      char next = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
      if (c == '\'' || c == '"') {
        String value = quoted(c, startLine, startColumn);
        add(TokenType.STRING, start, value, startLine, startColumn);
      } else if (c == '`') {
        String value = quoted('`', startLine, startColumn);
        add(TokenType.QUOTED_NAME, start, value, startLine, startColumn);
      } else if ((c == 'x' || c == 'X') && next == '\'') {
        advance(1);
        String value = quoted('\'', startLine, startColumn);
        add(TokenType.HEX, start, value.toLowerCase(java.util.Locale.ROOT), startLine, startColumn);
      } else if ((c == 'b' || c == 'B') && next == '\'') {
        advance(1);
        String value = quoted('\'', startLine, startColumn);
        add(TokenType.BIT, start, value, startLine, startColumn);
      } else if ((c == 'n' || c == 'N') && next == '\'') {
        advance(1);
        String value = quoted('\'', startLine, startColumn);
        add(TokenType.STRING, start, value, startLine, startColumn);
      } else if (c == '0' && (next == 'x' || next == 'X') && isHexDigitAt(pos + 2)) {
        advance(2);
        while (pos < text.length() && isHexDigit(text.charAt(pos))) {
          advance(1);
        }
        add(
            TokenType.HEX,
            start,
            text.substring(start + 2, pos).toLowerCase(java.util.Locale.ROOT),
            startLine,
            startColumn);
      } else if (c == '0' && (next == 'b' || next == 'B') && isBitDigitAt(pos + 2)) {
        advance(2);
        while (pos < text.length() && (text.charAt(pos) == '0' || text.charAt(pos) == '1')) {
          advance(1);
        }
        add(TokenType.BIT, start, text.substring(start + 2, pos), startLine, startColumn);
      } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(next))) {
        number();
        if (pos < text.length() && isWordChar(text.charAt(pos))) {
          // 1e10 is a number, but 123abc is an identifier.
          while (pos < text.length() && isWordChar(text.charAt(pos))) {
            advance(1);
          }
          add(TokenType.WORD, start, text.substring(start, pos), startLine, startColumn);
        } else {
          add(TokenType.NUMBER, start, text.substring(start, pos), startLine, startColumn);
        }
      } else if (c == '@') {
        advance(1);
        if (pos < text.length() && text.charAt(pos) == '@') {
          advance(1);
        }
        if (pos < text.length()
            && (text.charAt(pos) == '`' || text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
          quoted(text.charAt(pos), startLine, startColumn);
        } else {
          while (pos < text.length() && (isWordChar(text.charAt(pos)) || text.charAt(pos) == '.')) {
            advance(1);
          }
        }
        add(TokenType.VARIABLE, start, text.substring(start, pos), startLine, startColumn);
      } else if (isWordChar(c)) {
        while (pos < text.length() && isWordChar(text.charAt(pos))) {
          advance(1);
        }
        add(TokenType.WORD, start, text.substring(start, pos), startLine, startColumn);
      } else {
        String symbol = String.valueOf(c);
        if (LONG_SYMBOL_STARTS.indexOf(c) >= 0) { // commas and parentheses start none
          for (String candidate : LONG_SYMBOLS) {
            if (text.startsWith(candidate, pos)) {
              symbol = candidate;
              break;
            }
          }
        }
        advance(symbol.length());
        add(TokenType.SYMBOL, start, symbol, startLine, startColumn);
      }
    }
  }

  private void add(TokenType type, int start, String value, int startLine, int startColumn) {
    if (tokens.size() >= maxTokens) {
      throw new SqlSyntaxException(
          startLine,
          startColumn,
          "the statement has more than "
              + maxTokens
              + " tokens, more than any schema statement needs; split it or leave it out");
    }
    tokens.add(new Token(type, text.substring(start, pos), value, startLine, startColumn, start));
  }

  private void skipSpaceAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isWhitespace(c)) {
        advance(1);
      } else if (c == '#' || (text.startsWith("--", pos) && isDashCommentAt(pos + 2))) {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          advance(1);
        }
      } else if (text.startsWith("/*!", pos) || text.startsWith("/*M!", pos)) {
        int startLine = line;
        int startColumn = column;
        advance(text.charAt(pos + 2) == 'M' ? 4 : 3);
        int digits = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          advance(1);
        }
        if (pos - digits >= 6 && text.substring(digits, pos).compareTo("999999") >= 0) {
          // No server runs a version comment this high; mariadb-dump's sandbox line is one.
          int end = text.indexOf("*/", pos);
          if (end < 0) {
            throw new SqlSyntaxException(startLine, startColumn, "comment '/*' is never closed");
          }
          advance(end + 2 - pos);
          continue;
        }
        openVersionComments++;
      } else if (text.startsWith("/*", pos)) {
        int startLine = line;
        int startColumn = column;
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) {
          throw new SqlSyntaxException(startLine, startColumn, "comment '/*' is never closed");
        }
        advance(end + 2 - pos);
      } else if (openVersionComments > 0 && text.startsWith("*/", pos)) {
        advance(2);
        openVersionComments--;
      } else {
        return;
      }
    }
  }

  private boolean isDashCommentAt(int index) {
    return index >= text.length() || Character.isWhitespace(text.charAt(index));
  }

  private String quoted(char quote, int startLine, int startColumn) {
    String plain = plainQuoted(quote);
    if (plain != null) {
      return plain;
    }
    StringBuilder value = new StringBuilder();
    advance(1);
    while (true) {
      if (pos >= text.length()) {
        String what = quote == '`' ? "identifier" : "string";
        throw new SqlSyntaxException(
            startLine, startColumn, what + " starting with " + quote + " is never closed");
      }
      char c = text.charAt(pos);
      if (c == quote) {
        if (pos + 1 < text.length() && text.charAt(pos + 1) == quote) {
          value.append(quote);
          advance(2);
          continue;
        }
        advance(1);
        return value.toString();
      }
      if (c == '\\' && quote != '`' && pos + 1 < text.length()) {
        value.append(unescape(text.charAt(pos + 1)));
        advance(2);
        continue;
      }
      value.append(c);
      advance(1);
    }
  }

  /**
   * Reads a quoted text that holds no escape (no doubled quote, no backslash in a string) in one
   * step, as nearly every identifier in a SHOW CREATE TABLE is; returns null for any other.
   */
  private @Nullable String plainQuoted(char quote) {
    int close = text.indexOf(quote, pos + 1);
    if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) == quote)) {
      return null;
    }
    if (quote != '`') {
      int backslash = text.indexOf('\\', pos + 1);
      if (backslash >= 0 && backslash < close) {
        return null;
      }
    }
    String value = text.substring(pos + 1, close);
    advance(close + 1 - pos);
    return value;
  }

  private static String unescape(char c) {
    return switch (c) {
      case '0' -> "\0";
      case 'b' -> "\b";
      case 'n' -> "\n";
      case 'r' -> "\r";
      case 't' -> "\t";
      case 'Z' -> "\u001a";
      // \% and \_ keep their backslash: they are LIKE-pattern escapes.
      case '%', '_' -> "\\" + c;
      default -> String.valueOf(c);
    };
  }

  private void number() {
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      advance(1);
    }
    if (pos < text.length() && text.charAt(pos) == '.') {
      advance(1);
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        advance(1);
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int save = pos;
      int saveLine = line;
      int saveColumn = column;
      advance(1);
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        advance(1);
      }
      if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          advance(1);
        }
      } else {
        pos = save;
        line = saveLine;
        column = saveColumn;
      }
    }
  }

  private void advance(int count) {
    for (int i = 0; i < count && pos < text.length(); i++) {
      if (text.charAt(pos) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
      pos++;
    }
  }

  private boolean isHexDigitAt(int index) {
    return index < text.length() && isHexDigit(text.charAt(index));
  }

  private boolean isBitDigitAt(int index) {
    return index < text.length() && (text.charAt(index) == '0' || text.charAt(index) == '1');
  }

  private static boolean isHexDigit(char c) {
    return Character.digit(c, 16) >= 0;
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f;
  }
}
