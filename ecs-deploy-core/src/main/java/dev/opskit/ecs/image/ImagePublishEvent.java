package dev.opskit.ecs.image;

import java.util.Objects;

/**
 * One step of {@link ImagePublisher#publish(ImageSource, String)}, for a listener: what happened to
 * a blob (a layer or the config) or a manifest, and how many bytes it holds.
 *
 * @param kind what happened
 * @param repository the target repository, such as {@code team/app}
 * @param digest the blob or manifest digest
 * @param mediaType its media type
 * @param bytes its size in bytes; for {@link Kind#BLOB_UPLOADED} also the bytes sent
 */
public record ImagePublishEvent(
    Kind kind, String repository, String digest, String mediaType, long bytes) {

  /** What happened. */
  public enum Kind {
    /** The registry already had the blob in the target repository; nothing was sent. */
    BLOB_EXISTS,
    /** The blob was mounted from another repository of the registry; nothing was sent. */
    BLOB_MOUNTED,
    /** The blob was uploaded. */
    BLOB_UPLOADED,
    /** A manifest was stored by its digest (children of an index first). */
    MANIFEST_PUSHED,
    /** The tag was written; it now names the published manifest. */
    TAG_WRITTEN,
    /** The tag already named the published manifest and was left as it is. */
    TAG_UNCHANGED
  }

  /** Checks that no part is null. */
  public ImagePublishEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mediaType, "mediaType");
  }
}
