package dev.opskit.schemadiff.internal.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The canonical text of SQL expressions and statement bodies, so that the same expression compares
 * equal however a server or a person spelled it.
 *
 * <p>Expressions (generated columns, CHECK constraints, defaults, partitioning) are parsed with
 * MySQL's operator precedence and printed with the fewest parentheses, lower-case keywords and
 * function names, backticked identifiers, single-quoted strings, no charset introducers, {@code <>}
 * for {@code !=}, {@code and}/{@code or} for {@code &&}/{@code ||}, {@code ->>} as {@code
 * json_unquote(json_extract(..))} and {@code now()} as {@code current_timestamp()}. {@code (a + b)}
 * from MySQL 8, {@code a + b} from MariaDB and {@code a+b} from a person all become {@code `a` +
 * `b`}. Text that does not parse as an expression is refused with a {@link SqlSyntaxException},
 * never compared as raw text, so a gap in this parser shows as an error, not as a difference.
 *
 * <p>Long chains of one operator ({@code a + b + ...}, {@code x = 1 OR x = 2 OR ...}) are read and
 * printed without recursion; nesting (parentheses, calls, {@code NOT}, {@code CASE}) is limited to
 * {@value #MAX_DEPTH} levels, so hostile input fails with an error instead of overflowing the
 * stack.
 */
public final class SqlExpressions {
  /**
   * How deep an expression may nest. MySQL 8.0 reads about 1,000 nested calls before its thread
   * stack runs out and MariaDB 10.11 crashed at 1,000; no schema a person writes comes close.
   */
  public static final int MAX_DEPTH = 256;

  /** Operators that have a NOT form: {@code NOT (a LIKE b)} is {@code a NOT LIKE b}. */
  private static final Set<String> NEGATABLE = Set.of("like", "regexp", "in");

  /** Words after which MySQL puts the whole condition in parentheses in a stored view. */
  private static final Set<String> CONDITION_WORDS = Set.of("where", "having", "on");

  /** Words that end a WHERE, HAVING or ON condition. */
  private static final Set<String> CLAUSE_WORDS =
      Set.of(
          "group",
          "having",
          "order",
          "limit",
          "window",
          "union",
          "except",
          "intersect",
          "for",
          "lock",
          "into",
          "join",
          "inner",
          "left",
          "right",
          "cross",
          "natural",
          "straight_join",
          "where",
          "on",
          "using");

  private static final Set<String> CHARSET_INTRODUCERS =
      Set.of(
          "_utf8mb4",
          "_utf8mb3",
          "_utf8",
          "_latin1",
          "_binary",
          "_ascii",
          "_ucs2",
          "_utf16",
          "_utf32",
          "_latin2",
          "_cp1251",
          "_sjis",
          "_ujis",
          "_euckr",
          "_gbk",
          "_big5");

  private static final Map<String, String> FUNCTION_SYNONYMS =
      Map.ofEntries(
          Map.entry("now", "current_timestamp"),
          Map.entry("localtime", "current_timestamp"),
          Map.entry("localtimestamp", "current_timestamp"),
          Map.entry("current_date", "curdate"),
          Map.entry("current_time", "curtime"),
          Map.entry("ucase", "upper"),
          Map.entry("lcase", "lower"),
          Map.entry("substring", "substr"),
          Map.entry("mid", "substr"),
          Map.entry("character_length", "char_length"),
          Map.entry("pow", "power"),
          Map.entry("ceiling", "ceil"));

  /** Niladic functions that may be written without parentheses. */
  private static final Set<String> BARE_FUNCTIONS =
      Set.of(
          "current_timestamp",
          "localtime",
          "localtimestamp",
          "current_date",
          "current_time",
          "current_user",
          "utc_timestamp",
          "utc_date",
          "utc_time");

  private SqlExpressions() {}

  /**
   * Returns the canonical text of an expression.
   *
   * @param expression the expression as written
   * @return its canonical text
   * @throws SqlSyntaxException if it is not an expression, or nests deeper than {@value #MAX_DEPTH}
   *     levels
   */
  public static String canonical(String expression) {
    List<Token> tokens = SqlLexer.tokenize(expression);
    return canonical(tokens.subList(0, tokens.size() - 1));
  }

  /**
   * Returns the canonical text of an expression that has been split into tokens.
   *
   * @param tokens the expression's tokens, without a trailing {@link TokenType#END}
   * @return its canonical text
   * @throws SqlSyntaxException at the token where it stops being an expression, or where it nests
   *     deeper than {@value #MAX_DEPTH} levels
   */
  public static String canonical(List<Token> tokens) {
    ExpressionParser parser = new ExpressionParser(tokens);
    Node node = normalize(parser.parseAll());
    return node.print();
  }

  /**
   * Returns the canonical token text of a statement body (a view's query, a trigger's or routine's
   * body): lower-case words, simple identifiers unquoted and in lower case, single-quoted strings
   * without charset introducers, one space between tokens, no qualification by the schema's own
   * name, no parentheses around a whole WHERE, HAVING or ON condition (MySQL stores {@code where
   * (`a` > 1)} and {@code on((`a` = `b`))} for what MariaDB stores without them), and no semicolon
   * at the end.
   *
   * @param body the body as written
   * @param schema the schema the body lives in; {@code `schema`.} qualifiers are dropped
   * @return its canonical text
   */
  public static String canonicalBody(String body, String schema) {
    List<Token> tokens = SqlLexer.tokenize(body);
    int end = tokens.size() - 1;
    // A semicolon that ends the body is the statement's end, not part of it: MySQL keeps one a
    // client sent, and a DELIMITER script leaves it on a single-statement body.
    while (end > 0 && tokens.get(end - 1).isSymbol(";")) {
      end--;
    }
    return canonicalTokens(tokens.subList(0, end), schema);
  }

  /**
   * Returns a string literal in canonical form: single quotes, with quotes and backslashes doubled.
   *
   * @param value the string's value
   * @return the literal
   */
  public static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /**
   * Returns text that stays on one {@code --} comment line of a script: line breaks and other
   * control characters, which names may hold, are written as escapes ({@code \n}, {@code \r},
   * {@code \t}, {@code \x1b}...), so no part of a name can end the comment and run as a statement
   * in the {@code mysql} client.
   *
   * @param text the text, such as a reason naming a table
   * @return the text without control characters
   */
  public static String commentText(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * Returns an identifier in backticks, doubling backticks inside it.
   *
   * @param name the identifier
   * @return the quoted identifier
   */
  public static String quoteName(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static String canonicalTokens(List<Token> tokens, String schema) {
    StringBuilder out = new StringBuilder();
    Token previous = null;
    Set<Integer> dropped = conditionParentheses(tokens);
    for (int i = 0; i < tokens.size(); i++) {
      if (dropped.contains(i)) {
        continue;
      }
      Token token = tokens.get(i);
      Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      if (isIntroducer(token, next)) {
        continue;
      }
      if (!schema.isEmpty()
          && token.isName()
          && token.value().equalsIgnoreCase(schema)
          && next != null
          && next.isSymbol(".")
          && (previous == null || !previous.isSymbol("."))) {
        i++;
        continue;
      }
      String text = tokenText(token);
      if (out.length() > 0 && needsSpace(previous, token)) {
        out.append(' ');
      }
      out.append(text);
      previous = token;
    }
    return out.toString();
  }

  /**
   * Returns the positions of the parentheses that enclose a whole WHERE, HAVING or ON condition.
   */
  private static Set<Integer> conditionParentheses(List<Token> tokens) {
    int[] closing = closingParentheses(tokens);
    Set<Integer> dropped = new HashSet<>();
    for (int i = 0; i + 1 < tokens.size(); i++) {
      if (!isWordIn(tokens.get(i), CONDITION_WORDS)) {
        continue;
      }
      for (int open = i + 1; open < tokens.size() && tokens.get(open).isSymbol("("); open++) {
        int close = closing[open];
        if (close < 0 || !endsCondition(tokens, close + 1)) {
          break;
        }
        dropped.add(open);
        dropped.add(close);
      }
    }
    return dropped;
  }

  /**
   * Returns, for each {@code (}, the position of its {@code )} (-1 when it is not closed), found in
   * one pass: scanning forward from each one would be quadratic in deeply nested bodies.
   */
  private static int[] closingParentheses(List<Token> tokens) {
    int[] closing = new int[tokens.size()];
    java.util.Arrays.fill(closing, -1);
    java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).isSymbol("(")) {
        open.push(i);
      } else if (tokens.get(i).isSymbol(")") && !open.isEmpty()) {
        closing[open.pop()] = i;
      }
    }
    return closing;
  }

  private static boolean endsCondition(List<Token> tokens, int at) {
    if (at >= tokens.size()) {
      return true;
    }
    Token token = tokens.get(at);
    return token.isSymbol(")") || token.isSymbol(";") || isWordIn(token, CLAUSE_WORDS);
  }

  private static boolean isWordIn(Token token, Set<String> words) {
    return token.type() == TokenType.WORD && words.contains(token.text().toLowerCase(Locale.ROOT));
  }

  private static boolean isIntroducer(Token token, Token next) {
    return token.type() == TokenType.WORD
        && next != null
        && next.type() == TokenType.STRING
        && CHARSET_INTRODUCERS.contains(token.text().toLowerCase(Locale.ROOT));
  }

  private static String tokenText(Token token) {
    return switch (token.type()) {
      case WORD -> token.text().toLowerCase(Locale.ROOT);
      case QUOTED_NAME -> {
        String lower = token.value().toLowerCase(Locale.ROOT);
        yield lower.matches("[a-z_$][a-z0-9_$]*") ? lower : quoteName(token.value());
      }
      case STRING -> quote(token.value());
      case HEX -> "x'" + token.value() + "'";
      case BIT -> "b'" + token.value() + "'";
      case SYMBOL -> token.text().equals("!=") ? "<>" : token.text();
      default -> token.text();
    };
  }

  private static boolean needsSpace(Token previous, Token token) {
    if (previous == null) {
      return false;
    }
    if (token.isSymbol(",") || token.isSymbol(")") || token.isSymbol(".") || token.isSymbol(";")) {
      return false;
    }
    if (previous.isSymbol("(") || previous.isSymbol(".")) {
      return false;
    }
    if (token.isSymbol("(")) {
      // A function call keeps its parenthesis; a keyword such as IN or AS gets a space.
      return previous.type() != TokenType.WORD && previous.type() != TokenType.QUOTED_NAME;
    }
    return true;
  }

  /**
   * Rewrites what is equal by meaning into one form: IN lists sorted without duplicates, {@code x
   * IN (a)} as {@code x = a}, and OR chains of equalities on one operand as one IN list.
   */
  private static Node normalize(Node node) {
    if (node instanceof Chain chain) {
      List<Node> operands = new ArrayList<>(chain.operands().size());
      for (Node operand : chain.operands()) {
        operands.add(normalize(operand));
      }
      Chain normalized = new Chain(chain.operators(), operands, chain.precedence());
      return normalized.isOnly("or") ? mergeEqualities(normalized) : normalized;
    }
    if (node instanceof Binary b) {
      Node left = normalize(b.left());
      Node right = normalize(b.right());
      if ((b.operator().equals("in") || b.operator().equals("not in"))
          && right instanceof Call list
          && list.name().isEmpty()) {
        List<Node> items = distinctSorted(list.args());
        if (items.size() == 1 && b.operator().equals("in")) {
          return new Binary("=", left, items.get(0), b.precedence());
        }
        return new Binary(b.operator(), left, new Call("", items), b.precedence());
      }
      return new Binary(b.operator(), left, right, b.precedence());
    }
    if (node instanceof Unary u) {
      Node operand = normalize(u.operand());
      // MySQL stores `a NOT LIKE b` as not((`a` like b)): one form for both.
      if (u.operator().equals("not")
          && operand instanceof Binary b
          && NEGATABLE.contains(b.operator().replaceFirst("^not ", ""))) {
        String negated =
            b.operator().startsWith("not ") ? b.operator().substring(4) : "not " + b.operator();
        return new Binary(negated, b.left(), b.right(), b.precedence());
      }
      return new Unary(u.operator(), operand, u.precedence());
    }
    if (node instanceof Postfix p) {
      return new Postfix(normalize(p.operand()), p.text(), p.precedence());
    }
    if (node instanceof Call c) {
      return new Call(c.name(), c.args().stream().map(SqlExpressions::normalize).toList());
    }
    return node;
  }

  private static List<Node> distinctSorted(List<Node> items) {
    java.util.TreeMap<String, Node> unique = new java.util.TreeMap<>();
    for (Node item : items) {
      unique.putIfAbsent(item.print(), item);
    }
    return List.copyOf(unique.values());
  }

  private static Node mergeEqualities(Chain or) {
    List<Node> operands = new ArrayList<>();
    for (Node operand : or.operands()) {
      flattenOr(operand, operands);
    }
    java.util.LinkedHashMap<String, List<Node>> values = new java.util.LinkedHashMap<>();
    java.util.Map<String, Node> subjects = new java.util.HashMap<>();
    List<Object> order = new ArrayList<>();
    for (Node operand : operands) {
      Node subject = null;
      List<Node> literals = null;
      if (operand instanceof Chain eq
          && eq.isOnly("=")
          && eq.operands().size() == 2
          && isLiteral(eq.operands().get(1))) {
        subject = eq.operands().get(0);
        literals = List.of(eq.operands().get(1));
      } else if (operand instanceof Binary b && b.operator().equals("=") && isLiteral(b.right())) {
        subject = b.left();
        literals = List.of(b.right());
      } else if (operand instanceof Binary b
          && b.operator().equals("in")
          && b.right() instanceof Call list
          && list.name().isEmpty()
          && list.args().stream().allMatch(SqlExpressions::isLiteral)) {
        subject = b.left();
        literals = list.args();
      }
      if (subject == null) {
        order.add(operand);
        continue;
      }
      String key = subject.print();
      if (!values.containsKey(key)) {
        values.put(key, new ArrayList<>());
        subjects.put(key, subject);
        order.add(key);
      }
      values.get(key).addAll(literals);
    }
    List<Node> terms = new ArrayList<>();
    for (Object item : order) {
      Node next;
      if (item instanceof String key) {
        List<Node> merged = distinctSorted(values.get(key));
        next =
            merged.size() == 1
                ? new Binary("=", subjects.get(key), merged.get(0), Precedence.COMPARISON)
                : new Binary("in", subjects.get(key), new Call("", merged), Precedence.COMPARISON);
      } else {
        next = (Node) item;
      }
      terms.add(next);
    }
    if (terms.size() == 1) {
      return terms.get(0);
    }
    return new Chain(java.util.Collections.nCopies(terms.size() - 1, "or"), terms, Precedence.OR);
  }

  private static void flattenOr(Node node, List<Node> out) {
    if (node instanceof Chain c && c.isOnly("or")) {
      // Operands of a normalized chain are themselves flat; one level is enough.
      for (Node operand : c.operands()) {
        if (operand instanceof Chain inner && inner.isOnly("or")) {
          out.addAll(inner.operands());
        } else {
          out.add(operand);
        }
      }
    } else {
      out.add(node);
    }
  }

  private static boolean isLiteral(Node node) {
    if (node instanceof Call c && c.name().isEmpty()) {
      return c.args().stream().allMatch(SqlExpressions::isLiteral);
    }
    if (!(node instanceof Atom atom)) {
      return false;
    }
    String text = atom.text();
    return text.startsWith("'")
        || text.matches("-?[0-9.].*")
        || text.startsWith("x'")
        || text.startsWith("b'");
  }

  /** An expression tree node that prints itself canonically. */
  private interface Node {
    String print();

    /** Binding strength of the node's top operator; atoms bind tightest. */
    default int precedence() {
      return Precedence.ATOM;
    }
  }

  private static final class Precedence {
    static final int OR = 1;
    static final int XOR = 2;
    static final int AND = 3;
    static final int NOT = 4;
    static final int COMPARISON = 5;
    static final int BIT_OR = 6;
    static final int BIT_AND = 7;
    static final int SHIFT = 8;
    static final int ADDITIVE = 9;
    static final int MULTIPLICATIVE = 10;
    static final int BIT_XOR = 11;
    static final int UNARY = 12;
    static final int COLLATE = 13;
    static final int ATOM = 20;

    private Precedence() {}
  }

  private record Atom(String text) implements Node {
    @Override
    public String print() {
      return text;
    }
  }

  private record Call(String name, List<Node> args) implements Node {
    @Override
    public String print() {
      List<String> printed = new ArrayList<>();
      for (Node arg : args) {
        printed.add(arg.print());
      }
      return name + "(" + String.join(",", printed) + ")";
    }
  }

  private record Raw(String prefix, List<Node> parts, List<String> separators, String suffix)
      implements Node {
    @Override
    public String print() {
      StringBuilder out = new StringBuilder(prefix);
      for (int i = 0; i < parts.size(); i++) {
        out.append(parts.get(i).print());
        if (i < separators.size()) {
          out.append(separators.get(i));
        }
      }
      return out.append(suffix).toString();
    }
  }

  private record Unary(String operator, Node operand, int precedence) implements Node {
    @Override
    public String print() {
      String inner = operand.print();
      if (operand.precedence() < precedence) {
        inner = "(" + inner + ")";
      }
      return operator.chars().allMatch(Character::isLetter)
          ? operator + " " + inner
          : operator + inner;
    }
  }

  private record Binary(String operator, Node left, Node right, int precedence) implements Node {
    @Override
    public String print() {
      String l = left.print();
      if (left.precedence() < precedence) {
        l = "(" + l + ")";
      }
      String r = right.print();
      if (right.precedence() <= precedence) {
        r = "(" + r + ")";
      }
      return l + " " + operator + " " + r;
    }
  }

  /**
   * Operands joined by left-associative operators of one precedence, {@code a + b - c}: a flat list
   * instead of a left-deep tree, so that long chains are read and printed without recursion.
   */
  private record Chain(List<String> operators, List<Node> operands, int precedence)
      implements Node {
    static Chain of(String operator, Node left, Node right, int precedence) {
      List<String> operators = new ArrayList<>();
      operators.add(operator);
      List<Node> operands = new ArrayList<>();
      operands.add(left);
      operands.add(right);
      return new Chain(operators, operands, precedence);
    }

    boolean isOnly(String operator) {
      for (String o : operators) {
        if (!o.equals(operator)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String print() {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < operands.size(); i++) {
        Node operand = operands.get(i);
        String text = operand.print();
        boolean parenthesize =
            i == 0 ? operand.precedence() < precedence : operand.precedence() <= precedence;
        if (i > 0) {
          out.append(' ').append(operators.get(i - 1)).append(' ');
        }
        out.append(parenthesize ? "(" + text + ")" : text);
      }
      return out.toString();
    }
  }

  private record Postfix(Node operand, String text, int precedence) implements Node {
    @Override
    public String print() {
      String inner = operand.print();
      if (operand.precedence() <= precedence) {
        inner = "(" + inner + ")";
      }
      return inner + " " + text;
    }
  }

  /** A Pratt parser over MySQL expression syntax. */
  private static final class ExpressionParser {
    private final List<Token> tokens;
    private final Token end;
    private int index;
    private int depth;

    ExpressionParser(List<Token> tokens) {
      this.tokens = tokens;
      if (tokens.isEmpty()) {
        end = new Token(TokenType.END, "", "", 1, 1, 0);
      } else {
        Token last = tokens.get(tokens.size() - 1);
        end =
            new Token(
                TokenType.END,
                "",
                "",
                last.line(),
                last.column() + last.text().length(),
                last.offset() + last.text().length());
      }
    }

    Node parseAll() {
      Node node = expression(0);
      if (index != tokens.size()) {
        throw error(peek(), "an operator or the end of the expression");
      }
      return node;
    }

    private static SqlSyntaxException error(Token at, String expected) {
      String found = at.type() == TokenType.END ? "end of expression" : "'" + at.text() + "'";
      return new SqlSyntaxException(
          at.line(), at.column(), "found " + found + " in an expression, expected " + expected);
    }

    /** Enters one level of nesting, failing past {@link #MAX_DEPTH}. */
    private void enter(Token at) {
      if (++depth > MAX_DEPTH) {
        throw new SqlSyntaxException(
            at.line(),
            at.column(),
            "the expression is nested more than "
                + MAX_DEPTH
                + " levels deep here (parentheses, calls, NOT, CASE or operators that do not"
                + " chain); write it with fewer levels");
      }
    }

    private Token peek() {
      return index < tokens.size() ? tokens.get(index) : end;
    }

    private Token peek(int ahead) {
      int at = index + ahead;
      return at < tokens.size() ? tokens.get(at) : end;
    }

    private Token next() {
      Token token = peek();
      if (token.type() == TokenType.END) {
        throw error(token, "more of the expression");
      }
      index++;
      return token;
    }

    private void expect(String symbol) {
      Token token = peek();
      if (!token.isSymbol(symbol) && !token.is(symbol)) {
        throw error(token, "'" + symbol + "'");
      }
      index++;
    }

    private boolean accept(String keywordOrSymbol) {
      Token token = peek();
      if (token.isSymbol(keywordOrSymbol) || token.is(keywordOrSymbol)) {
        index++;
        return true;
      }
      return false;
    }

    Node expression(int minPrecedence) {
      Node left = prefix();
      int levels = 0;
      try {
        while (true) {
          Token token = peek();
          int precedence = infixPrecedence(token);
          if (precedence == 0 || precedence < minPrecedence) {
            return left;
          }
          Node combined = infix(left, precedence);
          if (combined != left) {
            // A new node over the left one: one level deeper. Extending a chain is not.
            levels++;
            enter(token);
          }
          left = combined;
        }
      } finally {
        depth -= levels;
      }
    }

    /** Appends to a chain of one precedence, or starts one. */
    private static Node chain(Node left, String operator, Node right, int precedence) {
      if (left instanceof Chain c && c.precedence() == precedence) {
        c.operators().add(operator);
        c.operands().add(right);
        return c;
      }
      return Chain.of(operator, left, right, precedence);
    }

    private int infixPrecedence(Token t) {
      if (t.type() == TokenType.SYMBOL) {
        return switch (t.text()) {
          case "||" -> Precedence.OR;
          case "&&" -> Precedence.AND;
          case "=", "<=>", ">=", ">", "<=", "<", "<>", "!=" -> Precedence.COMPARISON;
          case "|" -> Precedence.BIT_OR;
          case "&" -> Precedence.BIT_AND;
          case "<<", ">>" -> Precedence.SHIFT;
          case "+", "-" -> Precedence.ADDITIVE;
          case "*", "/", "%" -> Precedence.MULTIPLICATIVE;
          case "^" -> Precedence.BIT_XOR;
          case "->", "->>" -> Precedence.ATOM - 1;
          default -> 0;
        };
      }
      if (t.type() != TokenType.WORD) {
        return 0;
      }
      return switch (t.upper()) {
        case "OR" -> Precedence.OR;
        case "XOR" -> Precedence.XOR;
        case "AND" -> Precedence.AND;
        case "IS", "LIKE", "REGEXP", "RLIKE", "IN", "BETWEEN", "NOT", "SOUNDS", "MEMBER" ->
            Precedence.COMPARISON;
        case "DIV", "MOD" -> Precedence.MULTIPLICATIVE;
        case "COLLATE" -> Precedence.COLLATE;
        default -> 0;
      };
    }

    private Node infix(Node left, int precedence) {
      Token op = next();
      if (op.isSymbol("->") || op.isSymbol("->>")) {
        Node path = prefix();
        Node extract = new Call("json_extract", List.of(left, path));
        return op.isSymbol("->>") ? new Call("json_unquote", List.of(extract)) : extract;
      }
      if (op.type() == TokenType.SYMBOL) {
        String symbol =
            switch (op.text()) {
              case "!=" -> "<>";
              case "||" -> "or";
              case "&&" -> "and";
              default -> op.text();
            };
        return chain(left, symbol, expression(precedence + 1), precedence);
      }
      String word = op.upper();
      switch (word) {
        case "OR", "XOR", "AND", "DIV", "MOD" -> {
          String printed = word.equals("MOD") ? "%" : word.toLowerCase(Locale.ROOT);
          return chain(left, printed, expression(precedence + 1), precedence);
        }
        case "COLLATE" -> {
          Token collation = next();
          return new Postfix(
              left, "collate " + collation.value().toLowerCase(Locale.ROOT), precedence);
        }
        case "IS" -> {
          boolean not = accept("NOT");
          Token what = next();
          return new Postfix(
              left, "is " + (not ? "not " : "") + what.text().toLowerCase(Locale.ROOT), precedence);
        }
        case "SOUNDS" -> {
          expect("LIKE");
          return new Binary("sounds like", left, expression(precedence + 1), precedence);
        }
        case "MEMBER" -> {
          accept("OF");
          expect("(");
          Node list = expression(0);
          expect(")");
          return new Binary(
              "member of", left, new Raw("(", List.of(list), List.of(), ")"), precedence);
        }
        default -> {
          boolean not = false;
          String keyword = word;
          if (word.equals("NOT")) {
            not = true;
            keyword = next().upper();
          }
          String printed = (not ? "not " : "") + keyword.toLowerCase(Locale.ROOT);
          switch (keyword) {
            case "LIKE", "REGEXP", "RLIKE" -> {
              Node right = expression(precedence + 1);
              if (accept("ESCAPE")) {
                Node escape = prefix();
                return new Binary(
                    printed,
                    left,
                    new Raw("", List.of(right, escape), List.of(" escape "), ""),
                    precedence);
              }
              return new Binary(printed.replace("rlike", "regexp"), left, right, precedence);
            }
            case "IN" -> {
              expect("(");
              List<Node> items = list(")");
              return new Binary(printed, left, new Call("", items), precedence);
            }
            case "BETWEEN" -> {
              Node low = expression(precedence + 1);
              expect("AND");
              Node high = expression(precedence + 1);
              return new Binary(
                  printed, left, new Raw("", List.of(low, high), List.of(" and "), ""), precedence);
            }
            default -> throw error(tokens.get(index - 1), "LIKE, REGEXP, IN or BETWEEN");
          }
        }
      }
    }

    private List<Node> list(String close) {
      List<Node> items = new ArrayList<>();
      if (accept(close)) {
        return items;
      }
      do {
        items.add(expression(0));
      } while (accept(","));
      expect(close);
      return items;
    }

    private Node prefix() {
      enter(peek());
      try {
        return prefixLevel();
      } finally {
        depth--;
      }
    }

    private Node prefixLevel() {
      Token t = next();
      switch (t.type()) {
        case NUMBER:
          return new Atom(t.text().startsWith(".") ? "0" + t.text() : t.text());
        case STRING:
          return new Atom(quote(t.value()));
        case HEX:
          return new Atom("x'" + t.value() + "'");
        case BIT:
          return new Atom("b'" + t.value() + "'");
        case VARIABLE:
          return new Atom(t.text().toLowerCase(Locale.ROOT));
        case QUOTED_NAME:
          return name(t);
        case SYMBOL:
          return prefixSymbol(t);
        case WORD:
          return prefixWord(t);
        default:
          throw error(t, "a value, a name or an operator");
      }
    }

    private Node prefixSymbol(Token t) {
      switch (t.text()) {
        case "(" -> {
          List<Node> items = list(")");
          if (items.size() == 1) {
            return items.get(0);
          }
          return new Call("", items);
        }
        case "-" -> {
          Node operand = expression(Precedence.UNARY);
          if (operand instanceof Atom atom && atom.text().matches("[0-9.].*")) {
            return new Atom("-" + atom.text());
          }
          return new Unary("-", operand, Precedence.UNARY);
        }
        case "+" -> {
          return expression(Precedence.UNARY);
        }
        case "~" -> {
          return new Unary("~", expression(Precedence.UNARY), Precedence.UNARY);
        }
        case "!" -> {
          return new Unary("not", expression(Precedence.UNARY), Precedence.NOT);
        }
        default -> throw error(t, "a value, a name or an operator");
      }
    }

    private Node prefixWord(Token t) {
      String upper = t.upper();
      Token following = peek();
      if (CHARSET_INTRODUCERS.contains(t.text().toLowerCase(Locale.ROOT))
          && following.type() == TokenType.STRING) {
        return prefix();
      }
      switch (upper) {
        case "NULL":
          return new Atom("NULL");
        case "TRUE":
          return new Atom("true");
        case "FALSE":
          return new Atom("false");
        case "NOT":
          return new Unary("not", expression(Precedence.NOT), Precedence.NOT);
        case "BINARY":
          if (!following.isSymbol("(")) {
            return new Unary("binary", expression(Precedence.COLLATE), Precedence.UNARY);
          }
          break;
        case "INTERVAL":
          {
            Node amount = expression(0);
            Token unit = next();
            return new Raw(
                "interval ",
                List.of(amount),
                List.of(),
                " " + unit.text().toLowerCase(Locale.ROOT));
          }
        case "CASE":
          return caseExpression();
        case "DATE", "TIME", "TIMESTAMP":
          if (following.type() == TokenType.STRING) {
            Token literal = next();
            return new Atom(upper.toLowerCase(Locale.ROOT) + " " + quote(literal.value()));
          }
          break;
        default:
          break;
      }
      if (following.isSymbol("(")) {
        index++;
        return call(upper.toLowerCase(Locale.ROOT));
      }
      String lower = t.text().toLowerCase(Locale.ROOT);
      if (BARE_FUNCTIONS.contains(lower)) {
        return new Call(FUNCTION_SYNONYMS.getOrDefault(lower, lower), List.of());
      }
      return name(t);
    }

    private Node name(Token first) {
      StringBuilder name = new StringBuilder(quoteName(first.value().toLowerCase(Locale.ROOT)));
      while (peek().isSymbol(".") && peek(1).isName()) {
        index++;
        name.append('.').append(quoteName(next().value().toLowerCase(Locale.ROOT)));
      }
      return new Atom(name.toString());
    }

    private Node call(String rawName) {
      String name = FUNCTION_SYNONYMS.getOrDefault(rawName, rawName);
      switch (name) {
        case "cast" -> {
          Node value = expression(0);
          expect("AS");
          return new Raw("cast(", List.of(value), List.of(), " as " + typeUntilClose() + ")");
        }
        case "convert" -> {
          Node value = expression(0);
          if (accept("USING")) {
            String charset = next().value().toLowerCase(Locale.ROOT);
            expect(")");
            return new Raw("convert(", List.of(value), List.of(), " using " + charset + ")");
          }
          expect(",");
          return new Raw("cast(", List.of(value), List.of(), " as " + typeUntilClose() + ")");
        }
        case "count" -> {
          if (accept("*")) {
            expect(")");
            return new Atom("count(*)");
          }
          return new Call(name, list(")"));
        }
        case "trim" -> {
          return new Call("trim", trimArguments());
        }
        case "extract" -> {
          String unit = next().text().toLowerCase(Locale.ROOT);
          expect("FROM");
          Node from = expression(0);
          expect(")");
          return new Raw("extract(" + unit + " from ", List.of(from), List.of(), ")");
        }
        default -> {
          if (name.equals("substr") && !peek().isSymbol(")")) {
            return new Call(name, substrArguments());
          }
          if (name.equals("position")) {
            Node needle = expression(Precedence.COMPARISON + 1);
            expect("IN");
            Node haystack = expression(0);
            expect(")");
            return new Call("locate", List.of(needle, haystack));
          }
          return new Call(name, list(")"));
        }
      }
    }

    private List<Node> substrArguments() {
      List<Node> args = new ArrayList<>();
      args.add(expression(0));
      if (accept("FROM") || accept(",")) {
        args.add(expression(0));
        if (accept("FOR") || accept(",")) {
          args.add(expression(0));
        }
      }
      expect(")");
      return args;
    }

    private List<Node> trimArguments() {
      String mode = "";
      if (peek().is("BOTH") || peek().is("LEADING") || peek().is("TRAILING")) {
        mode = next().text().toLowerCase(Locale.ROOT) + " ";
      }
      @Nullable Node first = peek().is("FROM") ? null : expression(0);
      if (accept("FROM")) {
        Node source = expression(0);
        expect(")");
        List<Node> parts = new ArrayList<>();
        if (first != null) {
          parts.add(first);
        }
        parts.add(source);
        List<String> separators = first != null ? List.of(" from ") : List.of();
        return List.of(new Raw(mode + (first == null ? "from " : ""), parts, separators, ""));
      }
      expect(")");
      return mode.isEmpty()
          ? List.of(first)
          : List.of(new Raw(mode, List.of(first), List.of(), ""));
    }

    private String typeUntilClose() {
      StringBuilder type = new StringBuilder();
      int depth = 0;
      while (true) {
        Token t = next();
        if (t.isSymbol(")") && depth == 0) {
          return type.toString().trim();
        }
        if (t.isSymbol("(")) {
          depth++;
        } else if (t.isSymbol(")")) {
          depth--;
        }
        boolean tight = t.isSymbol("(") || t.isSymbol(")") || t.isSymbol(",");
        if (!tight && type.length() > 0 && !type.toString().endsWith("(")) {
          type.append(' ');
        }
        type.append(t.type() == TokenType.WORD ? t.text().toLowerCase(Locale.ROOT) : t.text());
      }
    }

    private Node caseExpression() {
      Node operand = peek().is("WHEN") ? null : expression(0);
      List<Node> whens = new ArrayList<>();
      List<Node> thens = new ArrayList<>();
      while (accept("WHEN")) {
        whens.add(expression(0));
        expect("THEN");
        thens.add(expression(0));
      }
      Node otherwise = accept("ELSE") ? expression(0) : null;
      expect("END");
      return new Case(operand, whens, thens, otherwise);
    }
  }

  private record Case(
      @Nullable Node operand, List<Node> whens, List<Node> thens, @Nullable Node otherwise)
      implements Node {
    @Override
    public String print() {
      StringBuilder out = new StringBuilder("case");
      if (operand != null) {
        out.append(' ').append(operand.print());
      }
      for (int i = 0; i < whens.size(); i++) {
        out.append(" when ").append(whens.get(i).print());
        out.append(" then ").append(thens.get(i).print());
      }
      if (otherwise != null) {
        out.append(" else ").append(otherwise.print());
      }
      return out.append(" end").toString();
    }
  }
}
