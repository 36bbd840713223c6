package dev.opskit.schemadiff.model;

import dev.opskit.schemadiff.internal.model.Charsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A table column with every attribute the server keeps, normalized.
 *
 * @param name the column name
 * @param type the canonical type, such as {@code int unsigned}, {@code varchar(255)}, {@code
 *     decimal(10,2)} or {@code enum('a','b')}
 * @param charset the character set of a text column, resolved from the table when not declared;
 *     null for other types
 * @param collation the collation of a text column, resolved like the charset; null for other types
 * @param nullable whether the column accepts NULL
 * @param defaultValue the canonical default as SQL ({@code NULL}, {@code 0}, {@code 'x'}, {@code
 *     current_timestamp()}, {@code (expression)}), or null when the column has none
 * @param autoIncrement whether the column is {@code AUTO_INCREMENT}
 * @param onUpdate the {@code ON UPDATE} expression, canonical, or null
 * @param comment the comment, empty when none
 * @param generated how a generated column computes its value, or null for a stored value
 * @param invisible whether the column is {@code INVISIBLE}
 * @param srid the spatial reference system of a spatial column, or null
 */
public record Column(
    String name,
    String type,
    @Nullable String charset,
    @Nullable String collation,
    boolean nullable,
    @Nullable String defaultValue,
    boolean autoIncrement,
    @Nullable String onUpdate,
    String comment,
    @Nullable GeneratedColumn generated,
    boolean invisible,
    @Nullable Integer srid) {

  /** Normalizes the type, charset, collation and default. */
  public Column {
    Objects.requireNonNull(name, "name");
    type = ColumnTypes.canonical(Objects.requireNonNull(type, "type"));
    Objects.requireNonNull(comment, "comment");
    if (ColumnTypes.isText(type)) {
      if (collation != null) {
        collation = Charsets.canonicalCollation(collation);
        charset = charset == null ? Charsets.charsetOf(collation) : charset;
      }
      charset = charset == null ? null : Charsets.canonicalCharset(charset);
    } else {
      charset = null;
      collation = null;
    }
    if (generated != null || autoIncrement) {
      defaultValue = null;
    } else {
      defaultValue = ColumnDefaults.canonical(defaultValue, type);
      if (defaultValue == null && nullable) {
        // A nullable column without a default defaults to NULL; SHOW CREATE says so too.
        defaultValue = "NULL";
      }
      if ("NULL".equals(defaultValue) && !nullable) {
        defaultValue = null;
      }
    }
    if (onUpdate != null) {
      onUpdate = ColumnDefaults.canonical(onUpdate, type);
    }
  }

  /**
   * Starts a column with a name and a type.
   *
   * @param name the column name
   * @param type the type as written, such as {@code INT(11) UNSIGNED}
   * @return a builder for a nullable column without further attributes
   */
  public static Builder builder(String name, String type) {
    return new Builder(name, type);
  }

  /**
   * Returns a builder holding this column's attributes.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(name, type);
    b.charset = charset;
    b.collation = collation;
    b.nullable = nullable;
    b.defaultValue = defaultValue;
    b.autoIncrement = autoIncrement;
    b.onUpdate = onUpdate;
    b.comment = comment;
    b.generated = generated;
    b.invisible = invisible;
    b.srid = srid;
    return b;
  }

  /**
   * Returns whether the column holds characters and so has a charset and collation.
   *
   * @return true for char, varchar, text, enum and set columns
   */
  public boolean isText() {
    return ColumnTypes.isText(type);
  }

  /** Builds a {@link Column}. */
  public static final class Builder {
    private String name;
    private String type;
    private @Nullable String charset;
    private @Nullable String collation;
    private boolean nullable = true;
    private @Nullable String defaultValue;
    private boolean autoIncrement;
    private @Nullable String onUpdate;
    private String comment = "";
    private @Nullable GeneratedColumn generated;
    private boolean invisible;
    private @Nullable Integer srid;

    private Builder(String name, String type) {
      this.name = Objects.requireNonNull(name, "name");
      this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * Sets the name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the type.
     *
     * @param type the type as written
     * @return this builder
     */
    public Builder type(String type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * Sets the character set.
     *
     * @param charset the charset, or null to inherit the table's
     * @return this builder
     */
    public Builder charset(@Nullable String charset) {
      this.charset = charset;
      return this;
    }

    /**
     * Sets the collation.
     *
     * @param collation the collation, or null to inherit
     * @return this builder
     */
    public Builder collation(@Nullable String collation) {
      this.collation = collation;
      return this;
    }

    /**
     * Sets whether the column accepts NULL (default true).
     *
     * @param nullable whether it accepts NULL
     * @return this builder
     */
    public Builder nullable(boolean nullable) {
      this.nullable = nullable;
      return this;
    }

    /**
     * Sets the default as SQL text, such as {@code 'x'}, {@code 0} or {@code CURRENT_TIMESTAMP}.
     *
     * @param defaultValue the default, or null for none
     * @return this builder
     */
    public Builder defaultValue(@Nullable String defaultValue) {
      this.defaultValue = defaultValue;
      return this;
    }

    /**
     * Sets whether the column is {@code AUTO_INCREMENT}.
     *
     * @param autoIncrement whether it is
     * @return this builder
     */
    public Builder autoIncrement(boolean autoIncrement) {
      this.autoIncrement = autoIncrement;
      return this;
    }

    /**
     * Sets the {@code ON UPDATE} expression.
     *
     * @param onUpdate the expression, or null
     * @return this builder
     */
    public Builder onUpdate(@Nullable String onUpdate) {
      this.onUpdate = onUpdate;
      return this;
    }

    /**
     * Sets the comment.
     *
     * @param comment the comment, empty for none
     * @return this builder
     */
    public Builder comment(String comment) {
      this.comment = Objects.requireNonNull(comment, "comment");
      return this;
    }

    /**
     * Makes the column generated.
     *
     * @param generated the expression and storage, or null for a stored value
     * @return this builder
     */
    public Builder generated(@Nullable GeneratedColumn generated) {
      this.generated = generated;
      return this;
    }

    /**
     * Sets whether the column is invisible.
     *
     * @param invisible whether it is
     * @return this builder
     */
    public Builder invisible(boolean invisible) {
      this.invisible = invisible;
      return this;
    }

    /**
     * Sets the spatial reference system.
     *
     * @param srid the SRID, or null
     * @return this builder
     */
    public Builder srid(@Nullable Integer srid) {
      this.srid = srid;
      return this;
    }

    /**
     * Returns the charset set so far.
     *
     * @return the charset, or null
     */
    public @Nullable String charset() {
      return charset;
    }

    /**
     * Returns the collation set so far.
     *
     * @return the collation, or null
     */
    public @Nullable String collation() {
      return collation;
    }

    /**
     * Builds the column.
     *
     * @return the normalized column
     */
    public Column build() {
      return new Column(
          name,
          type,
          charset,
          collation,
          nullable,
          defaultValue,
          autoIncrement,
          onUpdate,
          comment,
          generated,
          invisible,
          srid);
    }
  }
}
