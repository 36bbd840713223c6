/**
 * Internal to opskit; may change in any release: the image publisher's readers for OCI layouts, OCI
 * archives and {@code docker save} archives (tar entries streamed in place, digests checked while
 * reading), and its small OCI distribution client on Apache HttpClient 5 (HEAD, mount, streamed
 * upload, manifest PUT, Basic and Bearer auth, ECR tokens).
 *
 * @see dev.opskit.ecs.image.ImagePublisher
 */
@NullMarked
package dev.opskit.ecs.internal.image;

import org.jspecify.annotations.NullMarked;
