package dev.opskit.ecs.internal.image;

/**
 * One step of a publish that a 401 restarts as a whole: a blob's upload ({@code POST}, {@code
 * PATCH}, {@code PUT}), a manifest {@code PUT}, a {@code HEAD} or the registry check. It renews the
 * credentials at most once. Each step is used by one thread.
 */
final class RegistryStep {
  private final String repository;
  private final String digest;
  private final String mediaType;
  private final long bytes;
  private final String what;
  private boolean renewed;

  /**
   * Creates a step.
   *
   * @param repository the repository
   * @param digest the blob or manifest it sends or checks, or empty
   * @param mediaType its media type, or empty
   * @param bytes its size, or 0
   * @param what for messages, such as {@code "upload of sha256:..."}
   */
  RegistryStep(String repository, String digest, String mediaType, long bytes, String what) {
    this.repository = repository;
    this.digest = digest;
    this.mediaType = mediaType;
    this.bytes = bytes;
    this.what = what;
  }

  String repository() {
    return repository;
  }

  String digest() {
    return digest;
  }

  String mediaType() {
    return mediaType;
  }

  long bytes() {
    return bytes;
  }

  String what() {
    return what;
  }

  boolean renewed() {
    return renewed;
  }

  void markRenewed() {
    renewed = true;
  }
}
