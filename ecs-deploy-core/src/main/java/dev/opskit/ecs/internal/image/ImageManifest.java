package dev.opskit.ecs.internal.image;

import java.util.List;

/**
 * Internal to opskit; may change in any release. A manifest to publish with its exact bytes, the
 * blobs it references and, for an index, its child manifests (pushed first, by digest).
 *
 * @param digest the digest of {@code bytes}
 * @param mediaType the media type sent as {@code Content-Type}
 * @param bytes the exact bytes
 * @param blobs the config and layers (empty for an index)
 * @param children the child manifests of an index (empty for an image manifest)
 */
public record ImageManifest(
    String digest, String mediaType, byte[] bytes, List<Blob> blobs, List<ImageManifest> children) {

  /** Copies the lists. */
  public ImageManifest {
    blobs = List.copyOf(blobs);
    children = List.copyOf(children);
  }
}
