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
 *     <p>For {@link Kind#CREDENTIALS_RENEWED}, digest, media type and size are those of the blob or
 *     manifest whose request was refused; they are empty (and 0) when it was the registry check
 *     ({@code GET /v2/}) or a tag lookup.
 */
public record ImagePublishEvent(
    Kind kind, String repository, String digest, String mediaType, long bytes) {

  /** What happened. */
  public enum Kind {
    /**
     * For {@link ImageSource#from(String)}: the base image was pulled ({@code digest}: its
     * manifest; {@code repository}: the base's; {@code bytes}: what was read).
     */
    BASE_PULLED,
    /**
     * For {@link ImageSource#from(String)}: Jib built the image into a local OCI archive ({@code
     * digest}: its manifest, the one the registry will store; {@code bytes}: the archive's size).
     * The events of publishing that archive follow.
     */
    IMAGE_BUILT,
    /** The registry already had the blob in the target repository; nothing was sent. */
    BLOB_EXISTS,
    /** The blob was mounted from another repository of the registry; nothing was sent. */
    BLOB_MOUNTED,
    /** The blob was uploaded. */
    BLOB_UPLOADED,
    /**
     * The registry refused the credentials (a token expired during the push) and they were renewed
     * once: a new ECR {@code GetAuthorizationToken} or a new Bearer token. The refused step is sent
     * again; a blob upload starts again from its first byte ({@link #BLOB_RESTARTED} follows).
     */
    CREDENTIALS_RENEWED,
    /**
     * A blob's upload failed part way (credentials refused, throttled, connection lost) and starts
     * again in a new upload session, its bytes read again from the source.
     */
    BLOB_RESTARTED,
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
