package dev.opskit.schemadiff;

import dev.opskit.schemadiff.internal.sql.SqlExpressions;

/**
 * Thrown when a live schema holds a name with a control character (U+0000 to U+001F, U+007F to
 * U+009F) or a line or paragraph separator. The server accepts such names in backticks, but a
 * script or report that shows one can end a comment line and run what follows it, so they are
 * refused rather than read. The message shows the name with the character escaped.
 */
public final class UnsupportedNameException extends SchemaDiffException {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String table;
  private final String name;
  private final int codePoint;

  /**
   * Creates the exception.
   *
   * @param kind what the name belongs to: {@code table}, {@code column}, {@code index}, {@code
   *     view}, ...
   * @param table the table holding the object, or an empty string for a table or another
   *     schema-level object
   * @param name the name as the server holds it
   * @param codePoint the first control character in it
   */
  public UnsupportedNameException(String kind, String table, String name, int codePoint) {
    super(
        kind
            + " `"
            + SqlExpressions.commentText(name)
            + "`"
            + (table.isEmpty() ? "" : " of table `" + SqlExpressions.commentText(table) + "`")
            + String.format(
                " holds the control character U+%04X; names with control characters are not"
                    + " supported, since a script that shows one in a comment can run what follows"
                    + " it: rename it on the server",
                codePoint));
    this.kind = kind;
    this.table = table;
    this.name = name;
    this.codePoint = codePoint;
  }

  /**
   * Returns what the name belongs to.
   *
   * @return {@code table}, {@code column}, {@code index}, {@code foreign key}, {@code check},
   *     {@code partition}, {@code view}, {@code trigger}, {@code routine}, {@code event} or {@code
   *     schema}
   */
  public String kind() {
    return kind;
  }

  /**
   * Returns the table holding the object.
   *
   * @return the table's name, or an empty string for a schema-level object
   */
  public String table() {
    return table;
  }

  /**
   * Returns the name as the server holds it.
   *
   * @return the name, control character included
   */
  public String name() {
    return name;
  }

  /**
   * Returns the first control character in the name.
   *
   * @return its code point
   */
  public int codePoint() {
    return codePoint;
  }
}
