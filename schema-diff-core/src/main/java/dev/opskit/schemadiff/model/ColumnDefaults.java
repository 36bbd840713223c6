package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.internal.sql.SqlLexer;
import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.internal.sql.TokenType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Canonical column defaults, written as SQL: {@code NULL}; numbers unquoted and scaled to the
 * column ({@code 1.50} for a {@code decimal(10,2)}), whether MySQL printed {@code '1.5'} or MariaDB
 * {@code 1.5}; bit values as {@code b'101'}; other literals single-quoted, fractional seconds
 * padded to the column's precision; {@code CURRENT_TIMESTAMP}, {@code now()} and friends as {@code
 * current_timestamp()}; any other expression as its canonical text in parentheses.
 */
final class ColumnDefaults {
  private static final Set<String> NUMERIC =
      Set.of(
          "tinyint",
          "smallint",
          "mediumint",
          "int",
          "bigint",
          "decimal",
          "float",
          "double",
          "year");

  /** Beyond this decimal exponent no numeric column holds a value, and writing one out is huge. */
  private static final int MAX_EXPONENT = 330;

  private ColumnDefaults() {}

  private static final CanonicalCache CACHE =
      new CanonicalCache(
          key -> {
            int split = key.indexOf('\0');
            return compute(key.substring(split + 1), key.substring(0, split));
          });

  static @Nullable String canonical(@Nullable String sql, String type) {
    if (sql == null) {
      return null;
    }
    return CACHE.get(type + "\0" + sql);
  }

  private static String compute(String sql, String type) {
    List<Token> all = SqlLexer.tokenize(sql);
    List<Token> tokens = all.subList(0, all.size() - 1);
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("empty default");
    }
    String base = ColumnTypes.baseName(type);
    // A charset introducer (_utf8mb4'x') says nothing about the value.
    if (tokens.size() == 2
        && tokens.get(0).type() == TokenType.WORD
        && tokens.get(0).text().startsWith("_")
        && tokens.get(1).type() == TokenType.STRING) {
      tokens = tokens.subList(1, 2);
    }
    String literal = literal(tokens);
    if (literal == null) {
      String expression = SqlExpressions.canonical(tokens);
      if (expression.startsWith("current_timestamp(")) {
        return timestampFunction(expression, type);
      }
      if (expression.equals("NULL")) {
        return "NULL";
      }
      return "(" + expression + ")";
    }
    if (literal.equals("NULL")) {
      return "NULL";
    }
    Token first = tokens.get(0);
    if (base.equals("bit")) {
      return bit(first, literal);
    }
    if (NUMERIC.contains(base)) {
      return number(literal, type, base);
    }
    if (base.equals("datetime") || base.equals("timestamp") || base.equals("time")) {
      return SqlExpressions.quote(padFraction(literal, type));
    }
    return SqlExpressions.quote(literal);
  }

  /** Returns the value of a literal default, or null when the default is an expression. */
  private static @Nullable String literal(List<Token> tokens) {
    if (tokens.size() == 1) {
      Token t = tokens.get(0);
      return switch (t.type()) {
        case STRING, NUMBER -> t.value();
        case BIT -> "b'" + t.value() + "'";
        case HEX -> "x'" + t.value() + "'";
        case WORD -> t.is("NULL") ? "NULL" : t.is("TRUE") ? "1" : t.is("FALSE") ? "0" : null;
        default -> null;
      };
    }
    if (tokens.size() == 2
        && (tokens.get(0).isSymbol("-") || tokens.get(0).isSymbol("+"))
        && tokens.get(1).type() == TokenType.NUMBER) {
      return (tokens.get(0).isSymbol("-") ? "-" : "") + tokens.get(1).text();
    }
    return null;
  }

  private static String bit(Token first, String literal) {
    BigInteger value;
    if (first.type() == TokenType.BIT) {
      value = first.value().isEmpty() ? BigInteger.ZERO : new BigInteger(first.value(), 2);
    } else if (first.type() == TokenType.HEX) {
      value = new BigInteger(first.value(), 16);
    } else if (first.type() == TokenType.STRING && !literal.matches("-?\\d+")) {
      value = new BigInteger(1, literal.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    } else {
      value = new BigInteger(literal);
    }
    return "b'" + value.toString(2) + "'";
  }

  private static String number(String literal, String type, String base) {
    BigDecimal value;
    try {
      value = new BigDecimal(literal.trim());
    } catch (NumberFormatException e) {
      // A non-numeric literal on a numeric column: keep it as the server would store the text.
      return SqlExpressions.quote(literal);
    }
    // Exponent of the leading digit: a DOUBLE reaches 1.8e308, and below 1e-330 it holds zero.
    int exponent = value.precision() - value.scale() - 1;
    if (value.signum() != 0 && (exponent > MAX_EXPONENT || exponent < -MAX_EXPONENT)) {
      throw new IllegalArgumentException(
          "the default " + literal + " is out of range for a " + type + " column");
    }
    if (base.equals("decimal")) {
      int open = type.indexOf(',');
      int scale = Integer.parseInt(type.substring(open + 1, type.indexOf(')')));
      return value.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }
    if (base.equals("float") || base.equals("double")) {
      BigDecimal stripped = value.stripTrailingZeros();
      return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }
    return value.setScale(0, RoundingMode.HALF_UP).toBigInteger().toString();
  }

  private static String padFraction(String literal, String type) {
    int open = type.indexOf('(');
    int fsp = open < 0 ? 0 : Integer.parseInt(type.substring(open + 1, type.indexOf(')')));
    if (fsp == 0 || literal.startsWith("0000")) {
      return literal;
    }
    int dot = literal.lastIndexOf('.');
    String fraction = dot < 0 ? "" : literal.substring(dot + 1);
    String whole = dot < 0 ? literal : literal.substring(0, dot);
    if (!whole.matches(".*\\d")) {
      return literal;
    }
    StringBuilder padded = new StringBuilder(fraction);
    while (padded.length() < fsp) {
      padded.append('0');
    }
    return whole + "." + padded.substring(0, fsp);
  }

  private static String timestampFunction(String expression, String type) {
    // current_timestamp() and current_timestamp(0) are the same; keep a precision above 0.
    String inner = expression.substring("current_timestamp(".length(), expression.length() - 1);
    if (inner.isEmpty() || inner.equals("0")) {
      return "current_timestamp()";
    }
    return "current_timestamp(" + inner.toLowerCase(Locale.ROOT) + ")";
  }
}
