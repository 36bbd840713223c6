package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.internal.sql.TokenType;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.IndexKind;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code CREATE TABLE} (also {@code LIKE}) and the table elements that {@code ALTER TABLE ...
 * ADD} shares: columns, indexes, foreign keys and checks.
 */
final class TableParser {
  private static final String ELEMENT =
      "a column definition, PRIMARY KEY, KEY, INDEX, UNIQUE, FULLTEXT, SPATIAL, CONSTRAINT,"
          + " FOREIGN KEY or CHECK";

  /** Words that start a table element other than a column. */
  static final Set<String> ELEMENT_WORDS =
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
      new TableOptionParser(c, flavor).options(table);
      if (c.at("PARTITION")) {
        PartitionParser partitions = new PartitionParser(c);
        table.partitioning = partitions.partitioning();
        table.partitionUnmodeled.putAll(partitions.unmodeled);
      }
      c.expectEnd("the end of the statement");
      if (table.columns.isEmpty()) {
        throw TokenCursor.problem(nameToken, "table `" + name + "` has no columns");
      }
      table.finishStatement(flavor, nameToken);
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

  /** MariaDB 11.7's {@code VECTOR KEY|INDEX}; a column may be named {@code vector} too. */
  static boolean isVectorIndex(TokenCursor c) {
    return c.at("VECTOR", "KEY") || c.at("VECTOR", "INDEX");
  }

  /** Reads one table element: a column, an index, a foreign key or a check. */
  void element(TableDraft table) {
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
    } else if (c.at("PERIOD", "FOR")) {
      throw TokenCursor.problem(t, "PERIOD FOR (application-time periods) is not supported yet");
    } else if (isVectorIndex(c)) {
      constraint(table, null);
    } else if (t.type() == TokenType.WORD && ELEMENT_WORDS.contains(t.upper())) {
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

  static void addColumn(TableDraft table, ColumnDraft column, Token at) {
    table.addColumn(column, at);
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
    } else if (c.accept("VECTOR")) {
      if (!c.accept("KEY")) {
        c.expect("INDEX");
      }
      index(table, IndexKind.VECTOR, null);
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

  /** Reads a table name, checking that a qualifier names the schema being read. */
  String tableName() {
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
