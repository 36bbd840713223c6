package dev.opskit.ecs.internal.image;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Internal to opskit; may change in any release. A registry user and password; {@link #toString()}
 * never shows the password.
 *
 * @param user the user
 * @param password the password or token
 */
public record Credentials(String user, String password) {
  /** Checks that no part is null. */
  public Credentials {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  String basic() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=***]";
  }
}
