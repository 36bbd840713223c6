package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.ReferenceAction;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Clauses shared by column definitions, table elements and {@code ALTER TABLE}: {@code REFERENCES},
 * {@code CHECK}, index parts and index options.
 */
final class ConstraintClauses {
  private ConstraintClauses() {}

  /**
   * Reads {@code REFERENCES [db.]table (columns) [MATCH ...] [ON DELETE x] [ON UPDATE y]}, the
   * REFERENCES keyword included.
   *
   * @param schemaName the schema being read; a qualifier equal to it is dropped
   * @param columnsRequired whether the referenced columns must be listed
   */
  static Reference references(TokenCursor c, String schemaName, boolean columnsRequired) {
    c.expect("REFERENCES");
    TokenCursor.QualifiedName table = c.qualifiedName("the referenced table");
    List<String> columns = new ArrayList<>();
    if (columnsRequired || c.at("(")) {
      columns = nameList(c, "a referenced column");
    }
    ReferenceAction onDelete = ReferenceAction.RESTRICT;
    ReferenceAction onUpdate = ReferenceAction.RESTRICT;
    while (true) {
      if (c.accept("MATCH")) {
        if (!c.accept("FULL") && !c.accept("PARTIAL") && !c.accept("SIMPLE")) {
          throw c.fail("FULL, PARTIAL or SIMPLE");
        }
      } else if (c.accept("ON", "DELETE")) {
        onDelete = action(c);
      } else if (c.accept("ON", "UPDATE")) {
        onUpdate = action(c);
      } else {
        break;
      }
    }
    String schema = table.qualifier();
    if (schema != null && schema.equals(schemaName)) {
      schema = null;
    }
    return new Reference(schema, table.name(), columns, onDelete, onUpdate);
  }

  private static ReferenceAction action(TokenCursor c) {
    if (c.accept("RESTRICT")) {
      return ReferenceAction.RESTRICT;
    }
    if (c.accept("CASCADE")) {
      return ReferenceAction.CASCADE;
    }
    if (c.accept("SET", "NULL")) {
      return ReferenceAction.SET_NULL;
    }
    if (c.accept("SET", "DEFAULT")) {
      return ReferenceAction.SET_DEFAULT;
    }
    if (c.accept("NO", "ACTION")) {
      return ReferenceAction.RESTRICT;
    }
    throw c.fail("RESTRICT, CASCADE, SET NULL, SET DEFAULT or NO ACTION");
  }

  /** Reads {@code CHECK (expression) [[NOT] ENFORCED]}, the CHECK keyword included. */
  static Check check(TokenCursor c) {
    c.expect("CHECK");
    int inside = c.skipParenthesized();
    if (inside == c.position() - 1) {
      throw TokenCursor.error(c.token(inside), "a CHECK expression");
    }
    String expression = c.expression(inside, c.position() - 1);
    boolean enforced = true;
    if (c.accept("NOT", "ENFORCED")) {
      enforced = false;
    } else {
      c.accept("ENFORCED");
    }
    return new Check(expression, enforced);
  }

  /** Reads a parenthesized list of names. */
  static List<String> nameList(TokenCursor c, String expected) {
    c.expect("(");
    List<String> names = new ArrayList<>();
    do {
      names.add(c.name(expected));
    } while (c.accept(","));
    if (!c.accept(")")) {
      throw c.fail("',' or ')'");
    }
    return names;
  }

  /** Reads the parenthesized parts of an index: columns, prefixes, expressions, DESC. */
  static List<IndexPart> indexParts(TokenCursor c) {
    c.expect("(");
    List<IndexPart> parts = new ArrayList<>();
    do {
      if (c.at("(")) {
        int inside = c.skipParenthesized();
        String expression = c.expression(inside, c.position() - 1);
        parts.add(new IndexPart(null, expression, null, direction(c)));
      } else {
        String column = c.name("an index column or (expression)");
        Integer prefix = null;
        if (c.accept("(")) {
          prefix = c.integer("a prefix length");
          c.expect(")");
        }
        parts.add(new IndexPart(column, null, prefix, direction(c)));
      }
    } while (c.accept(","));
    if (!c.accept(")")) {
      throw c.fail("',' or ')'");
    }
    return parts;
  }

  private static boolean direction(TokenCursor c) {
    if (c.accept("DESC")) {
      return true;
    }
    c.accept("ASC");
    return false;
  }

  /**
   * Reads index options into a draft until none follows: {@code USING x}, {@code KEY_BLOCK_SIZE},
   * {@code COMMENT}, {@code [IN]VISIBLE}, {@code [NOT] IGNORED}, {@code WITH PARSER}, engine
   * attributes.
   */
  static void indexOptions(TokenCursor c, KeyDraft key) {
    while (true) {
      if (c.at("USING") || c.at("TYPE")) {
        c.next();
        key.algorithm = algorithm(c);
      } else if (c.accept("KEY_BLOCK_SIZE")) {
        c.accept("=");
        int size = c.integer("a key block size");
        if (size != 0) {
          key.unmodeled.put("KEY_BLOCK_SIZE", Integer.toString(size));
        }
      } else if (c.accept("COMMENT")) {
        key.comment = c.string("a comment string");
      } else if (c.accept("VISIBLE") || c.accept("NOT", "IGNORED")) {
        key.visible = true;
      } else if (c.accept("INVISIBLE") || c.accept("IGNORED")) {
        key.visible = false;
      } else if (c.accept("WITH", "PARSER")) {
        key.parser = c.name("a parser name");
      } else if (key.kind == IndexKind.VECTOR && (c.at("M") || c.at("DISTANCE"))) {
        String option = c.next().upper();
        c.accept("=");
        key.options.put(option, c.next().text());
      } else if (c.at("ENGINE_ATTRIBUTE") || c.at("SECONDARY_ENGINE_ATTRIBUTE")) {
        String attribute = c.next().upper();
        c.accept("=");
        String value = c.string("an attribute string");
        if (!value.isEmpty()) {
          key.unmodeled.put(attribute, value);
        }
      } else {
        return;
      }
    }
  }

  /** Reads BTREE, HASH or RTREE after USING or TYPE. */
  static String algorithm(TokenCursor c) {
    Token t = c.peek();
    if (t.is("BTREE") || t.is("HASH") || t.is("RTREE")) {
      c.next();
      return t.upper();
    }
    throw c.fail("BTREE, HASH or RTREE");
  }

  /** What a {@code REFERENCES} clause says. */
  record Reference(
      @Nullable String schema,
      String table,
      List<String> columns,
      ReferenceAction onDelete,
      ReferenceAction onUpdate) {}

  /** What a {@code CHECK} clause says. */
  record Check(String expression, boolean enforced) {}
}
