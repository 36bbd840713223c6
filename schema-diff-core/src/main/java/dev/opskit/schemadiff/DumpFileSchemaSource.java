package dev.opskit.schemadiff;

import dev.opskit.schemadiff.internal.source.DdlParser;
import dev.opskit.schemadiff.internal.sql.SqlSyntaxException;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A schema read from a {@code mysqldump --no-data} file or a file of DDL statements. */
final class DumpFileSchemaSource implements SchemaSource {
  private final Path file;

  DumpFileSchemaSource(Path file) {
    this.file = file;
  }

  @Override
  public Schema load(Flavor assumedFlavor) {
    String text = read();
    try {
      return DdlParser.parse(text, DdlParser.detectFlavor(text).orElse(assumedFlavor));
    } catch (SqlSyntaxException e) {
      throw new DdlParseException(file.toString(), e.line(), e.column(), e.problem(), e);
    }
  }

  @Override
  public Optional<Flavor> flavor() {
    // The server version is in the dump's header; no need to read a large file twice.
    try (java.io.Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      char[] head = new char[8192];
      int length = reader.read(head);
      return DdlParser.detectFlavor(length < 0 ? "" : new String(head, 0, length));
    } catch (IOException e) {
      throw new SchemaReadException("cannot read dump file " + file + ": " + e, e);
    }
  }

  @Override
  public String name() {
    return file.getFileName().toString();
  }

  @Override
  public String toString() {
    return "SchemaSource.dumpFile(" + file + ")";
  }

  private String read() {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SchemaReadException("cannot read dump file " + file + ": " + e, e);
    }
  }
}
