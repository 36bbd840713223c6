/**
 * Examples: deploy an image to an ECS service, then a failing image that is rolled back and
 * explained ({@link dev.opskit.examples.ecs.EcsDeployExample}); a rolling update and a blue/green
 * deployment whose hook fails, against an in-process fake or a real service ({@link
 * dev.opskit.examples.ecs.EcsTour}); a group of services in two waves, rolled back together when
 * one fails ({@link dev.opskit.examples.ecs.EcsGroupDeployExample}).
 *
 * @see dev.opskit.examples.ecs.EcsDeployExample
 */
@NullMarked
package dev.opskit.examples.ecs;

import org.jspecify.annotations.NullMarked;
