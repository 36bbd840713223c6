/**
 * Reads a live MySQL or MariaDB schema over JDBC into the model, with a fixed number of bulk {@code
 * information_schema} queries per schema whatever its size.
 *
 * @see dev.opskit.schemadiff.internal.source.jdbc.JdbcSchemaReader
 */
@NullMarked
package dev.opskit.schemadiff.internal.source.jdbc;

import org.jspecify.annotations.NullMarked;
