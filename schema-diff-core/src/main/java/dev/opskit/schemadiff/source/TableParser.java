package dev.opskit.schemadiff.source;

import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.sql.Token;
import dev.opskit.schemadiff.sql.TokenType;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the statements that create and change tables: {@code CREATE TABLE} (also {@code LIKE}),
 * {@code ALTER TABLE ... ADD ...}, {@code CREATE INDEX} and {@code DROP INDEX}.
 */
final class TableParser {
  private static final String ELEMENT =
      "a column definition, PRIMARY KEY, KEY, INDEX, UNIQUE, FULLTEXT, SPATIAL, CONSTRAINT,"
          + " FOREIGN KEY or CHECK";

  /** Words that start a table element other than a column. */
  private static final Set<String> ELEMENT_WORDS =
      Set.of(
          "CONSTRAINT",
          "PRIMARY",
          "UNIQUE",
          "KEY",
          "INDEX",
          "FULLTEXT",
          "SPATIAL",
          "FOREIGN",
          "CHECK",
          "PERIOD",
          "LIKE");

  private final TokenCursor c;
  private final Flavor flavor;
  private final SchemaDraft schema;
  private final ColumnParser columns;

  TableParser(TokenCursor c, Flavor flavor, SchemaDraft schema) {
    this.c = c;
    this.flavor = flavor;
    this.schema = schema;
    this.columns = new ColumnParser(c, flavor, schema.name);
  }

  /** Reads the rest of {@code CREATE [OR REPLACE] TABLE}, from the TABLE keyword. */
  void create(boolean orReplace) {
    c.expect("TABLE");
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    Token nameToken = c.peek();
    String name = tableName();
    boolean exists = schema.tables.containsKey(name) || schema.views.containsKey(name);
    if (exists && !orReplace && !ifNotExists) {
      throw TokenCursor.problem(
          nameToken, "table `" + name + "` is created twice (DROP it first or use IF NOT EXISTS)");
    }
    TableDraft table;
    if (c.accept("LIKE") || c.accept("(", "LIKE")) {
      Token sourceToken = c.peek();
      String source = tableName();
      TableDraft original = schema.tables.get(source);
      if (original == null) {
        throw TokenCursor.problem(
            sourceToken, "CREATE TABLE ... LIKE `" + source + "`: no such table is defined before");
      }
      c.accept(")");
      c.expectEnd("the end of the statement after LIKE");
      table = original.like(name, flavor);
    } else {
      table = new TableDraft(name);
      if (c.at("(")) {
        elements(table);
      }
      new TableOptionParser(c).options(table);
      if (c.at("PARTITION")) {
        table.partitioning = new PartitionParser(c).partitioning();
      }
      if (!c.atEnd()) {
        new TableOptionParser(c).options(table);
      }
      c.expectEnd("the end of the statement");
      if (table.columns.isEmpty()) {
        throw TokenCursor.problem(nameToken, "table `" + name + "` has no columns");
      }
      table.finishStatement(flavor);
    }
    if (exists && ifNotExists && !orReplace) {
      return;
    }
    schema.views.remove(name);
    schema.tables.put(name, table);
  }

  private void elements(TableDraft table) {
    c.expect("(");
    do {
      element(table);
    } while (c.accept(","));
    if (!c.accept(")")) {
      throw c.fail("',' or ')'");
    }
  }

  /** Reads one table element: a column, an index, a foreign key or a check. */
  private void element(TableDraft table) {
    Token t = c.peek();
    if (c.accept("CONSTRAINT")) {
      String symbol = null;
      if (!c.at("PRIMARY") && !c.at("UNIQUE") && !c.at("FOREIGN") && !c.at("CHECK")) {
        symbol = c.name("a constraint name, PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK");
      }
      if (!c.at("PRIMARY") && !c.at("UNIQUE") && !c.at("FOREIGN") && !c.at("CHECK")) {
        throw c.fail("PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK");
      }
      constraint(table, symbol);
    } else if (t.type() == TokenType.WORD && ELEMENT_WORDS.contains(t.upper())) {
      if (t.is("PERIOD")) {
        throw TokenCursor.problem(t, "PERIOD FOR (application-time periods) is not supported yet");
      }
      if (t.is("LIKE")) {
        throw c.fail(ELEMENT);
      }
      constraint(table, null);
    } else if (columns.atColumn() || t.type() == TokenType.QUOTED_NAME || looksLikeColumn()) {
      ColumnDraft column = columns.column(table);
      addColumn(table, column, t);
    } else {
      throw c.fail(ELEMENT);
    }
  }

  /** A bare word followed by a word that is not a keyword of a table element: a mistyped type. */
  private boolean looksLikeColumn() {
    Token second = c.peek(1);
    return c.peek().type() == TokenType.WORD
        && second.type() == TokenType.WORD
        && !ELEMENT_WORDS.contains(second.upper());
  }

  private static void addColumn(TableDraft table, ColumnDraft column, Token at) {
    if (table.column(column.name) != null) {
      throw TokenCursor.problem(at, "column `" + column.name + "` is defined twice");
    }
    table.columns.add(column);
  }

