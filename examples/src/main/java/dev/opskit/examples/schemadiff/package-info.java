/**
 * A benchmark of {@link dev.opskit.schemadiff.SchemaComparator} on two live, generated schemas of
 * the local MariaDB or MySQL server, with the server's own floor and optional peer tools (skeema,
 * Liquibase) for reference.
 *
 * <p>Run it with {@code mvn -B -q -ntp -pl examples -am -DskipTests -Pschemadiff-benchmark
 * package}; {@code docs/benchmarks/schema-diff.md} lists the options and the figures measured.
 *
 * @see dev.opskit.examples.schemadiff.SchemaDiffBenchmark
 */
@NullMarked
package dev.opskit.examples.schemadiff;

import org.jspecify.annotations.NullMarked;
