package dev.opskit.redash;

import dev.opskit.redash.internal.crypto.Fernet;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Redash's {@code REDASH_SECRET_KEY}, which Fernet-encrypts data-source and alert-destination
 * options. A dump restored without its key loses every data source, so backups record a one-way
 * fingerprint of the key and restores prove the key decrypts the data before swapping it in.
 *
 * <p>{@link #toString()} never shows the key.
 */
public final class SecretKey {
  private final String value;

  private SecretKey(String value) {
    this.value = value;
  }

  /**
   * Wraps a key.
   *
   * @param value the key as Redash reads it from its environment
   * @return the key
   */
  public static SecretKey of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("the Redash secret key is empty");
    }
    return new SecretKey(value);
  }

  /**
   * Reads the key as Redash does: {@code REDASH_SECRET_KEY}, else {@code REDASH_COOKIE_SECRET}.
   *
   * @return the key, or null when neither variable is set
   */
  public static @Nullable SecretKey fromEnvironment() {
    String key = System.getenv("REDASH_SECRET_KEY");
    if (key == null || key.isEmpty()) {
      key = System.getenv("REDASH_COOKIE_SECRET");
    }
    return key == null || key.isEmpty() ? null : new SecretKey(key);
  }

  /**
   * A one-way fingerprint that tells keys apart without revealing them.
   *
   * @return 16 hex digits
   */
  public String fingerprint() {
    return Fernet.forRedashSecret(value).fingerprint();
  }

  Fernet fernet() {
    return Fernet.forRedashSecret(value);
  }

  @Override
  public String toString() {
    return "SecretKey[fingerprint=" + fingerprint() + "]";
  }
}
