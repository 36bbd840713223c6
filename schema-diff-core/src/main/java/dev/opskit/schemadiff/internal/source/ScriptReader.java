package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.SqlSyntaxException;
import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.internal.sql.TokenType;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a script statement by statement into a {@link SchemaDraft}: dispatches each statement to
 * its parser, skips the ones that cannot change the schema, and rejects the rest.
 */
final class ScriptReader {
  /** Statements skipped without even being tokenized: a dump's data and session settings. */
  private static final Set<String> SKIPPED_UNREAD =
      Set.of("INSERT", "REPLACE", "LOCK", "UNLOCK", "SET", "UPDATE", "DELETE", "LOAD");

  /** Other statements that cannot change the schema: transactions, queries, maintenance, grants. */
  private static final Set<String> SKIPPED =
      Set.of(
          "START",
          "COMMIT",
          "ROLLBACK",
          "SAVEPOINT",
          "RELEASE",
          "SELECT",
          "SHOW",
          "EXPLAIN",
          "DESCRIBE",
          "DESC",
          "FLUSH",
          "ANALYZE",
          "OPTIMIZE",
          "CHECK",
          "CHECKSUM",
          "REPAIR",
          "GRANT",
          "REVOKE");

  /** Statements read: any other first word is refused before the statement is tokenized. */
  private static final Set<String> READ = Set.of("CREATE", "ALTER", "DROP", "USE", "BEGIN");

  /** The longest statement read: 16 MiB, MariaDB's default max_allowed_packet. */
  private static final int MAX_STATEMENT_LENGTH = 16 * 1024 * 1024;

  /** How far into a statement its first word is looked for. */
  private static final int FIRST_WORD_REACH = 64;

  /** Accounts: CREATE, ALTER and DROP of these change no schema object. */
  private static final Set<String> ACCOUNTS = Set.of("USER", "ROLE");

  private final String text;
  private final Flavor flavor;
  private final SchemaDraft schema = new SchemaDraft();

  ScriptReader(String text, Flavor flavor) {
    this.text = text;
    this.flavor = flavor;
  }

  Schema read() {
    StatementSplitter splitter = new StatementSplitter(text);
    for (StatementSplitter.Span span = splitter.next(); span != null; span = splitter.next()) {
      // The first word decides, so that a statement skipped or refused is never tokenized: a
      // dump's data, or garbage, costs no more than the scan that split it.
      FirstWord first = firstWord(span);
      String word = first.text().toUpperCase(Locale.ROOT);
      if (SKIPPED_UNREAD.contains(word) || SKIPPED.contains(word)) {
        continue;
      }
      if (!READ.contains(word) && !first.shown().isEmpty()) {
        throw unsupported(first);
      }
      int length = span.end() - span.start();
      if (length > MAX_STATEMENT_LENGTH) {
        throw new SqlSyntaxException(
            first.line(),
            first.column(),
            "this statement is "
                + length
                + " characters long, more than the "
                + MAX_STATEMENT_LENGTH
                + " a statement may have (MariaDB's default max_allowed_packet); split it or"
                + " leave it out");
      }
      TokenCursor c = new TokenCursor(splitter.statement(span).tokens());
      if (!c.atEnd()) {
        statement(c);
      }
    }
    return schema.build(flavor);
  }

