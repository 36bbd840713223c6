package dev.opskit.ecs.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
 *   <li>{@link #from(String)}: a base image in a registry plus files, entrypoint, environment,
 *       working directory and user, built with Jib core ({@code com.google.cloud.tools:jib-core},
 *       an optional dependency to add). The publisher pulls the base with its own credentials, Jib
 *       writes the new image as an OCI archive (it never reaches a registry itself), and that
 *       archive is published like any other; the base layers are not uploaded again when they are
 *       in the same registry.
 * </ul>
 *
 * <pre>{@code
 * ImageSource app = ImageSource.from("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/base:12")
 *     .addFile(Path.of("build/app"), "/app/app")     // keeps the file's POSIX permissions
 *     .entrypoint("/app/app", "--serve")
 *     .putEnv("PORT", "8080")
 *     .workingDirectory("/app")
 *     .build();
 * }</pre>
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
    DOCKER_ARCHIVE,
    /** A base image in a registry plus files and settings, built with Jib. */
    FROM_BASE
  }

  /**
   * A file or directory put into the image's new layer.
   *
   * @param source the file or directory on disk; a directory is added with its contents
   * @param pathInImage where it goes in the image, an absolute Unix path such as {@code /app/app}
   */
  public record LayerFile(Path source, String pathInImage) {
    /** Checks that both parts are given and the path in the image is absolute. */
    public LayerFile {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(pathInImage, "pathInImage");
      if (!pathInImage.startsWith("/")) {
        throw new IllegalArgumentException(
            "the path in the image must be absolute, such as /app/app, not " + pathInImage);
      }
    }
  }

  private final Format format;
  private final @Nullable Path path;
  private final @Nullable String base;
  private final List<LayerFile> files;
  private final List<String> entrypoint;
  private final Map<String, String> env;
  private final @Nullable String workingDirectory;
  private final @Nullable String user;

  private ImageSource(Format format, Path path) {
    this.format = format;
    this.path = Objects.requireNonNull(path, "path");
    this.base = null;
    this.files = List.of();
    this.entrypoint = List.of();
    this.env = Map.of();
    this.workingDirectory = null;
    this.user = null;
  }

  private ImageSource(Builder b) {
    this.format = Format.FROM_BASE;
    this.path = null;
    this.base = b.base;
    this.files = List.copyOf(b.files);
    this.entrypoint = List.copyOf(b.entrypoint);
    this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
    this.workingDirectory = b.workingDirectory;
    this.user = b.user;
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
   * Starts an image built from a base image and files (with Jib core, an optional dependency: add
   * {@code com.google.cloud.tools:jib-core}).
   *
   * @param baseImage the base image reference, such as {@code
   *     123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/base:12} or {@code
   *     registry.example.com/base@sha256:...}; without a registry host it is Docker Hub's
   * @return a builder for the files and settings
   */
  public static Builder from(String baseImage) {
    return new Builder(Objects.requireNonNull(baseImage, "baseImage"));
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
   * Returns the file or directory of an archive or layout.
   *
   * @return the path
   * @throws IllegalStateException for {@link Format#FROM_BASE}, which has {@link #files()} instead
   */
  public Path path() {
    if (path == null) {
      throw new IllegalStateException(
          "a source built from a base image has no single path; see files()");
    }
    return path;
  }

  /**
   * Returns the base image reference, for {@link Format#FROM_BASE}.
   *
   * @return the reference as given, or empty for archives and layouts
   */
  public Optional<String> base() {
    return Optional.ofNullable(base);
  }

  /**
   * Returns the files put into the new layer, in order.
   *
   * @return the files; empty for archives and layouts
   */
  public List<LayerFile> files() {
    return files;
  }

  /**
   * Returns the entrypoint.
   *
   * @return the entrypoint; empty keeps the base image's
   */
  public List<String> entrypoint() {
    return entrypoint;
  }

  /**
   * Returns the environment variables added to the base image's.
   *
   * @return name to value, in the order given
   */
  public Map<String, String> env() {
    return env;
  }

  /**
   * Returns the working directory.
   *
   * @return the directory, or empty to keep the base image's
   */
  public Optional<String> workingDirectory() {
    return Optional.ofNullable(workingDirectory);
  }

  /**
   * Returns the user the container runs as.
   *
   * @return such as {@code 1000} or {@code app:app}, or empty to keep the base image's
   */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageSource other
        && format == other.format
        && Objects.equals(path, other.path)
        && Objects.equals(base, other.base)
        && files.equals(other.files)
        && entrypoint.equals(other.entrypoint)
        && env.equals(other.env)
        && Objects.equals(workingDirectory, other.workingDirectory)
        && Objects.equals(user, other.user);
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, path, base, files, entrypoint, env, workingDirectory, user);
  }

  /** Says what the source is; environment values are left out (they may hold secrets). */
  @Override
  public String toString() {
    if (format == Format.FROM_BASE) {
      return "from:"
          + base
          + " + "
          + files.size()
          + (files.size() == 1 ? " file" : " files")
          + (entrypoint.isEmpty() ? "" : ", entrypoint " + entrypoint)
          + (env.isEmpty() ? "" : ", env " + env.keySet());
    }
    return format.name().toLowerCase(Locale.ROOT).replace('_', '-') + ":" + path;
  }

  /** Builds an image source from a base image and files; see {@link ImageSource#from(String)}. */
  public static final class Builder {
    private final String base;
    private final List<LayerFile> files = new ArrayList<>();
    private List<String> entrypoint = List.of();
    private final Map<String, String> env = new LinkedHashMap<>();
    private @Nullable String workingDirectory;
    private @Nullable String user;

    private Builder(String base) {
      this.base = base;
    }

    /**
     * Adds a file or directory (with its contents) to the new layer, keeping its POSIX permissions
     * where the file system has them.
     *
     * @param source the file or directory on disk
     * @param pathInImage where it goes, an absolute path such as {@code /app/app}
     * @return this builder
     */
    public Builder addFile(Path source, String pathInImage) {
      files.add(new LayerFile(source, pathInImage));
      return this;
    }

    /**
     * Replaces the files of the new layer.
     *
     * @param layerFiles the files, in order
     * @return this builder
     */
    public Builder files(Collection<LayerFile> layerFiles) {
      List<LayerFile> copy = List.copyOf(Objects.requireNonNull(layerFiles, "files"));
      files.clear();
      files.addAll(copy);
      return this;
    }

    /**
     * Sets the entrypoint (by default the base image's is kept).
     *
     * @param command the program and its arguments
     * @return this builder
     */
    public Builder entrypoint(List<String> command) {
      this.entrypoint = List.copyOf(Objects.requireNonNull(command, "entrypoint"));
      return this;
    }

    /**
     * Sets the entrypoint (by default the base image's is kept).
     *
     * @param command the program and its arguments
     * @return this builder
     */
    public Builder entrypoint(String... command) {
      return entrypoint(List.of(command));
    }

    /**
     * Adds an environment variable to those of the base image (or replaces one of them).
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder putEnv(String name, String value) {
      env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Replaces the environment variables added to those of the base image.
     *
     * @param variables name to value
     * @return this builder
     */
    public Builder env(Map<String, String> variables) {
      Map<String, String> copy = new LinkedHashMap<>(Objects.requireNonNull(variables, "env"));
      copy.forEach((k, v) -> Objects.requireNonNull(v, k));
      env.clear();
      env.putAll(copy);
      return this;
    }

    /**
     * Sets the working directory (by default the base image's is kept).
     *
     * @param directory an absolute path such as {@code /app}
     * @return this builder
     */
    public Builder workingDirectory(String directory) {
      if (!Objects.requireNonNull(directory, "workingDirectory").startsWith("/")) {
        throw new IllegalArgumentException(
            "the working directory must be absolute, such as /app, not " + directory);
      }
      this.workingDirectory = directory;
      return this;
    }

    /**
     * Sets the user the container runs as (by default the base image's).
     *
     * @param name such as {@code 1000}, {@code app} or {@code app:app}
     * @return this builder
     */
    public Builder user(String name) {
      this.user = Objects.requireNonNull(name, "user");
      return this;
    }

    /**
     * Builds the source.
     *
     * @return the source
     */
    public ImageSource build() {
      return new ImageSource(this);
    }
  }
}
