/**
 * Reads a live MySQL or MariaDB schema over JDBC into the model, with a fixed number of bulk {@code
 * information_schema} queries per schema whatever its size; and many schemas of a fleet at once,
 * their tables from {@code SHOW CREATE TABLE} texts each parsed and checked once ({@link
 * dev.opskit.schemadiff.internal.source.jdbc.FleetSchemaReader}).
 *
 * @see dev.opskit.schemadiff.internal.source.jdbc.JdbcSchemaReader
 */
@NullMarked
package dev.opskit.schemadiff.internal.source.jdbc;

import org.jspecify.annotations.NullMarked;
