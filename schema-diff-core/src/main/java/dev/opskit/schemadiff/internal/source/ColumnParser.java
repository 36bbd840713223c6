package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.internal.sql.TokenType;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.GeneratedColumn;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import java.util.List;
import java.util.Locale;

/**
 * Reads column definitions: the name, every spelling of the type, and the attributes MySQL 8 and
 * MariaDB accept. Inline {@code PRIMARY KEY}, {@code UNIQUE}, {@code CHECK} and (where the server
 * honours it) {@code REFERENCES} become indexes and constraints of the table.
 */
final class ColumnParser {
  private static final String ATTRIBUTES =
      "a column attribute (NULL, NOT NULL, DEFAULT, AUTO_INCREMENT, UNIQUE, PRIMARY KEY, COMMENT,"
          + " COLLATE, CHARACTER SET, GENERATED ALWAYS AS, INVISIBLE, CHECK, REFERENCES, ...), ','"
          + " or ')'";

  private final TokenCursor c;
  private final Flavor flavor;
  private final String schemaName;

  ColumnParser(TokenCursor c, Flavor flavor, String schemaName) {
    this.c = c;
    this.flavor = flavor;
    this.schemaName = schemaName;
  }

  /** Returns whether the next tokens look like a column definition: a name, then a type word. */
  boolean atColumn() {
    Token second = c.peek(1);
    return c.peek().isName()
        && second.type() == TokenType.WORD
        && ColumnTypeParser.TYPES.contains(second.upper());
  }

  /**
   * Reads a column definition up to the next {@code ,}, {@code )}, {@code FIRST}, {@code AFTER} or
   * the end of the statement, adding its inline indexes and constraints to the table.
   */
  ColumnDraft column(TableDraft table) {
    Token nameToken = c.peek();
    String name = c.name("a column name");
    ColumnTypeParser.Type type = new ColumnTypeParser(c).type();
    ColumnDraft column = new ColumnDraft(name, type.text());
    if (type.national()) {
      column.charset = "utf8mb3";
    }
    if (type.serial()) {
      serial(table, column);
    }
    attributes(table, column);
    try {
      column.toBuilder("utf8mb4", flavor).build();
    } catch (IllegalArgumentException e) {
      throw TokenCursor.problem(
          nameToken, "column `" + name + "` cannot be read: " + e.getMessage());
    }
    return column;
  }

  /** SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE; SERIAL DEFAULT VALUE the rest. */
  private static void serial(TableDraft table, ColumnDraft column) {
    column.nullable = false;
    column.autoIncrement = true;
    table.keys.add(new KeyDraft(IndexKind.UNIQUE, null, List.of(IndexPart.of(column.name)), false));
  }

  private void attributes(TableDraft table, ColumnDraft column) {
    String generatedExpression = null;
    boolean stored = false;
    while (!c.atEnd() && !c.at(",") && !c.at(")") && !c.at("FIRST") && !c.at("AFTER")) {
      Token t = c.peek();
      if (c.accept("NOT", "NULL")) {
        column.nullable = false;
      } else if (c.accept("NULL")) {
        column.nullable = true;
      } else if (c.accept("DEFAULT")) {
        column.defaultValue = value("a default value");
      } else if (c.accept("ON", "UPDATE")) {
        column.onUpdate = value("an ON UPDATE expression such as CURRENT_TIMESTAMP");
      } else if (c.accept("AUTO_INCREMENT")) {
        column.autoIncrement = true;
      } else if (c.accept("SERIAL", "DEFAULT", "VALUE")) {
        serial(table, column);
      } else if (c.accept("UNIQUE")) {
        c.accept("KEY");
        table.keys.add(
            new KeyDraft(IndexKind.UNIQUE, null, List.of(IndexPart.of(column.name)), false));
      } else if (c.accept("PRIMARY", "KEY") || c.accept("KEY")) {
        table.addKey(
            new KeyDraft(IndexKind.PRIMARY, null, List.of(IndexPart.of(column.name)), false), t);
      } else if (c.accept("COMMENT")) {
        column.comment = c.string("a comment string");
      } else if (c.accept("COLLATE")) {
        column.collation = nameOrString("a collation");
      } else if (c.accept("CHARACTER", "SET") || c.accept("CHARSET")) {
        column.charset = nameOrString("a character set");
      } else if (c.accept("BINARY")) {
        column.binary = true;
      } else if (c.accept("ASCII")) {
        column.charset = "latin1";
      } else if (c.accept("UNICODE")) {
        column.charset = "ucs2";
      } else if (c.at("COLUMN_FORMAT") || c.at("STORAGE")) {
        // NDB and MySQL storage hints: the model has no place for them, DEFAULT is no hint.
        String attribute = c.next().upper();
        String value = c.name("FIXED, DYNAMIC, DEFAULT, DISK or MEMORY").toUpperCase(Locale.ROOT);
        if (!value.equals("DEFAULT")) {
          column.unmodeled.put(attribute, value);
        }
      } else if (c.at("ENGINE_ATTRIBUTE") || c.at("SECONDARY_ENGINE_ATTRIBUTE")) {
        String attribute = c.next().upper();
        c.accept("=");
        String value = c.string("an attribute string");
        if (!value.isEmpty()) {
          column.unmodeled.put(attribute, value);
        }
      } else if (c.accept("NOT", "SECONDARY")) {
        continue;
      } else if (c.at("GENERATED") || c.at("AS")) {
        generatedExpression = generated();
      } else if (c.accept("VIRTUAL")) {
        stored = false;
      } else if (c.accept("STORED") || c.accept("PERSISTENT")) {
        stored = true;
      } else if (c.accept("INVISIBLE")) {
        column.invisible = true;
      } else if (c.accept("VISIBLE")) {
        column.invisible = false;
      } else if (c.accept("SRID")) {
        column.srid = c.integer("an SRID number");
      } else if (c.at("CHECK") || c.at("CONSTRAINT")) {
        check(table, column);
      } else if (c.at("REFERENCES")) {
        references(table, column);
      } else if (t.is("COMPRESSED")) {
        throw TokenCursor.problem(
            t, "MariaDB COMPRESSED columns are not supported yet (column " + column.name + ")");
      } else if (t.is("WITH") || t.is("WITHOUT")) {
        throw TokenCursor.problem(
            t,
            "system-versioning column attributes are not supported yet (column "
                + column.name
                + ")");
      } else {
        throw c.fail(ATTRIBUTES);
      }
    }
    if (generatedExpression != null) {
      column.generated = new GeneratedColumn(generatedExpression, stored);
    }
  }

