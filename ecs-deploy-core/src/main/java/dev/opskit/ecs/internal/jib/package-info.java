/**
 * Internal to opskit; may change in any release. The only code that touches Jib core ({@code
 * com.google.cloud.tools:jib-core}, an optional dependency): it builds an image from a base image
 * (pulled by opskit's own registry client into a local tar) and files into an OCI archive, which
 * {@link dev.opskit.ecs.image.ImagePublisher} then publishes like any other archive. Nothing else
 * loads these classes, so everything but {@link dev.opskit.ecs.image.ImageSource#from(String)}
 * works without Jib on the classpath.
 *
 * @see dev.opskit.ecs.image.ImagePublisher
 */
@NullMarked
package dev.opskit.ecs.internal.jib;

import org.jspecify.annotations.NullMarked;
