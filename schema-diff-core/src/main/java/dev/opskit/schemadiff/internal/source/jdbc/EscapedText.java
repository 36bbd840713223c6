package dev.opskit.schemadiff.internal.source.jdbc;

/**
 * MySQL 8's information_schema spelling of expressions.
 *
 * <p>MySQL prints an expression (a generated column, an expression default, a functional key part,
 * a CHECK clause) and then escapes the printed text once more as if it were the content of a string
 * literal: {@code json_extract(`v`,_utf8mb4\'$.a\')}, and a quote inside a literal becomes {@code
 * \\\'}. MariaDB returns the printed text as it is.
 */
final class EscapedText {
  private EscapedText() {}

  /**
   * Undoes one level of backslash escaping, as MySQL reads the content of a string literal.
   *
   * @param text the escaped text
   * @return the text the server printed before escaping it
   */
  static String unescape(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 == text.length()) {
        out.append(c);
        continue;
      }
      char next = text.charAt(++i);
      out.append(
          switch (next) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case '0' -> '\0';
            case 'Z' -> '\u001a';
            default -> next;
          });
    }
    return out.toString();
  }
}
