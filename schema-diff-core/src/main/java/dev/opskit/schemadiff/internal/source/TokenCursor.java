package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.internal.sql.SqlSyntaxException;
import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.internal.sql.TokenType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the tokens of one statement: keyword matching, names, literals, balanced parentheses, and
 * errors that say what was found and what was expected.
 */
final class TokenCursor {
  private final List<Token> tokens;
  private int index;

  TokenCursor(List<Token> tokens) {
    this.tokens = tokens;
  }

  Token peek() {
    return peek(0);
  }

  Token peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  Token next() {
    Token token = peek();
    if (token.type() != TokenType.END) {
      index++;
    }
    return token;
  }

  int position() {
    return index;
  }

  void reset(int position) {
    index = position;
  }

  boolean atEnd() {
    return peek().type() == TokenType.END;
  }

  /** Returns whether the next tokens are the given keywords or symbols. */
  boolean at(String... words) {
    for (int i = 0; i < words.length; i++) {
      if (!matches(peek(i), words[i])) {
        return false;
      }
    }
    return true;
  }

  /** Consumes the given keywords or symbols if they come next. */
  boolean accept(String... words) {
    if (!at(words)) {
      return false;
    }
    index += words.length;
    return true;
  }

  /** Consumes the given keywords or symbols, or fails saying they were expected. */
  void expect(String... words) {
    for (String word : words) {
      if (!matches(peek(), word)) {
        throw fail(word);
      }
      index++;
    }
  }

  /** Reads an identifier, bare or quoted. */
  String name(String expected) {
    Token token = peek();
    if (!token.isName()) {
      throw fail(expected);
    }
    refuseControlCharacters(token);
    index++;
    return token.value();
  }

  /**
   * Fails on a name holding a control character (U+0000 to U+001F, U+007F to U+009F) or a line or
   * paragraph separator: the server takes such names in backticks, but a script or report that
   * shows one can break a comment line and run what follows it.
   */
  static void refuseControlCharacters(Token token) {
    String name = token.value();
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
        throw problem(
            token,
            String.format(
                "the name `%s` holds the control character U+%04X; names with control characters"
                    + " are not supported, since a script that shows one in a comment can run what"
                    + " follows it: rename the object without it",
                SqlExpressions.commentText(name), (int) ch));
      }
    }
  }

  /** Reads {@code name} or {@code qualifier.name}. */
  QualifiedName qualifiedName(String expected) {
    String first = name(expected);
    if (peek().isSymbol(".") && peek(1).isName()) {
      index++;
      refuseControlCharacters(peek());
      return new QualifiedName(first, next().value());
    }
    return new QualifiedName(null, first);
  }

  /** Reads a string literal; adjacent literals are one string, as in SQL. */
  String string(String expected) {
    Token token = peek();
    if (token.type() != TokenType.STRING) {
      throw fail(expected);
    }
    StringBuilder value = new StringBuilder();
    while (peek().type() == TokenType.STRING) {
      value.append(next().value());
    }
    return value.toString();
  }

  /** Reads a non-negative integer. */
  int integer(String expected) {
    Token token = peek();
    if (token.type() != TokenType.NUMBER || !token.text().matches("\\d+")) {
      throw fail(expected);
    }
    index++;
    try {
      return Integer.parseInt(token.text());
    } catch (NumberFormatException e) {
      throw error(token, expected);
    }
  }

  /**
   * Skips a parenthesized group starting at the current {@code (} and returns the index of the
   * first token inside it; the cursor ends after the matching {@code )}.
   */
  int skipParenthesized() {
    Token open = peek();
    if (!open.isSymbol("(")) {
      throw fail("'('");
    }
    index++;
    int inside = index;
    int depth = 1;
    while (depth > 0) {
      Token token = peek();
      if (token.type() == TokenType.END) {
        throw error(token, "')' to close the '(' at " + open.line() + ":" + open.column());
      }
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")")) {
        depth--;
      }
      index++;
    }
    return inside;
  }

  /** Returns the tokens from one index to another (exclusive), as text separated by spaces. */
  String text(int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      if (i > from) {
        out.append(' ');
      }
      out.append(tokens.get(i).text());
    }
    return out.toString();
  }

  /**
   * Returns the tokens from one index to another (exclusive) as text, after checking that they are
   * an expression, so that an unreadable or too deeply nested one is reported where it is in the
   * script.
   *
   * @throws SqlSyntaxException at the token where the expression cannot be read
   */
  String expression(int from, int to) {
    SqlExpressions.canonical(tokens.subList(from, to));
    return text(from, to);
  }

  /** Returns the token at an index. */
  Token token(int at) {
    return tokens.get(at);
  }

  /** Fails unless the statement ends here. */
  void expectEnd(String expected) {
    if (!atEnd()) {
      throw fail(expected);
    }
  }

  /** Returns an error at the next token saying what was expected there. */
  SqlSyntaxException fail(String expected) {
    return error(peek(), expected);
  }

  /** Returns an error at a token saying what was expected there. */
  static SqlSyntaxException error(Token at, String expected) {
    return problem(at, "found " + describe(at) + ", expected " + expected);
  }

  /** Returns an error at a token with a free-form problem. */
  static SqlSyntaxException problem(Token at, String problem) {
    return new SqlSyntaxException(at.line(), at.column(), problem);
  }

  static String describe(Token token) {
    return token.type() == TokenType.END ? "end of statement" : "'" + token.text() + "'";
  }

  private static boolean matches(Token token, String word) {
    return Character.isLetter(word.charAt(0)) || word.charAt(0) == '_'
        ? token.is(word)
        : token.isSymbol(word);
  }

  /** A name with an optional qualifier, such as {@code db.table}. */
  record QualifiedName(@Nullable String qualifier, String name) {}
}
