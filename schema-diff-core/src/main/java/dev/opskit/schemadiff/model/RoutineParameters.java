package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.internal.sql.SqlLexer;
import dev.opskit.schemadiff.internal.sql.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Canonical routine parameter lists: {@code IN `a` int, OUT `b` varchar(10)}, the mode spelled out
 * for procedures and each type canonical, so {@code in a INT(11)} from one source and {@code IN `a`
 * int} from another compare equal.
 */
final class RoutineParameters {
  private RoutineParameters() {}

  static String canonical(String parameters, boolean procedure) {
    List<Token> all = SqlLexer.tokenize(parameters);
    List<Token> tokens = all.subList(0, all.size() - 1);
    if (tokens.isEmpty()) {
      return "";
    }
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= tokens.size(); i++) {
      boolean end = i == tokens.size();
      if (!end && tokens.get(i).isSymbol("(")) {
        depth++;
      } else if (!end && tokens.get(i).isSymbol(")")) {
        depth--;
      }
      if (end || (depth == 0 && tokens.get(i).isSymbol(","))) {
        out.add(parameter(parameters, tokens.subList(start, i), procedure));
        start = i + 1;
      }
    }
    return String.join(", ", out);
  }

  private static String parameter(String text, List<Token> tokens, boolean procedure) {
    int i = 0;
    String mode = "IN";
    if (!tokens.isEmpty()
        && (tokens.get(0).is("IN") || tokens.get(0).is("OUT") || tokens.get(0).is("INOUT"))) {
      mode = tokens.get(0).upper();
      i++;
    }
    if (tokens.size() < i + 2 || !tokens.get(i).isName()) {
      throw new IllegalArgumentException("not a parameter: " + text);
    }
    String name = SqlExpressions.quoteName(tokens.get(i).value());
    Token typeStart = tokens.get(i + 1);
    Token last = tokens.get(tokens.size() - 1);
    String type =
        ColumnTypes.canonical(
            text.substring(typeStart.offset(), last.offset() + last.text().length()));
    return (procedure ? mode + " " : "") + name + " " + type;
  }
}
