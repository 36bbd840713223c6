package dev.opskit.schemadiff.internal.migrate;

import static dev.opskit.schemadiff.internal.sql.SqlExpressions.quoteName;

import dev.opskit.schemadiff.internal.render.DdlRenderer;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.Table;
import java.util.regex.Pattern;

/**
 * Where the target server's SQL differs from what {@link DdlRenderer} prints: MariaDB writes an
 * invisible index as {@code IGNORED}, accepts no {@code NULL} after a generated column, and drops a
 * CHECK with {@code DROP CONSTRAINT}.
 */
final class Dialect {
  private static final Pattern INVISIBLE_KEY =
      Pattern.compile("(?m)^(  (?:UNIQUE |FULLTEXT |SPATIAL )?KEY .*) INVISIBLE(,?)$");
  private static final Pattern GENERATED_NULL = Pattern.compile("( VIRTUAL| STORED) NULL\\b");

  private final Flavor flavor;

  Dialect(Flavor flavor) {
    this.flavor = flavor;
  }

  boolean isMariaDb() {
    return flavor.isMariaDb();
  }

  Flavor flavor() {
    return flavor;
  }

  /** A column definition with its charset and collation always named. */
  String column(Column column) {
    String sql = DdlRenderer.column(column, null, null);
    return flavor.isMariaDb() ? GENERATED_NULL.matcher(sql).replaceAll("$1") : sql;
  }

  /** An index definition as it follows {@code ADD}. */
  String index(Index index) {
    String sql = DdlRenderer.index(index).replace("\n", " ");
    if (!index.visible() && flavor.isMariaDb() && sql.endsWith(" INVISIBLE")) {
      return sql.substring(0, sql.length() - " INVISIBLE".length()) + " IGNORED";
    }
    return sql;
  }

  String createTable(Table table) {
    String sql = DdlRenderer.createTable(table);
    if (flavor.isMariaDb()) {
      sql = INVISIBLE_KEY.matcher(sql).replaceAll("$1 IGNORED$2");
      sql = GENERATED_NULL.matcher(sql).replaceAll("$1");
    }
    return sql;
  }

  String dropCheck(String name) {
    return (flavor.isMariaDb() ? "DROP CONSTRAINT " : "DROP CHECK ") + quoteName(name);
  }

  String indexVisibility(Index index) {
    String state =
        flavor.isMariaDb()
            ? (index.visible() ? "NOT IGNORED" : "IGNORED")
            : (index.visible() ? "VISIBLE" : "INVISIBLE");
    return "ALTER INDEX " + quoteName(index.name()) + " " + state;
  }
}
