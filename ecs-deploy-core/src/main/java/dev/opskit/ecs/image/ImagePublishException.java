package dev.opskit.ecs.image;

import dev.opskit.ecs.EcsDeployException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Publishing an image failed; {@link #kind()} says how, {@link #registry()} and {@link
 * #repository()} where. The message never holds a password or token.
 */
public final class ImagePublishException extends EcsDeployException {
  private static final long serialVersionUID = 1L;

  /** How publishing failed. */
  public enum Kind {
    /** The registry refused the credentials (also after renewing an ECR token once). */
    AUTHENTICATION,
    /** The credentials were accepted but do not allow the push ({@code DENIED}, 403). */
    ACCESS_DENIED,
    /** The repository does not exist ({@code NAME_UNKNOWN}); ECR does not create it on push. */
    REPOSITORY_NOT_FOUND,
    /** The tag exists, names another image and the repository's tags are immutable. */
    TAG_IMMUTABLE,
    /** The source is not a valid image: not a tar, no index, a missing or corrupt blob. */
    INVALID_IMAGE,
    /** The registry answered with another error, or could not be reached. */
    REGISTRY_ERROR,
    /** The calling thread was interrupted; the tag was not written. */
    INTERRUPTED
  }

  private final Kind kind;
  private final String registry;
  private final @Nullable String repository;
  private final @Nullable Path file;
  private final int status;

  /**
   * Creates the exception.
   *
   * @param kind how publishing failed
   * @param registry the registry host
   * @param repository the repository, or null when the failure is not about one
   * @param file the source file that is wrong, for {@link Kind#INVALID_IMAGE}, or null
   * @param status the registry's HTTP status, or 0
   * @param message what failed and what to do
   * @param cause the underlying failure, or null
   */
  public ImagePublishException(
      Kind kind,
      String registry,
      @Nullable String repository,
      @Nullable Path file,
      int status,
      String message,
      @Nullable Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.repository = repository;
    this.file = file;
    this.status = status;
  }

  /**
   * Returns how publishing failed.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the registry host, such as {@code 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com}.
   *
   * @return the registry
   */
  public String registry() {
    return registry;
  }

  /**
   * Returns the repository the failure is about.
   *
   * @return the repository, or empty
   */
  public Optional<String> repository() {
    return Optional.ofNullable(repository);
  }

  /**
   * Returns the source file that is wrong, for {@link Kind#INVALID_IMAGE}.
   *
   * @return the file, or empty
   */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * Returns the registry's HTTP status.
   *
   * @return the status, or 0 when there was no answer
   */
  public int status() {
    return status;
  }
}
