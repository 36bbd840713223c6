package dev.opskit.ecs.image;

import dev.opskit.ecs.EcsDeployException;
import dev.opskit.ecs.ImageNotFoundException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * The Amazon ECR calls a deploy needs, for images in ECR: does the image exist, what is its digest,
 * and put it under another tag (a promotion) without pulling or pushing with Docker.
 *
 * <pre>{@code
 * EcrImages ecr = EcrImages.create(ecrClient);
 * ImageReference ref = ImageReference.parse("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1f2e3d");
 * String digest = ecr.digestOf(ref);          // ImageNotFoundException when it is not there
 * ecr.promote(ref, "production");             // BatchGetImage + PutImage, idempotent
 * }</pre>
 *
 * <p>The client stays the caller's; it is never closed here. Instances are immutable and
 * thread-safe.
 */
public final class EcrImages {
  private static final Logger LOG = LoggerFactory.getLogger(EcrImages.class);

  private final EcrClient ecr;

  private EcrImages(EcrClient ecr) {
    this.ecr = ecr;
  }

  /**
   * Creates the ECR operations on a client the caller owns.
   *
   * @param ecr the client
   * @return the operations
   */
  public static EcrImages create(EcrClient ecr) {
    return new EcrImages(Objects.requireNonNull(ecr, "ecr"));
  }

  /**
   * Returns the digest of an ECR image, proving that it exists (one {@code DescribeImages} call).
   *
   * @param image the image, with a tag or a digest
   * @return the digest such as {@code sha256:...}
   * @throws ImageNotFoundException when the image or its repository does not exist
   * @throws IllegalArgumentException when the image is not in ECR or has neither tag nor digest
   */
  public String digestOf(ImageReference image) {
    requireEcr(image);
    try {
      DescribeImagesResponse response =
          ecr.describeImages(
              r ->
                  r.registryId(image.ecrRegistryId().orElseThrow())
                      .repositoryName(image.repository())
                      .imageIds(identifier(image)));
      if (!response.hasImageDetails() || response.imageDetails().isEmpty()) {
        throw new ImageNotFoundException(image.toString(), "DescribeImages returned no image");
      }
      return response.imageDetails().get(0).imageDigest();
    } catch (software.amazon.awssdk.services.ecr.model.ImageNotFoundException e) {
      throw new ImageNotFoundException(image.toString(), e.awsErrorDetails().errorMessage());
    } catch (RepositoryNotFoundException e) {
      throw new ImageNotFoundException(image.toString(), noRepository(image));
    }
  }

  /**
   * Returns the image pinned to the digest its tag points to now, so a later push to the tag cannot
   * change what the service runs.
   *
   * @param image the image with a tag
   * @return {@code registry/repository@sha256:...}
   * @throws ImageNotFoundException when the image does not exist
   */
  public ImageReference pinToDigest(ImageReference image) {
    return image.withDigest(digestOf(image));
  }

  /**
   * Puts the image's manifest under another tag in the same repository, like {@code docker tag} +
   * {@code docker push} but without moving layers: {@code BatchGetImage} then {@code PutImage}.
   * Promoting to a tag that already names this manifest is a no-op.
   *
   * @param image the image to promote, with a tag or a digest
   * @param newTag the tag to give it, such as {@code production}
   * @return the image under the new tag
   * @throws ImageNotFoundException when the image does not exist
   * @throws EcsDeployException when the repository's tags are immutable and the tag is taken
   */
  public ImageReference promote(ImageReference image, String newTag) {
    Objects.requireNonNull(newTag, "newTag");
    requireEcr(image);
    ImageReference promoted = image.withTag(newTag);
    String registryId = image.ecrRegistryId().orElseThrow();
    Image source = manifestOf(image, registryId);
    try {
      ecr.putImage(
          r ->
              r.registryId(registryId)
                  .repositoryName(image.repository())
                  .imageManifest(source.imageManifest())
                  .imageManifestMediaType(source.imageManifestMediaType())
                  .imageTag(newTag));
      LOG.info("Promoted {} to tag {}", image, newTag);
    } catch (ImageAlreadyExistsException e) {
      LOG.info("{} already carries tag {}", image, newTag);
    } catch (ImageTagAlreadyExistsException e) {
      throw new EcsDeployException(
          "cannot promote "
              + image
              + " to tag "
              + newTag
              + ": the repository's tags are immutable and "
              + newTag
              + " names another image",
          e);
    }
    return promoted;
  }

  private Image manifestOf(ImageReference image, String registryId) {
    BatchGetImageResponse response;
    try {
      response =
          ecr.batchGetImage(
              r ->
                  r.registryId(registryId)
                      .repositoryName(image.repository())
                      .imageIds(List.of(identifier(image))));
    } catch (RepositoryNotFoundException e) {
      throw new ImageNotFoundException(image.toString(), noRepository(image));
    }
    if (!response.hasImages() || response.images().isEmpty()) {
      String detail =
          response.hasFailures() && !response.failures().isEmpty()
              ? response.failures().get(0).failureCodeAsString()
                  + ": "
                  + response.failures().get(0).failureReason()
              : "BatchGetImage returned no image";
      throw new ImageNotFoundException(image.toString(), detail);
    }
    return response.images().get(0);
  }

  /** Says which region was searched when it is not the image's, the usual cause of this error. */
  private String noRepository(ImageReference image) {
    String message = "repository " + image.repository() + " does not exist";
    Region clientRegion = ecr.serviceClientConfiguration().region();
    String imageRegion = image.ecrRegion().orElse("");
    if (clientRegion != null && !clientRegion.id().equals(imageRegion)) {
      message +=
          " in "
              + clientRegion.id()
              + " (the ECR client's region; the image is in "
              + imageRegion
              + ")";
    }
    return message;
  }

  private static ImageIdentifier identifier(ImageReference image) {
    if (image.digest() != null) {
      return ImageIdentifier.builder().imageDigest(image.digest()).build();
    }
    if (image.tag() != null) {
      return ImageIdentifier.builder().imageTag(image.tag()).build();
    }
    throw new IllegalArgumentException(image + " has neither a tag nor a digest");
  }

  private static void requireEcr(ImageReference image) {
    if (!image.isEcr()) {
      throw new IllegalArgumentException(
          image + " is not in Amazon ECR (<account>.dkr.ecr.<region>.amazonaws.com)");
    }
  }
}
