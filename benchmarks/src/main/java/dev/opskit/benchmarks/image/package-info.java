/**
 * The image-push comparison: {@code ImagePublisher} (in a JVM with {@code -Xmx128m}) against {@code
 * skopeo copy}, pushing the same 300 MB OCI archive to the same local CNCF registry. Not JMH: each
 * push is a separate process, timed from the outside; see docs/benchmarks/ecs-deploy.md.
 */
@NullMarked
package dev.opskit.benchmarks.image;

import org.jspecify.annotations.NullMarked;
