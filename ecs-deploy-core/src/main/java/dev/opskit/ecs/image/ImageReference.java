package dev.opskit.ecs.image;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A container image reference, parsed once: {@code [registry/]repository[:tag][@digest]}.
 *
 * <p>Unlike splitting on {@code :}, the parser understands a registry with a port ({@code
 * localhost:5000/app:1.2}), nested repositories ({@code ghcr.io/org/team/app}) and digests ({@code
 * app@sha256:...}, also after a tag). {@link #toString()} gives the canonical text, which parses
 * back to an equal reference.
 *
 * <pre>{@code
 * ImageReference ref = ImageReference.parse("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1f2e3d");
 * ref.repository();          // "app"
 * ref.withTag("production"); // same registry and repository, new tag, no digest
 * }</pre>
 *
 * @param registry the registry host (with an optional port), or {@code null} for Docker Hub style
 *     names
 * @param repository the repository path, one or more lower-case components separated by {@code /}
 * @param tag the tag, or {@code null}
 * @param digest the digest such as {@code sha256:<64 hex>}, or {@code null}
 */
public record ImageReference(
    @Nullable String registry, String repository, @Nullable String tag, @Nullable String digest) {

  private static final Pattern REGISTRY =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "(?::[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](?::[0-9]{1,5})?");
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");
  private static final Pattern ECR_HOST =
      Pattern.compile(
          "([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException when a part is malformed
   */
  public ImageReference {
    Objects.requireNonNull(repository, "repository");
    if (registry != null && !REGISTRY.matcher(registry).matches()) {
      throw new IllegalArgumentException("invalid registry '" + registry + "'");
    }
    for (String component : repository.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException(
            "invalid repository '" + repository + "': component '" + component + "'");
      }
    }
    if (registry == null && repository.indexOf('/') > 0) {
      String first = repository.substring(0, repository.indexOf('/'));
      if (looksLikeRegistry(first)) {
        throw new IllegalArgumentException(
            "repository '" + repository + "' starts with a registry host: give it as registry");
      }
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("invalid tag '" + tag + "'");
    }
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("invalid digest '" + digest + "'");
    }
  }

  /**
   * Parses an image reference.
   *
   * @param text such as {@code registry.example.com:5000/team/app:1.2@sha256:...}
   * @return the reference
   * @throws IllegalArgumentException when the text is not an image reference
   */
  public static ImageReference parse(String text) {
    Objects.requireNonNull(text, "text");
    try {
      String rest = text;
      String digest = null;
      int at = rest.indexOf('@');
      if (at >= 0) {
        digest = rest.substring(at + 1);
        rest = rest.substring(0, at);
      }
      String tag = null;
      int colon = rest.lastIndexOf(':');
      if (colon > rest.lastIndexOf('/')) {
        tag = rest.substring(colon + 1);
        rest = rest.substring(0, colon);
      }
      String registry = null;
      int slash = rest.indexOf('/');
      if (slash > 0) {
        String first = rest.substring(0, slash);
        if (looksLikeRegistry(first)) {
          registry = first;
          rest = rest.substring(slash + 1);
        }
      }
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("no repository");
      }
      return new ImageReference(registry, rest, tag, digest);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not an image reference: '" + text + "': " + e.getMessage(), e);
    }
  }

  /**
   * Returns the registry and repository without tag or digest, such as {@code
   * registry:5000/team/app}.
   *
   * @return the name
   */
  public String name() {
    return registry == null ? repository : registry + "/" + repository;
  }

  /**
   * Returns this image with a new tag and no digest.
   *
   * @param newTag the tag
   * @return the new reference
   */
  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, Objects.requireNonNull(newTag, "tag"), null);
  }

  /**
   * Returns this image pinned to a digest, without its tag (ECS accepts {@code name@digest}).
   *
   * @param newDigest the digest such as {@code sha256:...}
   * @return the new reference
   */
  public ImageReference withDigest(String newDigest) {
    return new ImageReference(
        registry, repository, null, Objects.requireNonNull(newDigest, "digest"));
  }

  /**
   * Tells whether the image lives in Amazon ECR, judged from the registry host name.
   *
   * @return true for {@code <account>.dkr.ecr.<region>.amazonaws.com}
   */
  public boolean isEcr() {
    return registry != null && ECR_HOST.matcher(registry).matches();
  }

  /**
   * Returns the AWS account that owns the ECR registry, when this is an ECR image.
   *
   * @return the 12-digit account id, or empty for other registries
   */
  public Optional<String> ecrRegistryId() {
    return ecrPart(1);
  }

  /**
   * Returns the region of the ECR registry, when this is an ECR image.
   *
   * @return the region such as {@code ap-northeast-1}, or empty for other registries
   */
  public Optional<String> ecrRegion() {
    return ecrPart(2);
  }

  /**
   * Tells whether this image belongs to the given repository, written with or without its registry.
   *
   * @param repositoryOrName {@code app}, {@code team/app} or {@code registry/team/app}
   * @return true when it names this image's repository
   */
  public boolean isInRepository(String repositoryOrName) {
    return repositoryOrName.equals(name()) || repositoryOrName.equals(repository);
  }

  private static boolean looksLikeRegistry(String component) {
    return component.contains(".") || component.contains(":") || component.equals("localhost");
  }

  private Optional<String> ecrPart(int group) {
    if (registry == null) {
      return Optional.empty();
    }
    Matcher m = ECR_HOST.matcher(registry);
    return m.matches() ? Optional.of(m.group(group)) : Optional.empty();
  }

  /**
   * Returns the canonical text, {@code [registry/]repository[:tag][@digest]}.
   *
   * @return the reference as text
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(name());
    if (tag != null) {
      b.append(':').append(tag);
    }
    if (digest != null) {
      b.append('@').append(digest);
    }
    return b.toString();
  }
}
