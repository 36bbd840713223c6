/**
 * MySQL SQL text: a lexer that understands quoting, comments and version comments, and the
 * canonical form of expressions and statement bodies that the model compares.
 *
 * <p>Uses only {@code java.*}; the model and the sources both build on it.
 *
 * @see dev.opskit.schemadiff.internal.sql.SqlLexer
 * @see dev.opskit.schemadiff.internal.sql.SqlExpressions
 */
@NullMarked
package dev.opskit.schemadiff.internal.sql;

import org.jspecify.annotations.NullMarked;
