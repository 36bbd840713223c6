package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.internal.sql.TokenType;
import dev.opskit.schemadiff.model.Event;
import dev.opskit.schemadiff.model.Trigger;
import dev.opskit.schemadiff.model.UnmodeledAttribute;
import dev.opskit.schemadiff.model.UnmodeledAttribute.Owner;
import dev.opskit.schemadiff.model.UnmodeledAttribute.PartKind;
import dev.opskit.schemadiff.model.View;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads views, triggers and events, and the parts of CREATE statements stored objects share
 * (definers, names, bodies). Bodies are kept as canonical token text, so spacing, comments, keyword
 * case and the schema's own qualifier do not matter.
 */
final class StoredObjectParser {
  private final TokenCursor c;
  private final SchemaDraft schema;

  StoredObjectParser(TokenCursor c, SchemaDraft schema) {
    this.c = c;
    this.schema = schema;
  }

  /** Reads {@code DEFINER = user}, from after the {@code =}; CURRENT_USER gives null. */
  @Nullable String definer() {
    if (c.accept("CURRENT_USER")) {
      if (c.accept("(")) {
        c.expect(")");
      }
      return null;
    }
    Token user = c.peek();
    if (!user.isName() && user.type() != TokenType.STRING) {
      throw c.fail("a user such as `root`@`localhost` or CURRENT_USER");
    }
    c.next();
    Token host = c.peek();
    if (host.type() != TokenType.VARIABLE || !host.text().startsWith("@")) {
      return user.value();
    }
    c.next();
    String hostText = host.text().substring(1);
    if (hostText.isEmpty()) {
      Token next = c.next();
      hostText = next.type() == TokenType.SYMBOL ? next.text() : next.value();
    } else {
      hostText = unquote(hostText);
    }
    return user.value() + "@" + hostText;
  }

  private static String unquote(String text) {
    char first = text.charAt(0);
    if ((first == '`' || first == '\'' || first == '"')
        && text.length() > 1
        && text.charAt(text.length() - 1) == first) {
      String q = String.valueOf(first);
      return text.substring(1, text.length() - 1).replace(q + q, q);
    }
    return text;
  }

  /** Reads the rest of a CREATE VIEW statement, from the VIEW keyword. */
  void view(Prefix prefix) {
    c.expect("VIEW");
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    Token nameToken = c.peek();
    String name = objectName("a view name");
    List<String> columnList = null;
    if (c.at("(")) {
      // The column list renames the query's columns; the model keeps only the query.
      columnList = ConstraintClauses.nameList(c, "a column name");
    }
    c.expect("AS");
    int from = c.position();
    int to = endIndex();
    String checkOption = "NONE";
    if (to - from >= 3 && c.token(to - 1).is("OPTION") && c.token(to - 2).is("CHECK")) {
      Token before = c.token(to - 3);
      if (before.is("WITH")) {
        checkOption = "CASCADED";
        to -= 3;
      } else if ((before.is("CASCADED") || before.is("LOCAL")) && c.token(to - 4).is("WITH")) {
        checkOption = before.upper();
        to -= 4;
      }
    }
    if (to <= from) {
      throw c.fail("the view's query");
    }
    boolean exists = schema.views.containsKey(name) || schema.tables.containsKey(name);
    if (exists && !prefix.orReplace() && !ifNotExists) {
      throw TokenCursor.problem(
          nameToken, "view `" + name + "` is created twice (DROP it first or use OR REPLACE)");
    }
    if (exists && ifNotExists && !prefix.orReplace()) {
      return;
    }
    View view =
        new View(
            name,
            SqlExpressions.canonicalBody(c.text(from, to), schema.name),
            prefix.algorithm() == null ? "UNDEFINED" : prefix.algorithm(),
            prefix.security() == null ? "DEFINER" : prefix.security(),
            checkOption,
            prefix.definer());
    schema.tables.remove(name);
    schema.views.put(name, view);
    schema.objectUnmodeled.remove(SchemaDraft.objectKey(Owner.VIEW, name));
    if (columnList != null) {
      schema.objectUnmodeled.put(
          SchemaDraft.objectKey(Owner.VIEW, name),
          new UnmodeledAttribute(
              Owner.VIEW,
              name,
              PartKind.OBJECT,
              "",
              "COLUMN LIST",
              columnList.stream()
                  .map(SqlExpressions::quoteName)
                  .collect(Collectors.joining(", ", "(", ")"))));
    }
  }