  private String generated() {
    if (c.accept("GENERATED")) {
      c.expect("ALWAYS");
    }
    c.expect("AS");
    if (c.at("ROW")) {
      throw TokenCursor.problem(
          c.peek(), "GENERATED ALWAYS AS ROW START/END (system versioning) is not supported yet");
    }
    int inside = c.skipParenthesized();
    return c.expression(inside, c.position() - 1);
  }

  private void check(TableDraft table, ColumnDraft column) {
    String name = null;
    if (c.accept("CONSTRAINT")) {
      if (!c.at("CHECK")) {
        name = c.name("a constraint name or CHECK");
      }
    }
    ConstraintClauses.Check check = ConstraintClauses.check(c);
    table.addCheck(
        new TableDraft.CheckDraft(name, check.expression(), check.enforced(), column.name));
  }

  private void references(TableDraft table, ColumnDraft column) {
    ConstraintClauses.Reference ref = ConstraintClauses.references(c, schemaName, false);
    // MySQL before 9.0 parses and ignores an inline REFERENCES; MariaDB 10.5+ creates the key.
    boolean honoured =
        flavor.isMariaDb()
            ? flavor.major() > 10 || (flavor.major() == 10 && flavor.minor() >= 5)
            : flavor.major() >= 9;
    if (honoured && !ref.columns().isEmpty()) {
      table.addForeignKey(
          new TableDraft.ForeignKeyDraft(
              null,
              null,
              List.of(column.name),
              ref.schema(),
              ref.table(),
              ref.columns(),
              ref.onDelete(),
              ref.onUpdate()));
    }
  }

  private String nameOrString(String expected) {
    Token t = c.peek();
    if (t.type() == TokenType.STRING) {
      return c.string(expected);
    }
    return c.name(expected);
  }

  /**
   * Reads a default or ON UPDATE value as SQL text: a literal, a signed number, a function call or
   * a parenthesized expression. MariaDB stores a parenthesized literal as the literal itself.
   */
  private String value(String expected) {
    int from = c.position();
    Token t = c.peek();
    if (t.isSymbol("(")) {
      int inside = c.skipParenthesized();
      int close = c.position() - 1;
      if (flavor.isMariaDb() && isLiteral(inside, close)) {
        return c.text(inside, close);
      }
      c.expression(inside, close);
    } else if (t.isSymbol("-") || t.isSymbol("+")) {
      c.next();
      if (c.peek().type() != TokenType.NUMBER) {
        throw c.fail("a number");
      }
      c.next();
    } else if (t.type() == TokenType.WORD) {
      c.next();
      if (c.at("(")) {
        c.skipParenthesized();
        c.expression(from, c.position());
      } else if (c.peek().type() == TokenType.STRING
          && (t.text().startsWith("_") || t.is("DATE") || t.is("TIME") || t.is("TIMESTAMP"))) {
        c.next();
      } else if (t.is("NEXT") && c.at("VALUE", "FOR")) {
        throw TokenCursor.problem(t, "DEFAULT NEXT VALUE FOR (sequences) is not supported yet");
      }
    } else if (t.type() == TokenType.STRING) {
      c.string(expected);
    } else if (t.type() == TokenType.NUMBER
        || t.type() == TokenType.HEX
        || t.type() == TokenType.BIT) {
      c.next();
    } else {
      throw c.fail(expected);
    }
    return c.text(from, c.position());
  }

  private boolean isLiteral(int from, int to) {
    int count = to - from;
    Token first = c.token(from);
    if (count == 1) {
      TokenType type = first.type();
      return type == TokenType.STRING
          || type == TokenType.NUMBER
          || type == TokenType.HEX
          || type == TokenType.BIT;
    }
    if (count == 2) {
      Token second = c.token(from + 1);
      return ((first.isSymbol("-") || first.isSymbol("+")) && second.type() == TokenType.NUMBER)
          || (first.type() == TokenType.WORD
              && first.text().startsWith("_")
              && second.type() == TokenType.STRING);
    }
    return false;
  }
}
