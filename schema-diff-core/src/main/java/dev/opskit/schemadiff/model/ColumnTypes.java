package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.internal.sql.SqlLexer;
import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.internal.sql.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Canonical column types: lower case, synonyms resolved ({@code integer} is {@code int}, {@code
 * bool} is {@code tinyint(1)}, {@code numeric} is {@code decimal}), implied sizes spelled out
 * ({@code decimal} is {@code decimal(10,0)}, {@code char} is {@code char(1)}), and integer display
 * widths dropped except for {@code tinyint(1)} and {@code zerofill} columns, as MySQL 8.0.19+
 * prints them.
 */
final class ColumnTypes {
  private static final Set<String> INTEGER_TYPES =
      Set.of("tinyint", "smallint", "mediumint", "int", "bigint");
  private static final Set<String> TEXT_TYPES =
      Set.of(
          "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json");
  private static final Map<String, String> SYNONYMS =
      Map.ofEntries(
          Map.entry("integer", "int"),
          Map.entry("int4", "int"),
          Map.entry("int1", "tinyint"),
          Map.entry("int2", "smallint"),
          Map.entry("int3", "mediumint"),
          Map.entry("middleint", "mediumint"),
          Map.entry("int8", "bigint"),
          Map.entry("dec", "decimal"),
          Map.entry("numeric", "decimal"),
          Map.entry("fixed", "decimal"),
          Map.entry("real", "double"),
          Map.entry("float8", "double"),
          Map.entry("float4", "float"),
          Map.entry("character", "char"),
          Map.entry("nchar", "char"),
          Map.entry("nvarchar", "varchar"),
          Map.entry("long", "mediumtext"),
          Map.entry("varcharacter", "varchar"));

  private ColumnTypes() {}

  /** Returns whether a canonical type holds characters and so has a charset and collation. */
  static boolean isText(String canonicalType) {
    return TEXT_TYPES.contains(baseName(canonicalType)) && !canonicalType.equals("json");
  }

  /** Returns the base name of a canonical type: {@code decimal} for {@code decimal(10,2)}. */
  static String baseName(String canonicalType) {
    int end = 0;
    while (end < canonicalType.length() && (Character.isLetterOrDigit(canonicalType.charAt(end)))) {
      end++;
    }
    return canonicalType.substring(0, end);
  }

  private static final CanonicalCache CACHE = new CanonicalCache(ColumnTypes::compute);

  static String canonical(String type) {
    return CACHE.get(type);
  }

  private static String compute(String type) {
    List<Token> all = SqlLexer.tokenize(type);
    List<Token> tokens = all.subList(0, all.size() - 1);
    if (tokens.isEmpty() || tokens.get(0).type() != TokenType.WORD) {
      throw new IllegalArgumentException("not a column type: '" + type + "'");
    }
    int i = 0;
    String base = tokens.get(i++).text().toLowerCase(Locale.ROOT);
    if ((base.equals("double") && i < tokens.size() && tokens.get(i).is("PRECISION"))
        || ((base.equals("char") || base.equals("character"))
            && i < tokens.size()
            && tokens.get(i).is("VARYING"))) {
      base = base.equals("double") ? "double" : "varchar";
      i++;
    }
    if (base.equals("national") && i < tokens.size()) {
      base = tokens.get(i++).text().toLowerCase(Locale.ROOT);
      if (i < tokens.size() && tokens.get(i).is("VARYING")) {
        base = "varchar";
        i++;
      }
    }
    if (base.equals("long") && i < tokens.size() && tokens.get(i).is("VARCHAR")) {
      i++;
    }
    if (base.equals("long") && i < tokens.size() && tokens.get(i).is("VARBINARY")) {
      base = "mediumblob";
      i++;
    }
    base = SYNONYMS.getOrDefault(base, base);
    List<String> args = new ArrayList<>();
    if (i < tokens.size() && tokens.get(i).isSymbol("(")) {
      i++;
      while (i < tokens.size() && !tokens.get(i).isSymbol(")")) {
        Token t = tokens.get(i++);
        if (!t.isSymbol(",")) {
          args.add(t.type() == TokenType.STRING ? SqlExpressions.quote(t.value()) : t.text());
        }
      }
      i++;
    }
    boolean unsigned = false;
    boolean zerofill = false;
    List<String> rest = new ArrayList<>();
    for (; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.is("UNSIGNED")) {
        unsigned = true;
      } else if (t.is("ZEROFILL")) {
        zerofill = true;
        unsigned = true;
      } else if (t.is("SIGNED")) {
        continue;
      } else {
        rest.add(t.text().toLowerCase(Locale.ROOT));
      }
    }
    if (base.equals("bool") || base.equals("boolean")) {
      return "tinyint(1)";
    }
    if (base.equals("serial")) {
      return "bigint unsigned";
    }
    String sized = sized(base, args, zerofill);
    StringBuilder out = new StringBuilder(sized);
    if (unsigned && isNumeric(base)) {
      out.append(" unsigned");
    }
    if (zerofill) {
      out.append(" zerofill");
    }
    for (String word : rest) {
      out.append(' ').append(word);
    }
    return out.toString();
  }

  private static boolean isNumeric(String base) {
    return INTEGER_TYPES.contains(base)
        || base.equals("decimal")
        || base.equals("float")
        || base.equals("double");
  }

  private static String sized(String base, List<String> args, boolean zerofill) {
    if (INTEGER_TYPES.contains(base)) {
      if (zerofill) {
        return base + "(" + (args.isEmpty() ? zerofillWidth(base) : args.get(0)) + ")";
      }
      if (base.equals("tinyint") && args.equals(List.of("1"))) {
        return "tinyint(1)";
      }
      return base;
    }
    switch (base) {
      case "decimal" -> {
        String precision = args.isEmpty() ? "10" : args.get(0);
        String scale = args.size() > 1 ? args.get(1) : "0";
        return "decimal(" + precision + "," + scale + ")";
      }
      case "float" -> {
        if (args.size() == 1) {
          // FLOAT(p): p <= 24 is FLOAT, 25..53 is DOUBLE.
          return Integer.parseInt(args.get(0)) > 24 ? "double" : "float";
        }
        return args.isEmpty() ? "float" : "float(" + String.join(",", args) + ")";
      }
      case "double" -> {
        return args.isEmpty() ? "double" : "double(" + String.join(",", args) + ")";
      }
      case "char", "binary", "bit" -> {
        return base + "(" + (args.isEmpty() ? "1" : args.get(0)) + ")";
      }
      case "year" -> {
        return "year";
      }
      case "datetime", "timestamp", "time" -> {
        return args.isEmpty() || args.get(0).equals("0") ? base : base + "(" + args.get(0) + ")";
      }
      case "blob", "text" -> {
        // BLOB(n)/TEXT(n) pick the smallest type that holds n bytes.
        if (args.isEmpty()) {
          return base;
        }
        long n = Long.parseLong(args.get(0));
        String prefix = n < 256 ? "tiny" : n < 65536 ? "" : n < 16777216 ? "medium" : "long";
        return prefix + base;
      }
      default -> {
        return args.isEmpty() ? base : base + "(" + String.join(",", args) + ")";
      }
    }
  }

  private static String zerofillWidth(String base) {
    return switch (base) {
      case "tinyint" -> "3";
      case "smallint" -> "5";
      case "mediumint" -> "8";
      case "int" -> "10";
      default -> "20";
    };
  }
}
