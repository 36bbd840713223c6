package dev.opskit.ecs.image;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image built elsewhere, on disk, for {@link ImagePublisher#publish(ImageSource, String)}.
 *
 * <ul>
 *   <li>{@link #ociArchive(Path)}: an OCI image layout in a tar file (as {@code buildah push
 *       oci-archive:}, {@code docker buildx --output type=oci} or {@code skopeo copy oci-archive:}
 *       write it). Published byte for byte: the registry stores the archive's own manifest and
 *       returns its digest.
 *   <li>{@link #ociLayout(Path)}: the same, as a directory ({@code oci-layout}, {@code index.json},
 *       {@code blobs/sha256/...}).
 *   <li>{@link #dockerArchive(Path)}: the tar {@code docker save} writes. When it holds a complete
 *       OCI layout (Docker 25 and later) that is published byte for byte; otherwise (an older
 *       {@code docker save}, layers as plain tar) each plain layer is gzip-compressed and a Docker
 *       v2 schema 2 manifest is written once, so the config digest survives but the manifest digest
 *       is new.
 * </ul>
 *
 * <p>The files are read when publishing, not here. Instances are immutable.
 */
public final class ImageSource {
  /** The on-disk format of an image source. */
  public enum Format {
    /** An OCI image layout in a tar file. */
    OCI_ARCHIVE,
    /** An OCI image layout directory. */
    OCI_LAYOUT,
    /** A {@code docker save} tar file. */
    DOCKER_ARCHIVE
  }

  private final Format format;
  private final Path path;

  private ImageSource(Format format, Path path) {
    this.format = format;
    this.path = Objects.requireNonNull(path, "path");
  }

  /**
   * An OCI image layout in a tar file.
   *
   * @param file the tar file
   * @return the source
   */
  public static ImageSource ociArchive(Path file) {
    return new ImageSource(Format.OCI_ARCHIVE, file);
  }

  /**
   * An OCI image layout directory.
   *
   * @param directory the directory holding {@code oci-layout} and {@code index.json}
   * @return the source
   */
  public static ImageSource ociLayout(Path directory) {
    return new ImageSource(Format.OCI_LAYOUT, directory);
  }

  /**
   * A {@code docker save} tar file.
   *
   * @param file the tar file
   * @return the source
   */
  public static ImageSource dockerArchive(Path file) {
    return new ImageSource(Format.DOCKER_ARCHIVE, file);
  }

  /**
   * Returns the format.
   *
   * @return the format
   */
  public Format format() {
    return format;
  }

  /**
   * Returns the file or directory.
   *
   * @return the path
   */
  public Path path() {
    return path;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageSource other && format == other.format && path.equals(other.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, path);
  }

  @Override
  public String toString() {
    return format.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ":" + path;
  }
}