  /**
   * Returns the first word of a statement, looking past version comment marks, with where it is;
   * for a statement that does not start with a letter, its first character.
   */
  private FirstWord firstWord(StatementSplitter.Span span) {
    int i = span.start();
    int line = span.line();
    int column = span.column();
    int end = span.end();
    while (i < end) {
      char ch = text.charAt(i);
      if (Character.isWhitespace(ch)) {
        if (ch == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
        i++;
      } else if (text.startsWith("/*!", i) || text.startsWith("/*M!", i)) {
        int mark = text.charAt(i + 2) == 'M' ? 4 : 3;
        i += mark;
        column += mark;
        while (i < end && Character.isDigit(text.charAt(i))) {
          i++;
          column++;
        }
      } else {
        break;
      }
    }
    int start = i;
    end = Math.min(end, start + FIRST_WORD_REACH);
    while (i < end && Character.isLetter(text.charAt(i))) {
      i++;
    }
    if (i == start && start < span.end()) {
      i = start + Character.charCount(text.codePointAt(start));
      return new FirstWord("", text.substring(start, i), line, column);
    }
    String word = text.substring(start, i);
    return new FirstWord(word, word, line, column);
  }

  private void statement(TokenCursor c) {
    try {
      dispatch(c);
    } catch (IllegalArgumentException e) {
      // A value the model rejects, such as a number it cannot read.
      Token at = c.token(Math.max(0, c.position() - 1));
      throw TokenCursor.problem(at, "cannot read this statement: " + e.getMessage());
    }
  }

  private void dispatch(TokenCursor c) {
    Token first = c.peek();
    String word = first.type() == TokenType.WORD ? first.upper() : "";
    switch (word) {
      case "CREATE" -> create(c);
      case "ALTER" -> alter(c);
      case "DROP" -> new DropParser(c, flavor, schema).drop();
      case "USE" -> use(c);
      case "BEGIN" -> {
        c.next();
        c.accept("WORK");
        if (!c.atEnd()) {
          throw unsupported(first);
        }
      }
      default -> {
        if (!SKIPPED.contains(word)) {
          throw unsupported(first);
        }
      }
    }
  }

  private static RuntimeException unsupported(Token first) {
    return unsupported(first.line(), first.column(), TokenCursor.describe(first));
  }

  private static RuntimeException unsupported(FirstWord first) {
    return unsupported(first.line(), first.column(), "'" + first.shown() + "'");
  }

  private static RuntimeException unsupported(int line, int column, String found) {
    return new SqlSyntaxException(
        line,
        column,
        "found "
            + found
            + ", expected CREATE, ALTER TABLE, DROP, USE or a statement that cannot change the"
            + " schema (SET, INSERT, LOCK TABLES, ...); other statements may change the schema,"
            + " so they are not skipped");
  }

  private void use(TokenCursor c) {
    c.expect("USE");
    Token at = c.peek();
    String name = c.name("a schema name");
    c.expectEnd("the end of the statement");
    schemaName(at, name);
  }

  private void schemaName(Token at, String name) {
    if (!schema.name.isEmpty() && !schema.name.equals(name)) {
      throw TokenCursor.problem(
          at,
          "the script switches to a second schema `"
              + name
              + "` after `"
              + schema.name
              + "`; read one schema at a time");
    }
    schema.name = name;
  }

  private void create(TokenCursor c) {
    c.expect("CREATE");
    boolean orReplace = c.accept("OR", "REPLACE");
    if (c.at("DATABASE") || c.at("SCHEMA")) {
      createDatabase(c);
      return;
    }
    if (ACCOUNTS.contains(c.peek().upper())) {
      return;
    }
    if (c.at("TEMPORARY")) {
      throw TokenCursor.problem(
          c.peek(), "CREATE TEMPORARY TABLE is not supported: temporary tables are not schema");
    }
    if (c.at("TABLE")) {
      new TableParser(c, flavor, schema).create(orReplace);
      return;
    }
    if (c.at("INDEX")
        || c.at("UNIQUE")
        || c.at("FULLTEXT")
        || c.at("SPATIAL")
        || c.at("VECTOR", "INDEX")
        || c.at("ONLINE")
        || c.at("OFFLINE")) {
      new AlterTableParser(c, flavor, schema).createIndex();
      return;
    }
    StoredObjectParser objects = new StoredObjectParser(c, schema);
    String algorithm = null;
    String definer = null;
    String security = null;
    while (true) {
      if (c.accept("ALGORITHM")) {
        c.expect("=");
        if (!c.at("UNDEFINED") && !c.at("MERGE") && !c.at("TEMPTABLE")) {
          throw c.fail("UNDEFINED, MERGE or TEMPTABLE");
        }
        algorithm = c.next().upper();
      } else if (c.accept("DEFINER")) {
        c.expect("=");
        definer = objects.definer();
      } else if (c.accept("SQL", "SECURITY")) {
        security = objects.securityType();
      } else {
        break;
      }
    }
    StoredObjectParser.Prefix prefix =
        new StoredObjectParser.Prefix(orReplace, algorithm, definer, security);
    if (c.at("VIEW")) {
      objects.view(prefix);
    } else if (c.at("TRIGGER")) {
      objects.trigger(prefix);
    } else if (c.at("PROCEDURE") || c.at("FUNCTION")) {
      new RoutineParser(c, flavor, schema, objects).routine(prefix);
    } else if (c.at("EVENT")) {
      objects.event(prefix);
    } else if (c.peek().type() == TokenType.WORD
        && Set.of("SEQUENCE", "AGGREGATE", "PACKAGE").contains(c.peek().upper())) {
      throw TokenCursor.problem(c.peek(), "CREATE " + c.peek().upper() + " is not supported yet");
    } else {
      throw c.fail("TABLE, INDEX, VIEW, TRIGGER, PROCEDURE, FUNCTION, EVENT, DATABASE or SCHEMA");
    }
  }

  private void createDatabase(TokenCursor c) {
    c.next();
    c.accept("IF", "NOT", "EXISTS");
    Token at = c.peek();
    String name = c.name("a schema name");
    String charset = "";
    String collation = "";
    while (!c.atEnd()) {
      c.accept("DEFAULT");
      if (c.accept("CHARACTER", "SET") || c.accept("CHARSET")) {
        c.accept("=");
        charset = c.name("a character set");
      } else if (c.accept("COLLATE")) {
        c.accept("=");
        collation = c.name("a collation");
      } else if (c.accept("ENCRYPTION") || c.accept("COMMENT")) {
        c.accept("=");
        c.string("a string");
      } else if (c.accept("READ", "ONLY")) {
        c.accept("=");
        c.next();
      } else {
        throw c.fail("CHARACTER SET, COLLATE, ENCRYPTION, COMMENT or the end of the statement");
      }
    }
    schemaName(at, name);
    schema.charset = charset;
    schema.collation = collation;
  }

  private void alter(TokenCursor c) {
    c.expect("ALTER");
    if (c.at("DATABASE") || c.at("SCHEMA") || ACCOUNTS.contains(c.peek().upper())) {
      // mysqldump wraps routines in ALTER DATABASE to set their charset; not a schema change here.
      return;
    }
    c.accept("ONLINE");
    c.accept("IGNORE");
    if (!c.at("TABLE")) {
      throw c.fail("TABLE (other ALTER statements are not supported)");
    }
    new AlterTableParser(c, flavor, schema).alter();
  }

  /**
   * The first word of a statement (empty when it starts with another character), what an error
   * shows of it, and where it is.
   */
  private record FirstWord(String text, String shown, int line, int column) {}
}
