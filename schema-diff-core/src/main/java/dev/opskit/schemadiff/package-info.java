/**
 * Compares two MySQL or MariaDB schemas, live over JDBC or from {@code mysqldump --no-data} files,
 * and renders the differences as a unified diff and as migration SQL proven by applying it.
 *
 * <p>Replaces {@code mysqldiff} run in CI to catch schema drift between environments.
 */
@NullMarked
package dev.opskit.schemadiff;

import org.jspecify.annotations.NullMarked;
