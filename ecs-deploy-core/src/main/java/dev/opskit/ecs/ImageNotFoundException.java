package dev.opskit.ecs;

/**
 * Thrown before anything is registered or updated when an image the deploy would run is not in its
 * Amazon ECR repository (or the repository itself does not exist).
 */
public final class ImageNotFoundException extends EcsDeployException {
  private static final long serialVersionUID = 1L;

  /** The image that was looked for. */
  private final String image;

  /**
   * Creates the exception.
   *
   * @param image the image reference that was looked for
   * @param detail what ECR answered
   */
  public ImageNotFoundException(String image, String detail) {
    super("image " + image + " not found in ECR: " + detail);
    this.image = image;
  }

  /**
   * Returns the image reference that was looked for.
   *
   * @return the image, as given
   */
  public String image() {
    return image;
  }
}
