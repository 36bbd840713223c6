package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.model.CheckConstraint;
import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.ForeignKey;
import dev.opskit.schemadiff.model.Index;
import dev.opskit.schemadiff.model.IndexKind;
import dev.opskit.schemadiff.model.IndexPart;
import dev.opskit.schemadiff.model.ReferenceAction;
import dev.opskit.schemadiff.model.Schema;
import dev.opskit.schemadiff.model.Table;
import java.util.Arrays;
import java.util.List;

/** Short spellings of model builders for expected values in tests. */
final class Models {
  static final Flavor MYSQL = Flavor.MYSQL_8_0;
  static final Flavor MARIADB = Flavor.MARIADB_10_11;

  private Models() {}

  static Table.Builder table(String name, Flavor flavor) {
    return Table.builder(name).flavor(flavor);
  }

  static Column.Builder col(String name, String type) {
    return Column.builder(name, type);
  }

  static Column.Builder notNull(String name, String type) {
    return Column.builder(name, type).nullable(false);
  }

  static List<IndexPart> parts(String... columns) {
    return Arrays.stream(columns).map(IndexPart::of).toList();
  }

  static Index primary(String... columns) {
    return Index.of("PRIMARY", IndexKind.PRIMARY, parts(columns));
  }

  static Index unique(String name, String... columns) {
    return Index.of(name, IndexKind.UNIQUE, parts(columns));
  }

  static Index key(String name, String... columns) {
    return Index.of(name, IndexKind.INDEX, parts(columns));
  }

  static ForeignKey fk(String name, String column, String table, String referenced) {
    return new ForeignKey(
        name,
        List.of(column),
        null,
        table,
        List.of(referenced),
        ReferenceAction.RESTRICT,
        ReferenceAction.RESTRICT);
  }

  static CheckConstraint check(String name, String expression) {
    return new CheckConstraint(name, expression, true);
  }

  /** Parses DDL and returns the one table it defines under a name. */
  static Table parseTable(String ddl, Flavor flavor, String name) {
    Schema schema = DdlParser.parse(ddl, flavor);
    return schema.table(name).orElseThrow(() -> new AssertionError("no table " + name));
  }
}
