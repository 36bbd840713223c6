package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.internal.sql.TokenType;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.IndexKind;

/**
 * Reads the statements that change a table read before: {@code ALTER TABLE ... ADD ...} (with
 * {@code DISABLE KEYS}/{@code ENABLE KEYS}), {@code CREATE INDEX} and {@code DROP INDEX}. Other
 * ALTER TABLE forms are rejected.
 */
final class AlterTableParser {
  private final TokenCursor c;
  private final Flavor flavor;
  private final SchemaDraft schema;
  private final TableParser tables;
  private final ColumnParser columns;

  AlterTableParser(TokenCursor c, Flavor flavor, SchemaDraft schema) {
    this.c = c;
    this.flavor = flavor;
    this.schema = schema;
    this.tables = new TableParser(c, flavor, schema);
    this.columns = new ColumnParser(c, flavor, schema.name);
  }

  /** Reads the rest of {@code ALTER [ONLINE] [IGNORE] TABLE}, from the TABLE keyword. */
  void alter() {
    c.expect("TABLE");
    c.accept("IF", "EXISTS");
    Token at = c.peek();
    TableDraft table = existingTable();
    do {
      alterSpecification(table);
    } while (c.accept(","));
    c.expectEnd("',' or the end of the statement");
    table.finishStatement(flavor, at);
  }

  private void alterSpecification(TableDraft table) {
    if (c.accept("DISABLE", "KEYS") || c.accept("ENABLE", "KEYS") || c.accept("FORCE")) {
      return;
    }
    if (c.accept("ALGORITHM") || c.accept("LOCK")) {
      c.accept("=");
      c.name("an algorithm or lock type");
      return;
    }
    if (!c.accept("ADD")) {
      throw c.fail(
          "ADD, DISABLE KEYS or ENABLE KEYS (other ALTER TABLE forms are not supported yet)");
    }
    Token t = c.peek();
    if (t.is("PARTITION")) {
      throw TokenCursor.problem(t, "ALTER TABLE ... ADD PARTITION is not supported yet");
    }
    boolean columnKeyword = c.accept("COLUMN");
    if (!columnKeyword
        && ((t.type() == TokenType.WORD && TableParser.ELEMENT_WORDS.contains(t.upper()))
            || TableParser.isVectorIndex(c)
            || c.at("PERIOD", "FOR"))) {
      tables.element(table);
      return;
    }
    if (c.accept("(")) {
      do {
        addColumn(table);
      } while (c.accept(","));
      if (!c.accept(")")) {
        throw c.fail("',' or ')'");
      }
      return;
    }
    boolean added = addColumn(table);
    if (c.accept("FIRST")) {
      if (added) {
        table.columns.add(0, table.columns.remove(table.columns.size() - 1));
      }
    } else if (c.accept("AFTER")) {
      Token afterToken = c.peek();
      ColumnDraft after = table.column(c.name("a column name"));
      if (after == null) {
        throw TokenCursor.problem(
            afterToken,
            "AFTER `" + afterToken.value() + "`: no such column in `" + table.name + "`");
      }
      if (added) {
        ColumnDraft moved = table.columns.remove(table.columns.size() - 1);
        table.columns.add(table.columns.indexOf(after) + 1, moved);
      }
    }
  }

  /**
   * Adds a column at the end and returns true, or returns false when it exists and IF NOT EXISTS
   * says to skip it.
   */
  private boolean addColumn(TableDraft table) {
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    Token at = c.peek();
    if (ifNotExists && at.isName() && table.column(at.value()) != null) {
      // Read it into a scratch table so that its inline keys do not reach the real one.
      columns.column(new TableDraft(table.name));
      return false;
    }
    TableParser.addColumn(table, columns.column(table), at);
    return true;
  }

  /**
   * Reads the rest of {@code CREATE [UNIQUE|FULLTEXT|SPATIAL|VECTOR] INDEX name ON table (parts)}.
   */
  void createIndex() {
    c.accept("ONLINE");
    c.accept("OFFLINE");
    IndexKind kind = IndexKind.INDEX;
    if (c.accept("UNIQUE")) {
      kind = IndexKind.UNIQUE;
    } else if (c.accept("FULLTEXT")) {
      kind = IndexKind.FULLTEXT;
    } else if (c.accept("SPATIAL")) {
      kind = IndexKind.SPATIAL;
    } else if (c.accept("VECTOR")) {
      kind = IndexKind.VECTOR;
    }
    c.expect("INDEX");
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    String name = c.name("an index name");
    String algorithm = null;
    if (c.accept("USING") || c.accept("TYPE")) {
      algorithm = ConstraintClauses.algorithm(c);
    }
    c.expect("ON");
    Token at = c.peek();
    TableDraft table = existingTable();
    KeyDraft key = new KeyDraft(kind, name, ConstraintClauses.indexParts(c), false);
    key.algorithm = algorithm;
    ConstraintClauses.indexOptions(c, key);
    while (c.accept("ALGORITHM") || c.accept("LOCK")) {
      c.accept("=");
      c.name("an algorithm or lock type");
    }
    c.expectEnd("an index option or the end of the statement");
    if (!(ifNotExists && table.key(name) != null)) {
      table.keys.add(key);
    }
    table.finishStatement(flavor, at);
  }

  /** Reads the rest of {@code DROP INDEX name ON table}, from the INDEX keyword. */
  void dropIndex() {
    c.expect("INDEX");
    boolean ifExists = c.accept("IF", "EXISTS");
    Token nameToken = c.peek();
    String name = c.name("an index name");
    c.expect("ON");
    Token at = c.peek();
    TableDraft table = existingTable();
    while (c.accept("ALGORITHM") || c.accept("LOCK")) {
      c.accept("=");
      c.name("an algorithm or lock type");
    }
    c.expectEnd("the end of the statement");
    KeyDraft key = table.key(name);
    if (key == null && !ifExists) {
      throw TokenCursor.problem(
          nameToken, "DROP INDEX `" + name + "`: no such index on `" + table.name + "`");
    }
    table.keys.remove(key);
  }

  private TableDraft existingTable() {
    Token at = c.peek();
    String name = tables.tableName();
    TableDraft table = schema.tables.get(name);
    if (table == null) {
      throw TokenCursor.problem(at, "table `" + name + "` is not defined before this statement");
    }
    return table;
  }
}
