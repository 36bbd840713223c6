package dev.opskit.schemadiff.internal.sql;

/** The kinds of {@link Token}. */
public enum TokenType {
  /** A bare word: a keyword, a function name or an unquoted identifier. */
  WORD,
  /** An identifier in backticks (or double quotes under ANSI_QUOTES; not assumed). */
  QUOTED_NAME,
  /** A string literal in single or double quotes. */
  STRING,
  /** A decimal number. */
  NUMBER,
  /** A hexadecimal literal: {@code x'1F'} or {@code 0x1F}. */
  HEX,
  /** A bit literal: {@code b'101'} or {@code 0b101}. */
  BIT,
  /** A user or system variable: {@code @x}, {@code @@sql_mode}. */
  VARIABLE,
  /** Punctuation or an operator. */
  SYMBOL,
  /** The end of the input. */
  END
}
