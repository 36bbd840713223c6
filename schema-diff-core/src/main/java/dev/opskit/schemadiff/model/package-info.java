/**
 * The schema object model: immutable, normalized values for a MySQL or MariaDB schema, its tables
 * (columns, indexes, foreign keys, checks, options, partitioning), views, triggers, routines and
 * events.
 *
 * <p>Every value is normalized when it is built, so two schemas that the server treats as the same
 * compare equal whichever source they came from: a live server, a {@code mysqldump} file or DDL
 * text. Types are canonical ({@code int} without display width, {@code decimal(10,0)}), defaults
 * are canonical SQL ({@code 0}, {@code 'x'}, {@code current_timestamp()}), expressions are
 * canonical text (see {@link dev.opskit.schemadiff.internal.sql.SqlExpressions}), and charsets and
 * collations are resolved. This package uses only {@code java.*} and the expression canonicalizer
 * of {@link dev.opskit.schemadiff.internal.sql}.
 *
 * @see dev.opskit.schemadiff.model.Schema
 */
@NullMarked
package dev.opskit.schemadiff.model;

import org.jspecify.annotations.NullMarked;
