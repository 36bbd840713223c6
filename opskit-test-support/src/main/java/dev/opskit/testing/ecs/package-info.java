/**
 * A fake Amazon ECS and ECR control plane for tests: a loopback HTTP server that speaks the real
 * AWS JSON 1.1 protocol to the real AWS SDK clients, with a virtual clock so a fifteen-minute
 * deployment runs in milliseconds.
 *
 * <p>It models task-definition revisions, services with their deployments and {@code rolloutState},
 * tasks that start, run, crash and stop, the deployment circuit breaker (threshold as ECS computes
 * it) and its rollback, the service-deployments API (List, Describe, Stop, Continue), ECS-native
 * BLUE_GREEN, LINEAR and CANARY deployments with their lifecycle stages, hooks ({@link
 * dev.opskit.testing.ecs.HookVerdict}) and alarms, service events, scripted faults ({@link
 * dev.opskit.testing.ecs.Fault}: closed connections, 5xx, throttling), and the ECR images a deploy
 * checks and promotes.
 *
 * <p>It follows the ECS API reference where it is specific; where the documentation is silent, each
 * class's javadoc names the behaviour the fake picked (stage durations, the stage shown while
 * rolling back, the error type for a stop of a completed deployment, and so on).
 *
 * @see dev.opskit.testing.ecs.FakeEcs
 */
@NullMarked
package dev.opskit.testing.ecs;

import org.jspecify.annotations.NullMarked;
