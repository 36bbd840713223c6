/**
 * Internal to opskit; may change in any release: the deployer's settings, its calls to AWS (named,
 * retried on transient errors, timed on the configured clock) and SDK model to JSON conversion. The
 * watch and the rollback are in {@code internal.watch}, housekeeping in {@code
 * internal.housekeeping}.
 *
 * @see dev.opskit.ecs.EcsDeployer
 */
@NullMarked
package dev.opskit.ecs.internal;

import org.jspecify.annotations.NullMarked;
