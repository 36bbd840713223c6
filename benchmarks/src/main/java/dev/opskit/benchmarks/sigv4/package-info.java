/**
 * JMH benchmarks of {@code es-sigv4-transport}: what signing adds to one request (time and bytes
 * allocated), and signed against unsigned bulk throughput to a local OpenSearch node.
 *
 * <p>Run them with {@code mvn -B -ntp -pl benchmarks -am -Pjmh -DskipTests package}; the command
 * and the figures measured on the project's machine are in {@code docs/benchmarks/sigv4.md}.
 *
 * @see dev.opskit.benchmarks.sigv4.SigningOverheadBenchmark
 * @see dev.opskit.benchmarks.sigv4.BulkThroughputBenchmark
 */
@NullMarked
package dev.opskit.benchmarks.sigv4;

import org.jspecify.annotations.NullMarked;
