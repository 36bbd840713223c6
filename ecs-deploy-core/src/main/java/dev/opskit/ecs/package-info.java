/**
 * Deploys a new image to an Amazon ECS service and knows for sure whether it worked: registers a
 * new task-definition revision, updates the service, and rolls back and explains when the
 * deployment fails.
 *
 * <p>Replaces a CI {@code deploy.sh} that calls {@code aws ecs register-task-definition} and {@code
 * aws ecs update-service}, then trusts {@code aws ecs wait services-stable}.
 */
@NullMarked
package dev.opskit.ecs;

import org.jspecify.annotations.NullMarked;
