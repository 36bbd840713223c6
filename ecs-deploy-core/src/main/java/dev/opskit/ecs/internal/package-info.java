/**
 * Internal to opskit; may change in any release: SDK model to JSON conversion and the rollout
 * watcher behind {@link dev.opskit.ecs.EcsDeployer}.
 *
 * @see dev.opskit.ecs.EcsDeployer
 */
@NullMarked
package dev.opskit.ecs.internal;

import org.jspecify.annotations.NullMarked;
