/**
 * Examples of {@code schema-diff-core}: comparing two {@code mysqldump --no-data} files offline and
 * two live databases, as a CI drift check would.
 *
 * @see dev.opskit.examples.schemadiff.SchemaDiffExample
 */
@NullMarked
package dev.opskit.examples.schemadiff;

import org.jspecify.annotations.NullMarked;
