/**
 * Internal to opskit; may change in any release: following a deployment to its end and undoing it.
 * {@link dev.opskit.ecs.internal.watch.DeploymentWatch} is one strategy's watch and rollback
 * ({@link dev.opskit.ecs.internal.watch.RollingWatch} for rolling updates, {@link
 * dev.opskit.ecs.internal.watch.NativeWatch} for ECS's blue/green, linear and canary); {@link
 * dev.opskit.ecs.internal.watch.WatchedService} polls the service, with back-off on transient
 * errors; the service-deployments API and the stopped tasks explain a failure.
 *
 * @see dev.opskit.ecs.EcsDeployer
 */
@NullMarked
package dev.opskit.ecs.internal.watch;

import org.jspecify.annotations.NullMarked;
