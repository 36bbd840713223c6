package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.SqlLexer;
import dev.opskit.schemadiff.internal.sql.Token;
import java.util.List;

/**
 * One statement of a script, without its delimiter, and where it starts in the whole input.
 *
 * @param text the statement text
 * @param line the 1-based line of its first character
 * @param column the 1-based column of its first character
 */
record Statement(String text, int line, int column) {
  /**
   * How many tokens a statement may have: this bounds the memory one statement takes (about 130
   * bytes a token at worst) far above what a schema statement needs (a table of 4,096 columns takes
   * about 80,000).
   */
  static final int MAX_TOKENS = 500_000;

  /** Splits the statement into tokens whose positions are positions in the whole input. */
  List<Token> tokens() {
    return SqlLexer.tokenize(text, line, column, MAX_TOKENS);
  }
}
