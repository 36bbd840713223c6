/**
 * Schema sources: reading a schema from DDL text and {@code mysqldump --no-data} files.
 *
 * <p>{@link dev.opskit.schemadiff.internal.source.DdlParser} reads the statements a dump or a
 * hand-written script holds into a normalized {@link dev.opskit.schemadiff.model.Schema}, applying
 * what the server does implicitly (default index, foreign key and check names, the index InnoDB
 * adds for a foreign key). Statements that could change the schema but are not understood are
 * rejected with their line and column, never skipped.
 *
 * @see dev.opskit.schemadiff.internal.source.DdlParser
 */
@NullMarked
package dev.opskit.schemadiff.internal.source;

import org.jspecify.annotations.NullMarked;
