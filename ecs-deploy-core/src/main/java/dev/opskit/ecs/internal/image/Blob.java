package dev.opskit.ecs.internal.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Internal to opskit; may change in any release. A blob to publish: its digest, size and media type
 * as the manifest names them, and where to read its bytes.
 *
 * @param digest {@code sha256:<hex>}
 * @param size the size in bytes
 * @param mediaType the media type from the manifest
 * @param file the file that holds it (for error messages)
 * @param where the entry or path inside that file (for error messages)
 * @param content opens a stream of its bytes
 */
public record Blob(
    String digest, long size, String mediaType, Path file, String where, Content content) {

  /** Opens the bytes of a blob. */
  @FunctionalInterface
  public interface Content {
    /**
     * Opens a new stream of the blob's bytes.
     *
     * @return the stream
     * @throws IOException when it cannot be read
     */
    InputStream open() throws IOException;
  }
}
