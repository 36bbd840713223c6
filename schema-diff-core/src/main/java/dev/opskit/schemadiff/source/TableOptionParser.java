package dev.opskit.schemadiff.source;

import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Table;
import dev.opskit.schemadiff.sql.SqlExpressions;
import dev.opskit.schemadiff.sql.Token;
import dev.opskit.schemadiff.sql.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads table options: {@code NAME [=] value} pairs, commas optional, including the multi-word
 * names ({@code DEFAULT CHARSET}, {@code [DEFAULT] CHARACTER SET}, {@code DATA DIRECTORY}, ...),
 * {@code UNION = (a, b)} and MariaDB's {@code WITH SYSTEM VERSIONING}.
 */
final class TableOptionParser {
  /** The option under which {@code WITH SYSTEM VERSIONING} is kept. */
  static final String SYSTEM_VERSIONING = "WITH SYSTEM VERSIONING";

  private static final Set<String> KNOWN =
      Set.of(
          "AUTOEXTEND_SIZE",
          "AUTO_INCREMENT",
          "AVG_ROW_LENGTH",
          "CHECKSUM",
          "TABLE_CHECKSUM",
          "COMMENT",
          "COMPRESSION",
          "CONNECTION",
          "DELAY_KEY_WRITE",
          "ENCRYPTION",
          "ENGINE",
          "TYPE",
          "ENGINE_ATTRIBUTE",
          "INSERT_METHOD",
          "KEY_BLOCK_SIZE",
          "MAX_ROWS",
          "MIN_ROWS",
          "PACK_KEYS",
          "PASSWORD",
          "ROW_FORMAT",
          "SECONDARY_ENGINE",
          "SECONDARY_ENGINE_ATTRIBUTE",
          "STATS_AUTO_RECALC",
          "STATS_PERSISTENT",
          "STATS_SAMPLE_PAGES",
          "PAGE_CHECKSUM",
          "PAGE_COMPRESSED",
          "PAGE_COMPRESSION_LEVEL",
          "ENCRYPTED",
          "ENCRYPTION_KEY_ID",
          "IETF_QUOTES",
          "SEQUENCE",
          "TRANSACTIONAL");

  private static final String EXPECTED =
      "a table option (ENGINE, DEFAULT CHARSET, COLLATE, COMMENT, ROW_FORMAT, AUTO_INCREMENT, ...),"
          + " PARTITION BY or the end of the statement";

  private final TokenCursor c;
  private final Flavor flavor;

  TableOptionParser(TokenCursor c, Flavor flavor) {
    this.c = c;
    this.flavor = flavor;
  }

  /** Reads options until PARTITION or the end of the statement. */
  void options(TableDraft table) {
    while (!c.atEnd() && !c.at("PARTITION")) {
      if (c.accept(",")) {
        continue;
      }
      Token t = c.peek();
      if (t.is("AS")
          || t.is("SELECT")
          || t.is("IGNORE")
          || t.is("REPLACE")
          || t.is("VALUES")
          || t.is("TABLE")
          || t.isSymbol("(")
          || (t.is("WITH") && !c.at("WITH", "SYSTEM"))) {
        throw TokenCursor.problem(
            t,
            "CREATE TABLE ... SELECT is not supported: its columns come from a query (found "
                + TokenCursor.describe(t)
                + ")");
      }
      option(table);
    }
  }

  private void option(TableDraft table) {
    if (c.accept("DEFAULT")) {
      if (c.accept("CHARACTER", "SET") || c.accept("CHARSET")) {
        put(table, Table.DEFAULT_CHARSET, value());
      } else if (c.accept("COLLATE")) {
        put(table, Table.COLLATE, value());
      } else if (c.at("ENCRYPTION")) {
        generic(table);
      } else {
        throw c.fail("CHARACTER SET, CHARSET or COLLATE");
      }
    } else if (c.accept("CHARACTER", "SET") || c.accept("CHARSET")) {
      put(table, Table.DEFAULT_CHARSET, value());
    } else if (c.accept("COLLATE")) {
      put(table, Table.COLLATE, value());
    } else if (c.accept("DATA", "DIRECTORY")) {
      table.options.put("DATA DIRECTORY", value());
    } else if (c.accept("INDEX", "DIRECTORY")) {
      table.options.put("INDEX DIRECTORY", value());
    } else if (c.accept("WITH", "SYSTEM", "VERSIONING")) {
      table.options.put(SYSTEM_VERSIONING, "YES");
    } else if (c.accept("UNION")) {
      c.accept("=");
      List<String> names = new ArrayList<>();
      for (String name : ConstraintClauses.nameList(c, "a table name")) {
        names.add(SqlExpressions.quoteName(name));
      }
      table.options.put("UNION", "(" + String.join(",", names) + ")");
    } else if (c.accept("TABLESPACE")) {
      table.options.put("TABLESPACE", value());
      if (c.accept("STORAGE")) {
        table.options.put("STORAGE", value());
      }
    } else {
      generic(table);
    }
  }

  private void generic(TableDraft table) {
    Token t = c.peek();
    boolean known = t.type() == TokenType.WORD && KNOWN.contains(t.upper());
    // MariaDB storage engines define options of their own (CONNECT's TABLE_TYPE, ...); SHOW
    // CREATE quotes their names. MySQL knows only its own options.
    boolean engineDefined =
        flavor.isMariaDb() && (t.type() == TokenType.QUOTED_NAME || c.peek(1).isSymbol("="));
    if (!known && !engineDefined) {
      throw c.fail(EXPECTED);
    }
    c.next();
    table.options.put(t.value(), value());
  }

  private static void put(TableDraft table, String option, String value) {
    if (value.equalsIgnoreCase("DEFAULT")) {
      table.options.remove(option);
    } else {
      table.options.put(option, value);
    }
  }

  private String value() {
    c.accept("=");
    Token t = c.peek();
    switch (t.type()) {
      case STRING:
        return c.string("an option value");
      case NUMBER:
      case WORD:
      case QUOTED_NAME:
      case HEX:
        c.next();
        return t.value();
      default:
        throw c.fail("an option value");
    }
  }
}
