package dev.opskit.schemadiff.internal.sql;

import java.util.Locale;

/**
 * One lexical token of MySQL SQL text, with where it starts.
 *
 * @param type what kind of token it is
 * @param text the token as written, quotes included
 * @param value the token's value: identifiers and strings unquoted and unescaped, other tokens as
 *     written
 * @param line the 1-based line it starts on
 * @param column the 1-based column it starts at
 * @param offset the 0-based character offset it starts at
 */
public record Token(TokenType type, String text, String value, int line, int column, int offset) {

  /**
   * Returns whether this is a bare word equal, ignoring case, to the given keyword.
   *
   * @param keyword the keyword, such as {@code TABLE}
   * @return true if it matches
   */
  public boolean is(String keyword) {
    if (type != TokenType.WORD || text.length() != keyword.length()) {
      return false;
    }
    // Most calls are a parser trying alternatives: reject on the first letter before comparing all.
    return text.equals(keyword)
        || (Character.toUpperCase(text.charAt(0)) == Character.toUpperCase(keyword.charAt(0))
            && text.equalsIgnoreCase(keyword));
  }

  /**
   * Returns whether this is the given punctuation or operator.
   *
   * @param symbol the symbol, such as {@code (}
   * @return true if it matches
   */
  public boolean isSymbol(String symbol) {
    return type == TokenType.SYMBOL && text.equals(symbol);
  }

  /**
   * Returns whether this token can name something: a bare word or a quoted identifier.
   *
   * @return true for words and quoted identifiers
   */
  public boolean isName() {
    return type == TokenType.WORD || type == TokenType.QUOTED_NAME;
  }

  /**
   * Returns the upper-case text of a bare word, for keyword matching.
   *
   * @return the text in upper case
   */
  public String upper() {
    return text.toUpperCase(Locale.ROOT);
  }

  /**
   * Describes where the token is and what it is, for error messages.
   *
   * @return for example {@code 'PRIMARY' at 3:5}
   */
  public String describe() {
    return (type == TokenType.END ? "end of input" : "'" + text + "'")
        + " at "
        + line
        + ":"
        + column;
  }
}
