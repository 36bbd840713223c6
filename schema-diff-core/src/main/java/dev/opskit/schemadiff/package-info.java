/**
 * Compares two MySQL or MariaDB schemas, live over JDBC, from {@code mysqldump --no-data} files or
 * from DDL text, and reports the differences as structured changes, a unified diff and JSON.
 *
 * <p>Replaces {@code mysqldiff} run in CI to catch schema drift between environments.
 *
 * @see dev.opskit.schemadiff.SchemaComparator
 * @see dev.opskit.schemadiff.SchemaSource
 */
@NullMarked
package dev.opskit.schemadiff;

import org.jspecify.annotations.NullMarked;
