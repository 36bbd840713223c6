/**
 * Example: deploy an image to an ECS service, then a failing image that is rolled back and
 * explained.
 *
 * @see dev.opskit.examples.ecs.EcsDeployExample
 */
@NullMarked
package dev.opskit.examples.ecs;

import org.jspecify.annotations.NullMarked;
