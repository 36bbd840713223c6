package dev.opskit.ecs.internal.image;

/**
 * Internal to opskit; may change in any release. Where a registry's credentials come from, and
 * whether they can be renewed after the registry refused them (an ECR token can).
 */
public interface CredentialSource {
  /**
   * Returns the credentials to use now.
   *
   * @return the credentials
   */
  Credentials current();

  /**
   * Fetches new credentials after the registry refused the current ones.
   *
   * @return the new credentials, or null when they cannot be renewed
   */
  @org.jspecify.annotations.Nullable
  Credentials renew();

  /**
   * Says where the credentials come from, for messages (never the secret).
   *
   * @return such as {@code "the token from ECR GetAuthorizationToken"}
   */
  String description();
}
