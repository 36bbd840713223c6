package dev.opskit.schemadiff;

import dev.opskit.schemadiff.internal.source.DdlParser;
import dev.opskit.schemadiff.internal.sql.SqlSyntaxException;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.util.Optional;

/** A schema read from DDL text, without a server. */
final class DdlSchemaSource implements SchemaSource {
  private final String ddl;
  private final String name;

  DdlSchemaSource(String ddl, String name) {
    this.ddl = ddl;
    this.name = name;
  }

  @Override
  public Schema load(Flavor assumedFlavor) {
    try {
      return DdlParser.parse(ddl, flavor().orElse(assumedFlavor));
    } catch (SqlSyntaxException e) {
      throw new DdlParseException(name, e.line(), e.column(), e.problem(), e);
    }
  }

  @Override
  public Optional<Flavor> flavor() {
    return DdlParser.detectFlavor(ddl);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "SchemaSource.ddl(" + ddl.length() + " characters)";
  }
}
