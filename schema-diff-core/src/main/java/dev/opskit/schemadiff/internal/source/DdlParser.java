package dev.opskit.schemadiff.internal.source;

import dev.opskit.schemadiff.internal.sql.SqlSyntaxException;
import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads DDL text, or the output of {@code mysqldump --no-data}, into a normalized {@link Schema}.
 *
 * <pre>{@code
 * String dump = Files.readString(Path.of("prod.sql"));
 * Flavor flavor = DdlParser.detectFlavor(dump).orElse(Flavor.MYSQL_8_0);
 * Schema schema = DdlParser.parse(dump, flavor);
 * }</pre>
 *
 * <p>It understands what MySQL 8 and MariaDB 10.6+ accept in {@code CREATE TABLE} (columns,
 * indexes, foreign keys, checks, options, partitioning), {@code ALTER TABLE ... ADD}, {@code CREATE
 * INDEX}, views, triggers, stored procedures and functions, events, {@code DROP} of each, {@code
 * USE}, {@code CREATE DATABASE} and {@code DELIMITER} lines. It applies what the server does
 * implicitly, for the given flavor: names of unnamed indexes, foreign keys and checks, and the
 * index InnoDB adds for a foreign key. Statements that cannot change the schema ({@code SET},
 * {@code INSERT}, {@code LOCK TABLES}, ...) are skipped; any other statement it does not understand
 * is rejected, never skipped.
 *
 * <p>Whatever the input, it returns a schema or throws a {@link SqlSyntaxException} at a line and
 * column: a statement is judged by its first word before it is tokenized; a statement read may be
 * 16 MiB and 500,000 tokens long, an expression may nest 256 levels, a table may have 4,096 columns
 * and 64 indexes, and names may not hold control characters.
 */
public final class DdlParser {
  private static final Pattern SERVER_VERSION =
      Pattern.compile("^-- Server version[ \\t]+(\\S.*?)\\s*$", Pattern.MULTILINE);

  /** How far into a dump its header may reach. */
  private static final int HEADER_LENGTH = 4096;

  private DdlParser() {}

  /**
   * Reads a script into a schema.
   *
   * @param sqlText DDL statements or mysqldump output
   * @param flavor the server whose defaults and naming rules apply
   * @return the schema; its name is empty unless {@code USE} or {@code CREATE DATABASE} names it,
   *     and its default charset and collation are empty unless {@code CREATE DATABASE} sets them
   * @throws SqlSyntaxException with the 1-based line and column in {@code sqlText} where a
   *     statement cannot be read or is not supported
   */
  public static Schema parse(String sqlText, Flavor flavor) {
    Objects.requireNonNull(sqlText, "sqlText");
    Objects.requireNonNull(flavor, "flavor");
    return new ScriptReader(sqlText, flavor).read();
  }

  /**
   * Returns the server flavor a mysqldump or mariadb-dump header names, such as {@code -- Server
   * version 10.11.19-MariaDB-0+deb12u1}.
   *
   * @param sqlText the dump, or its beginning
   * @return the flavor, or empty when the text has no such header
   */
  public static Optional<Flavor> detectFlavor(String sqlText) {
    Objects.requireNonNull(sqlText, "sqlText");
    String header = sqlText.substring(0, Math.min(sqlText.length(), HEADER_LENGTH));
    Matcher m = SERVER_VERSION.matcher(header);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Flavor.parse(m.group(1)));
    } catch (IllegalArgumentException notAVersion) {
      return Optional.empty();
    }
  }
}