  /** Reads the rest of a CREATE TRIGGER statement, from the TRIGGER keyword. */
  void trigger(Prefix prefix) {
    c.expect("TRIGGER");
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    Token nameToken = c.peek();
    String name = objectName("a trigger name");
    Token timing = c.peek();
    if (!c.accept("BEFORE") && !c.accept("AFTER")) {
      throw c.fail("BEFORE or AFTER");
    }
    Token event = c.peek();
    if (!c.accept("INSERT") && !c.accept("UPDATE") && !c.accept("DELETE")) {
      throw c.fail("INSERT, UPDATE or DELETE");
    }
    c.expect("ON");
    String table = objectName("a table name");
    c.expect("FOR", "EACH", "ROW");
    String[] anchor = null;
    if (c.at("FOLLOWS") || c.at("PRECEDES")) {
      // Where it runs among the triggers of its event: SchemaDraft turns it into a position.
      String clause = c.next().upper();
      anchor = new String[] {clause, objectName("a trigger name")};
    }
    String body = body("the trigger body");
    if (!claim(
        schema.triggers,
        SchemaDraft.key(name),
        nameToken,
        "trigger `" + name + "`",
        prefix,
        ifNotExists)) {
      return;
    }
    schema.triggers.put(
        SchemaDraft.key(name),
        new Trigger(name, table, timing.upper(), event.upper(), body, prefix.definer()));
    if (anchor != null) {
      schema.triggerAnchors.put(SchemaDraft.key(name), anchor);
    } else {
      schema.triggerAnchors.remove(SchemaDraft.key(name));
    }
  }

  /** Reads the rest of a CREATE EVENT statement, from the EVENT keyword. */
  void event(Prefix prefix) {
    c.expect("EVENT");
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    Token nameToken = c.peek();
    String name = objectName("an event name");
    c.expect("ON", "SCHEDULE");
    int from = c.position();
    while (!c.atEnd()
        && !c.at("ON", "COMPLETION")
        && !c.at("ENABLE")
        && !c.at("DISABLE")
        && !c.at("COMMENT")
        && !c.at("DO")) {
      if (c.at("(")) {
        c.skipParenthesized();
      } else {
        c.next();
      }
    }
    if (c.position() == from) {
      throw c.fail("a schedule (AT ... or EVERY ...)");
    }
    String schedule = SqlExpressions.canonicalBody(c.text(from, c.position()), "");
    boolean preserve = false;
    String status = "ENABLED";
    String comment = "";
    while (!c.at("DO")) {
      if (c.accept("ON", "COMPLETION", "NOT", "PRESERVE")) {
        preserve = false;
      } else if (c.accept("ON", "COMPLETION", "PRESERVE")) {
        preserve = true;
      } else if (c.accept("ENABLE")) {
        status = "ENABLED";
      } else if (c.accept("DISABLE", "ON", "SLAVE") || c.accept("DISABLE", "ON", "REPLICA")) {
        status = "SLAVESIDE_DISABLED";
      } else if (c.accept("DISABLE")) {
        status = "DISABLED";
      } else if (c.accept("COMMENT")) {
        comment = c.string("a comment string");
      } else {
        throw c.fail("ON COMPLETION, ENABLE, DISABLE, COMMENT or DO");
      }
    }
    c.expect("DO");
    String body = body("the event body");
    if (!claim(
        schema.events,
        SchemaDraft.key(name),
        nameToken,
        "event `" + name + "`",
        prefix,
        ifNotExists)) {
      return;
    }
    schema.events.put(
        SchemaDraft.key(name),
        new Event(name, schedule, preserve, status, comment, body, prefix.definer()));
  }

  /** Reads DEFINER or INVOKER after SQL SECURITY. */
  String securityType() {
    if (c.at("DEFINER") || c.at("INVOKER")) {
      return c.next().upper();
    }
    throw c.fail("DEFINER or INVOKER");
  }

  /** Reads a name, dropping a qualifier (which must name the schema being read, if known). */
  String objectName(String expected) {
    Token at = c.peek();
    TokenCursor.QualifiedName name = c.qualifiedName(expected);
    if (name.qualifier() != null
        && !schema.name.isEmpty()
        && !name.qualifier().equals(schema.name)) {
      throw TokenCursor.problem(
          at, "`" + name.qualifier() + "`.`" + name.name() + "` is in another schema");
    }
    return name.name();
  }

  /** Reads the rest of the statement as canonical body text. */
  String body(String expected) {
    if (c.atEnd()) {
      throw c.fail(expected);
    }
    String body = SqlExpressions.canonicalBody(c.text(c.position(), endIndex()), schema.name);
    c.reset(endIndex());
    return body;
  }

  private int endIndex() {
    int saved = c.position();
    while (!c.atEnd()) {
      c.next();
    }
    int end = c.position();
    c.reset(saved);
    return end;
  }

  /**
   * Returns whether a new object may take a name: fails on a duplicate without OR REPLACE or IF NOT
   * EXISTS, and returns false when IF NOT EXISTS keeps the existing one.
   */
  static boolean claim(
      Map<String, ?> objects,
      String key,
      Token nameToken,
      String what,
      Prefix prefix,
      boolean ifNotExists) {
    if (!objects.containsKey(key) || prefix.orReplace()) {
      return true;
    }
    if (ifNotExists) {
      return false;
    }
    throw TokenCursor.problem(
        nameToken, what + " is created twice (DROP it first or use OR REPLACE)");
  }

  /** What may precede the object keyword of a CREATE statement. */
  record Prefix(
      boolean orReplace,
      @Nullable String algorithm,
      @Nullable String definer,
      @Nullable String security) {}
}
