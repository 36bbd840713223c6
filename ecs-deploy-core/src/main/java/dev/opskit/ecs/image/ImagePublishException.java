package dev.opskit.ecs.image;

import dev.opskit.ecs.EcsDeployException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Publishing an image failed; {@link #kind()} says how, {@link #registry()}, {@link #repository()}
 * and {@link #digest()} where, and {@link #credentialsRenewed()} whether the credentials had been
 * renewed once already. The message never holds a password or token.
 */
public final class ImagePublishException extends EcsDeployException {
  private static final long serialVersionUID = 1L;

  /** How publishing failed. */
  public enum Kind {
    /**
     * The registry refused the credentials (also after renewing an ECR or Bearer token once: see
     * {@link ImagePublishException#credentialsRenewed()}).
     */
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
    INTERRUPTED,
    /**
     * An optional library the source needs is not on the classpath: Jib core for {@link
     * ImageSource#from(String)}; the message names the artifact and version to add.
     */
    MISSING_DEPENDENCY
  }

  private final Kind kind;
  private final String registry;
  private final @Nullable String repository;
  private final @Nullable Path file;
  private final @Nullable String digest;
  private final int status;
  private final boolean credentialsRenewed;

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
    this(kind, registry, repository, file, null, status, false, message, cause);
  }

  /**
   * Creates the exception for a registry's refusal of a blob or manifest.
   *
   * @param kind how publishing failed
   * @param registry the registry host
   * @param repository the repository
   * @param digest the blob or manifest being sent or checked, or null
   * @param status the registry's HTTP status, or 0
   * @param credentialsRenewed whether the credentials had been renewed once during the publish
   * @param message what failed and what to do
   * @param cause the underlying failure, or null
   */
  public ImagePublishException(
      Kind kind,
      String registry,
      @Nullable String repository,
      @Nullable String digest,
      int status,
      boolean credentialsRenewed,
      String message,
      @Nullable Throwable cause) {
    this(kind, registry, repository, null, digest, status, credentialsRenewed, message, cause);
  }

  private ImagePublishException(
      Kind kind,
      String registry,
      @Nullable String repository,
      @Nullable Path file,
      @Nullable String digest,
      int status,
      boolean credentialsRenewed,
      String message,
      @Nullable Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.repository = repository;
    this.file = file;
    this.digest = digest;
    this.status = status;
    this.credentialsRenewed = credentialsRenewed;
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

  /**
   * Returns the blob or manifest digest the refused request was about.
   *
   * @return the digest, or empty when the failure is not about one blob or manifest
   */
  public Optional<String> digest() {
    return Optional.ofNullable(digest);
  }

  /**
   * Tells whether the credentials had been renewed once during the publish (a new ECR token or
   * Bearer token) before this failure; for {@link Kind#AUTHENTICATION} it means the renewed ones
   * were refused too.
   *
   * @return true after a renewal
   */
  public boolean credentialsRenewed() {
    return credentialsRenewed;
  }
}
