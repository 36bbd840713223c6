/**
 * Container image references and the few Amazon ECR calls a deploy needs: checking that an image
 * exists, resolving a tag to its digest, and promoting an image to a new tag without Docker.
 *
 * @see dev.opskit.ecs.image.ImageReference
 * @see dev.opskit.ecs.image.EcrImages
 */
@NullMarked
package dev.opskit.ecs.image;

import org.jspecify.annotations.NullMarked;
