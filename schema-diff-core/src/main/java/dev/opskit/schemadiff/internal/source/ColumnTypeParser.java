package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.internal.sql.TokenType;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a column type in any spelling MySQL and MariaDB accept ({@code DOUBLE PRECISION}, {@code
 * NATIONAL CHAR VARYING}, {@code LONG VARBINARY}, ...) into the text the model canonicalizes.
 */
final class ColumnTypeParser {
  /** Words that start a column type. */
  static final Set<String> TYPES =
      Set.of(
          "BIT",
          "TINYINT",
          "SMALLINT",
          "MEDIUMINT",
          "MIDDLEINT",
          "INT",
          "INTEGER",
          "INT1",
          "INT2",
          "INT3",
          "INT4",
          "INT8",
          "BIGINT",
          "SERIAL",
          "BOOL",
          "BOOLEAN",
          "REAL",
          "DOUBLE",
          "FLOAT",
          "FLOAT4",
          "FLOAT8",
          "DECIMAL",
          "DEC",
          "NUMERIC",
          "FIXED",
          "DATE",
          "TIME",
          "TIMESTAMP",
          "DATETIME",
          "YEAR",
          "CHAR",
          "CHARACTER",
          "NCHAR",
          "NATIONAL",
          "VARCHAR",
          "VARCHARACTER",
          "NVARCHAR",
          "BINARY",
          "VARBINARY",
          "TINYBLOB",
          "BLOB",
          "MEDIUMBLOB",
          "LONGBLOB",
          "LONG",
          "TINYTEXT",
          "TEXT",
          "MEDIUMTEXT",
          "LONGTEXT",
          "ENUM",
          "SET",
          "JSON",
          "GEOMETRY",
          "POINT",
          "LINESTRING",
          "POLYGON",
          "MULTIPOINT",
          "MULTILINESTRING",
          "MULTIPOLYGON",
          "GEOMETRYCOLLECTION",
          "GEOMCOLLECTION",
          "INET4",
          "INET6",
          "UUID",
          "VECTOR");

  private final TokenCursor c;

  ColumnTypeParser(TokenCursor c) {
    this.c = c;
  }

  /** Reads a column type: base name, arguments and UNSIGNED/SIGNED/ZEROFILL. */
  Type type() {
    Token first = c.peek();
    if (first.type() != TokenType.WORD || !TYPES.contains(first.upper())) {
      throw c.fail("a column type");
    }
    c.next();
    String base = first.upper();
    boolean national = false;
    switch (base) {
      case "NATIONAL" -> {
        national = true;
        Token t = c.peek();
        if (!t.is("CHAR") && !t.is("CHARACTER") && !t.is("VARCHAR")) {
          throw c.fail("CHAR, CHARACTER or VARCHAR");
        }
        c.next();
        base = t.is("VARCHAR") || c.accept("VARYING") ? "VARCHAR" : "CHAR";
      }
      case "NCHAR" -> {
        national = true;
        base = c.accept("VARCHAR") || c.accept("VARYING") ? "VARCHAR" : "CHAR";
      }
      case "NVARCHAR" -> {
        national = true;
        base = "VARCHAR";
      }
      case "CHAR", "CHARACTER" -> base = c.accept("VARYING") ? "VARCHAR" : "CHAR";
      case "DOUBLE" -> c.accept("PRECISION");
      case "LONG" -> {
        if (c.accept("VARBINARY")) {
          base = "MEDIUMBLOB";
        } else {
          c.accept("VARCHAR");
          base = "MEDIUMTEXT";
        }
      }
      default -> {}
    }
    StringBuilder text = new StringBuilder(base.toLowerCase(Locale.ROOT));
    if (c.accept("(")) {
      boolean values = base.equals("ENUM") || base.equals("SET");
      int inside = c.position();
      do {
        Token arg = c.peek();
        if (values ? arg.type() != TokenType.STRING : !arg.text().matches("\\d+")) {
          throw c.fail(values ? "a quoted value" : "a number");
        }
        c.next();
      } while (c.accept(","));
      text.append('(').append(c.text(inside, c.position())).append(')');
      if (!c.accept(")")) {
        throw c.fail("',' or ')'");
      }
    }
    while (c.at("UNSIGNED") || c.at("SIGNED") || c.at("ZEROFILL")) {
      text.append(' ').append(c.next().upper().toLowerCase(Locale.ROOT));
    }
    return new Type(text.toString(), national, base.equals("SERIAL"));
  }

  /** A column type as the model reads it, and what its spelling implies. */
  record Type(String text, boolean national, boolean serial) {}
}