  /** Reads an index, foreign key or check, after an optional CONSTRAINT symbol. */
  private void constraint(TableDraft table, @Nullable String symbol) {
    if (c.accept("PRIMARY", "KEY")) {
      index(table, IndexKind.PRIMARY, null);
    } else if (c.accept("UNIQUE")) {
      if (!c.accept("KEY")) {
        c.accept("INDEX");
      }
      index(table, IndexKind.UNIQUE, symbol);
    } else if (c.accept("KEY") || c.accept("INDEX")) {
      index(table, IndexKind.INDEX, null);
    } else if (c.accept("FULLTEXT") || c.accept("SPATIAL")) {
      IndexKind kind =
          c.token(c.position() - 1).is("FULLTEXT") ? IndexKind.FULLTEXT : IndexKind.SPATIAL;
      if (!c.accept("KEY")) {
        c.accept("INDEX");
      }
      index(table, kind, null);
    } else if (c.accept("FOREIGN", "KEY")) {
      foreignKey(table, symbol);
    } else if (c.at("CHECK")) {
      ConstraintClauses.Check check = ConstraintClauses.check(c);
      table.addCheck(new TableDraft.CheckDraft(symbol, check.expression(), check.enforced(), null));
    } else {
      throw c.fail(ELEMENT);
    }
  }

  /** Reads {@code [IF NOT EXISTS] [name] [USING x] (parts) [options]} after the index keyword. */
  private void index(TableDraft table, IndexKind kind, @Nullable String fallbackName) {
    Token start = c.token(c.position() - 1);
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    String name = null;
    if (c.peek().isName() && !c.at("USING") && !c.at("TYPE")) {
      name = c.name("an index name");
    }
    String algorithm = null;
    if (c.accept("USING") || c.accept("TYPE")) {
      algorithm = ConstraintClauses.algorithm(c);
    }
    KeyDraft key =
        new KeyDraft(
            kind, name != null ? name : fallbackName, ConstraintClauses.indexParts(c), false);
    key.algorithm = algorithm;
    ConstraintClauses.indexOptions(c, key);
    boolean exists =
        kind == IndexKind.PRIMARY
            ? table.key("PRIMARY") != null
            : key.name != null && table.key(key.name) != null;
    if (!(ifNotExists && exists)) {
      table.addKey(key, start);
    }
  }

  private void foreignKey(TableDraft table, @Nullable String symbol) {
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    String indexName = null;
    if (c.peek().isName()) {
      indexName = c.name("an index name or '('");
    }
    var columnNames = ConstraintClauses.nameList(c, "a column name");
    ConstraintClauses.Reference ref = ConstraintClauses.references(c, schema.name, true);
    String name = symbol != null ? symbol : indexName;
    if (ifNotExists && name != null && table.hasForeignKey(name)) {
      return;
    }
    table.addForeignKey(
        new TableDraft.ForeignKeyDraft(
            symbol,
            indexName,
            columnNames,
            ref.schema(),
            ref.table(),
            ref.columns(),
            ref.onDelete(),
            ref.onUpdate()));
  }

  /** Reads the rest of {@code ALTER [ONLINE] [IGNORE] TABLE}, from the TABLE keyword. */
  void alter() {
    c.expect("TABLE");
    c.accept("IF", "EXISTS");
    TableDraft table = existingTable();
    do {
      alterSpecification(table);
    } while (c.accept(","));
    c.expectEnd("',' or the end of the statement");
    table.finishStatement(flavor);
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
    if (!columnKeyword && t.type() == TokenType.WORD && ELEMENT_WORDS.contains(t.upper())) {
      element(table);
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
    addColumn(table, columns.column(table), at);
    return true;
  }

  /** Reads the rest of {@code CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name ON table (parts)}. */
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
    }
    c.expect("INDEX");
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    String name = c.name("an index name");
    String algorithm = null;
    if (c.accept("USING") || c.accept("TYPE")) {
      algorithm = ConstraintClauses.algorithm(c);
    }
    c.expect("ON");
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
    table.finishStatement(flavor);
  }

  /** Reads the rest of {@code DROP INDEX name ON table}, from the INDEX keyword. */
  void dropIndex() {
    c.expect("INDEX");
    boolean ifExists = c.accept("IF", "EXISTS");
    Token nameToken = c.peek();
    String name = c.name("an index name");
    c.expect("ON");
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
    String name = tableName();
    TableDraft table = schema.tables.get(name);
    if (table == null) {
      throw TokenCursor.problem(at, "table `" + name + "` is not defined before this statement");
    }
    return table;
  }

  /** Reads a table name, checking that a qualifier names the schema being read. */
  private String tableName() {
    Token at = c.peek();
    TokenCursor.QualifiedName name = c.qualifiedName("a table name");
    if (name.qualifier() != null
        && !schema.name.isEmpty()
        && !name.qualifier().equals(schema.name)) {
      throw TokenCursor.problem(
          at,
          "table `"
              + name.qualifier()
              + "`.`"
              + name.name()
              + "` is in another schema than `"
              + schema.name
              + "`");
    }
    return name.name();
  }
}
