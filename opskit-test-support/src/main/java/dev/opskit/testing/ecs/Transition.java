package dev.opskit.testing.ecs;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One change of a service deployment's status or lifecycle stage, as {@link
 * FakeEcs#transitions(String)} lists them.
 *
 * @param at the virtual time of the change
 * @param status the service-deployment status from then on, such as {@code IN_PROGRESS}
 * @param lifecycleStage the lifecycle stage from then on, such as {@code BAKE_TIME}; null for
 *     rolling deployments (ECS reports none) and before the first stage
 */
public record Transition(Instant at, String status, @Nullable String lifecycleStage) {}
