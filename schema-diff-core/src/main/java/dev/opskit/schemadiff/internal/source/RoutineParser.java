package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.model.Charsets;
import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Routine;
import java.util.Locale;

/** Reads stored procedures and functions: parameters, return type, characteristics, body. */
final class RoutineParser {
  private final TokenCursor c;
  private final Flavor flavor;
  private final SchemaDraft schema;
  private final StoredObjectParser objects;

  RoutineParser(TokenCursor c, Flavor flavor, SchemaDraft schema, StoredObjectParser objects) {
    this.c = c;
    this.flavor = flavor;
    this.schema = schema;
    this.objects = objects;
  }

  /** Reads the rest of a CREATE PROCEDURE or FUNCTION statement, from that keyword. */
  void routine(StoredObjectParser.Prefix prefix) {
    String type = c.next().upper();
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    Token nameToken = c.peek();
    String name = objects.objectName("a " + type.toLowerCase(Locale.ROOT) + " name");
    if (c.at("RETURNS")) {
      throw TokenCursor.problem(
          c.peek(), "loadable functions (CREATE FUNCTION ... SONAME) are not supported");
    }
    int inside = c.skipParenthesized();
    String parameters = SqlExpressions.canonicalBody(c.text(inside, c.position() - 1), "");
    String returns = null;
    if (type.equals("FUNCTION")) {
      c.expect("RETURNS");
      returns = returnType();
    }
    boolean deterministic = false;
    String dataAccess = "CONTAINS SQL";
    String security = "DEFINER";
    String comment = "";
    while (true) {
      if (c.accept("COMMENT")) {
        comment = c.string("a comment string");
      } else if (c.accept("LANGUAGE", "SQL")) {
        continue;
      } else if (c.accept("NOT", "DETERMINISTIC")) {
        deterministic = false;
      } else if (c.accept("DETERMINISTIC")) {
        deterministic = true;
      } else if (c.accept("CONTAINS", "SQL")) {
        dataAccess = "CONTAINS SQL";
      } else if (c.accept("NO", "SQL")) {
        dataAccess = "NO SQL";
      } else if (c.accept("READS", "SQL", "DATA")) {
        dataAccess = "READS SQL DATA";
      } else if (c.accept("MODIFIES", "SQL", "DATA")) {
        dataAccess = "MODIFIES SQL DATA";
      } else if (c.accept("SQL", "SECURITY")) {
        security = objects.securityType();
      } else {
        break;
      }
    }
    String body = objects.body("the " + type.toLowerCase(Locale.ROOT) + " body");
    String key = SchemaDraft.routineKey(type, name);
    String what = type.toLowerCase(Locale.ROOT) + " `" + name + "`";
    if (!StoredObjectParser.claim(schema.routines, key, nameToken, what, prefix, ifNotExists)) {
      return;
    }
    schema.routines.put(
        key,
        new Routine(
            name,
            type,
            parameters,
            returns,
            body,
            deterministic,
            dataAccess,
            security,
            comment,
            prefix.definer()));
  }

  /**
   * Reads a function's return type. Text types get the charset and collation the server resolves
   * and prints: the declared ones, else the schema's default (utf8mb4 when unknown).
   */
  private String returnType() {
    ColumnTypeParser.Type type = new ColumnTypeParser(c).type();
    String charset = type.national() ? "utf8mb3" : null;
    String collation = null;
    while (true) {
      if (c.accept("CHARACTER", "SET") || c.accept("CHARSET")) {
        charset = c.name("a character set");
      } else if (c.accept("COLLATE")) {
        collation = c.name("a collation");
      } else if (c.accept("BINARY")) {
        collation = "";
      } else {
        break;
      }
    }
    if (!Column.builder("returns", type.text()).build().isText()) {
      return type.text();
    }
    if (charset == null && collation != null && !collation.isEmpty()) {
      charset = Charsets.charsetOf(collation);
    }
    if (charset == null) {
      charset = schema.charset.isEmpty() ? "utf8mb4" : schema.charset;
      if (collation == null && !schema.collation.isEmpty()) {
        collation = schema.collation;
      }
    }
    charset = Charsets.canonicalCharset(charset);
    if (collation == null) {
      collation = flavor.defaultCollation(charset);
    } else if (collation.isEmpty()) {
      collation = charset + "_bin";
    }
    return type.text()
        + " CHARSET "
        + charset
        + " COLLATE "
        + Charsets.canonicalCollation(collation);
  }
}
