/**
 * A fake Amazon ECS and ECR control plane for tests: a loopback HTTP server that speaks the real
 * AWS JSON 1.1 protocol to the real AWS SDK clients, with a virtual clock so a fifteen-minute
 * deployment runs in milliseconds.
 *
 * <p>It models task-definition revisions, services with their deployments and {@code rolloutState},
 * tasks that start, run, crash and stop, the deployment circuit breaker (threshold as ECS computes
 * it) and its rollback, the service-deployments API, service events, throttling errors, and the ECR
 * images a deploy checks and promotes.
 *
 * @see dev.opskit.testing.ecs.FakeEcs
 */
@NullMarked
package dev.opskit.testing.ecs;

import org.jspecify.annotations.NullMarked;
