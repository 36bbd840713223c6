package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;
import dev.opskit.schemadiff.internal.sql.Token;
import dev.opskit.schemadiff.internal.sql.TokenType;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /**
   * The options MariaDB 10.11 itself takes for a table of any engine (besides charset, collation,
   * directories, UNION, TABLESPACE and system versioning, read apart); MySQL's AUTOEXTEND_SIZE,
   * COMPRESSION, ENCRYPTION, ENGINE_ATTRIBUTE and SECONDARY_ENGINE are unknown options there.
   */
  private static final Set<String> MARIADB_SERVER_OPTIONS =
      Set.of(
          "AUTO_INCREMENT",
          "AVG_ROW_LENGTH",
          "CHECKSUM",
          "TABLE_CHECKSUM",
          "COMMENT",
          "CONNECTION",
          "DELAY_KEY_WRITE",
          "ENGINE",
          "INSERT_METHOD",
          "KEY_BLOCK_SIZE",
          "MAX_ROWS",
          "MIN_ROWS",
          "PACK_KEYS",
          "PASSWORD",
          "ROW_FORMAT",
          "STATS_AUTO_RECALC",
          "STATS_PERSISTENT",
          "STATS_SAMPLE_PAGES",
          "PAGE_CHECKSUM",
          "SEQUENCE");

  /**
   * Options the storage engines bundled with MariaDB 10.11 define, by engine, as a live MariaDB
   * 10.11 takes them; any other option on a table of these engines is refused by the server ({@code
   * ERROR 1911 Unknown option}) unless {@code IGNORE_BAD_TABLE_OPTIONS} is set.
   */
  private static final Map<String, Set<String>> MARIADB_ENGINE_OPTIONS =
      Map.of(
          "INNODB",
          Set.of(
              "PAGE_COMPRESSED",
              "PAGE_COMPRESSION_LEVEL",
              "ENCRYPTED",
              "ENCRYPTION_KEY_ID",
              "TRANSACTIONAL"),
          "ARIA",
          Set.of("TRANSACTIONAL"),
          "CSV",
          Set.of("IETF_QUOTES"),
          "MYISAM",
          Set.of(),
          "MEMORY",
          Set.of(),
          "HEAP",
          Set.of(),
          "ARCHIVE",
          Set.of(),
          "BLACKHOLE",
          Set.of(),
          "MRG_MYISAM",
          Set.of(),
          "MERGE",
          Set.of());

  private static final String EXPECTED =
      "a table option (ENGINE, DEFAULT CHARSET, COLLATE, COMMENT, ROW_FORMAT, AUTO_INCREMENT, ...),"
          + " PARTITION BY or the end of the statement";

  private final TokenCursor c;
  private final Flavor flavor;

  TableOptionParser(TokenCursor c, Flavor flavor) {
    this.c = c;
    this.flavor = flavor;
  }

  /** Engine-defined options read on MariaDB, checked against the engine once it is known. */
  private final List<Token> engineDefined = new ArrayList<>();

  /** Reads options until PARTITION or the end of the statement. */
  void options(TableDraft table) {
    optionList(table);
    if (flavor.isMariaDb()) {
      checkEngineOptions(table);
    }
  }

  private void optionList(TableDraft table) {
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
    if (flavor.isMariaDb()) {
      mariaDbOption(t);
    } else if (t.type() != TokenType.WORD || !KNOWN.contains(t.upper())) {
      throw c.fail(EXPECTED);
    }
    c.next();
    table.options.put(t.value(), value());
  }

  /**
   * Accepts an option MariaDB takes for any table, or one a storage engine may define (checked
   * against the engine at the end): a name followed by {@code =}, or quoted as SHOW CREATE quotes
   * an engine's own options.
   */
  private void mariaDbOption(Token t) {
    String upper = t.value().toUpperCase(java.util.Locale.ROOT);
    if (t.type() == TokenType.WORD && MARIADB_SERVER_OPTIONS.contains(upper)) {
      return;
    }
    if (!t.isName() || (t.type() == TokenType.WORD && !c.peek(1).isSymbol("="))) {
      throw c.fail(EXPECTED);
    }
    engineDefined.add(t);
  }

  /**
   * Fails on an engine-defined option the table's engine does not define, as MariaDB does when
   * IGNORE_BAD_TABLE_OPTIONS is not set. Engines not bundled with the server (CONNECT, Spider,
   * Mroonga, ...) define options this parser does not know, so theirs are taken as written.
   */
  private void checkEngineOptions(TableDraft table) {
    String engine = "InnoDB";
    for (Map.Entry<String, String> option : table.options.entrySet()) {
      if (option.getKey().equalsIgnoreCase("ENGINE") || option.getKey().equalsIgnoreCase("TYPE")) {
        engine = option.getValue();
      }
    }
    Set<String> defined = MARIADB_ENGINE_OPTIONS.get(engine.toUpperCase(java.util.Locale.ROOT));
    if (defined == null) {
      return;
    }
    for (Token option : engineDefined) {
      if (!defined.contains(option.value().toUpperCase(java.util.Locale.ROOT))) {
        throw TokenCursor.problem(
            option,
            "MariaDB has no table option "
                + TokenCursor.describe(option)
                + " for the "
                + engine
                + " engine"
                + (defined.isEmpty()
                    ? ""
                    : " (it defines " + String.join(", ", new java.util.TreeSet<>(defined)) + ")")
                + "; the server refuses it unless IGNORE_BAD_TABLE_OPTIONS is set: correct the"
                + " name or leave the option out");
      }
    }
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
