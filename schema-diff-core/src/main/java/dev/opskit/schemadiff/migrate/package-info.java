/**
 * Migration planning: turns the differences between two schemas into the ordered {@code ALTER},
 * {@code CREATE} and {@code DROP} statements that make the first equal to the second, each
 * classified safe or unsafe.
 *
 * <p>Statements are ordered so a real server accepts them: foreign keys are dropped before the
 * columns and indexes they need and added after every table exists, new tables are created in
 * dependency order, views after the tables and views they read, and partition operations and extra
 * FULLTEXT indexes get ALTER statements of their own.
 *
 * @see dev.opskit.schemadiff.SchemaDiff#migration
 */
@NullMarked
package dev.opskit.schemadiff.migrate;

import org.jspecify.annotations.NullMarked;
