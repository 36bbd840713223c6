package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.model.Column;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.GeneratedColumn;
import org.jspecify.annotations.Nullable;

/**
 * A column as read so far. Unlike {@link Column.Builder} it can be copied (for {@code CREATE TABLE
 * ... LIKE}), and it remembers the {@code BINARY} attribute, whose collation depends on the table's
 * charset, known only once the table options are read.
 */
final class ColumnDraft {
  String name;
  String type;
  @Nullable String charset;
  @Nullable String collation;
  boolean binary;
  boolean nullable = true;
  @Nullable String defaultValue;
  boolean autoIncrement;
  @Nullable String onUpdate;
  String comment = "";
  @Nullable GeneratedColumn generated;
  boolean invisible;
  @Nullable Integer srid;

  /** Attributes the model has no place for, by name (see UnmodeledAttribute). */
  final java.util.Map<String, String> unmodeled = new java.util.TreeMap<>();

  ColumnDraft(String name, String type) {
    this.name = name;
    this.type = type;
  }

  ColumnDraft copy() {
    ColumnDraft c = new ColumnDraft(name, type);
    c.charset = charset;
    c.collation = collation;
    c.unmodeled.putAll(unmodeled);
    c.binary = binary;
    c.nullable = nullable;
    c.defaultValue = defaultValue;
    c.autoIncrement = autoIncrement;
    c.onUpdate = onUpdate;
    c.comment = comment;
    c.generated = generated;
    c.invisible = invisible;
    c.srid = srid;
    return c;
  }

  /**
   * Returns a model builder, resolving {@code BINARY} to the {@code _bin} collation of the column's
   * charset or else the table's, and a charset declared without collation to the charset's default
   * collation (not the table's), as the server does.
   */
  Column.Builder toBuilder(String tableCharset, Flavor flavor) {
    String resolvedCollation = collation;
    if (binary && resolvedCollation == null) {
      resolvedCollation = (charset != null ? charset : tableCharset) + "_bin";
    } else if (charset != null && resolvedCollation == null) {
      resolvedCollation = flavor.defaultCollation(charset);
    }
    return Column.builder(name, type)
        .charset(charset)
        .collation(resolvedCollation)
        // The server makes an AUTO_INCREMENT column NOT NULL whatever it says.
        .nullable(nullable && !autoIncrement)
        .defaultValue(defaultValue)
        .autoIncrement(autoIncrement)
        .onUpdate(onUpdate)
        .comment(comment)
        .generated(generated)
        .invisible(invisible)
        .srid(srid);
  }
}
