package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.model.Flavor;
import java.util.Locale;
import java.util.Map;

/**
 * Reads DROP statements, which remove what the script created so far: mysqldump writes a
 * placeholder for each view (a view, or a table in older versions), drops it, then creates the real
 * view.
 */
final class DropParser {
  private final TokenCursor c;
  private final Flavor flavor;
  private final SchemaDraft schema;

  DropParser(TokenCursor c, Flavor flavor, SchemaDraft schema) {
    this.c = c;
    this.flavor = flavor;
    this.schema = schema;
  }

  void drop() {
    c.expect("DROP");
    if (c.accept("TEMPORARY")) {
      // Temporary tables are never part of the schema, so dropping one changes nothing.
      return;
    }
    if (c.at("INDEX")) {
      new AlterTableParser(c, flavor, schema).dropIndex();
      return;
    }
    Token kind = c.peek();
    String word = kind.upper();
    if (word.equals("USER") || word.equals("ROLE")) {
      // Accounts are not part of the schema.
      return;
    }
    switch (word) {
      case "TABLE", "TABLES", "VIEW" -> {
        c.next();
        boolean ifExists = c.accept("IF", "EXISTS");
        do {
          Token at = c.peek();
          String name =
              c.qualifiedName("a " + (word.equals("VIEW") ? "view" : "table") + " name").name();
          boolean found =
              word.equals("VIEW")
                  ? schema.views.remove(name) != null
                  : schema.tables.containsKey(name);
          if (!word.equals("VIEW")) {
            schema.dropTable(name);
          }
          if (!found && !ifExists) {
            throw missing(at, word.equals("VIEW") ? "view" : "table", name);
          }
        } while (c.accept(","));
        if (!c.accept("RESTRICT")) {
          c.accept("CASCADE");
        }
      }
      case "TRIGGER", "EVENT" -> {
        c.next();
        boolean ifExists = c.accept("IF", "EXISTS");
        Token at = c.peek();
        String name = c.qualifiedName("a name").name();
        Map<String, ?> objects = word.equals("TRIGGER") ? schema.triggers : schema.events;
        if (objects.remove(SchemaDraft.key(name)) == null && !ifExists) {
          throw missing(at, word.toLowerCase(Locale.ROOT), name);
        }
      }
      case "PROCEDURE", "FUNCTION" -> {
        c.next();
        boolean ifExists = c.accept("IF", "EXISTS");
        Token at = c.peek();
        String name = c.qualifiedName("a name").name();
        if (schema.routines.remove(SchemaDraft.routineKey(word, name)) == null && !ifExists) {
          throw missing(at, word.toLowerCase(Locale.ROOT), name);
        }
      }
      case "DATABASE", "SCHEMA" -> {
        c.next();
        c.accept("IF", "EXISTS");
        String name = c.name("a schema name");
        if (schema.name.isEmpty() || schema.name.equals(name)) {
          schema.clear();
        }
      }
      default ->
          throw c.fail(
              "TABLE, VIEW, TRIGGER, PROCEDURE, FUNCTION, EVENT, INDEX or DATABASE (other DROP"
                  + " statements are not supported)");
    }
    c.expectEnd("the end of the statement");
  }

  private static RuntimeException missing(Token at, String kind, String name) {
    return TokenCursor.problem(
        at,
        "DROP "
            + kind.toUpperCase(Locale.ROOT)
            + " `"
            + name
            + "`: no such "
            + kind
            + " is defined before this statement (use IF EXISTS)");
  }
}
