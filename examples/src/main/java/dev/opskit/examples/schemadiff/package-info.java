/**
 * Examples and harnesses of {@code schema-diff-core}: comparing two {@code mysqldump --no-data}
 * files offline and two live databases, as a CI drift check would, and the benchmarks that measure
 * the comparator against the server's own floor, skeema and Liquibase.
 *
 * @see dev.opskit.examples.schemadiff.SchemaDiffExample
 * @see dev.opskit.examples.schemadiff.SchemaDiffBenchmark
 * @see dev.opskit.examples.schemadiff.LargeDumpCompare
 */
@NullMarked
package dev.opskit.examples.schemadiff;

import org.jspecify.annotations.NullMarked;
