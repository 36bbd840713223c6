/**
 * Internal to opskit; may change in any release: housekeeping after a successful deploy, which
 * deregisters old task-definition revisions that nothing in the cluster uses.
 *
 * @see dev.opskit.ecs.EcsDeployer
 */
@NullMarked
package dev.opskit.ecs.internal.housekeeping;

import org.jspecify.annotations.NullMarked;
