package dev.opskit.redash.internal.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fernet tokens (https://github.com/fernet/spec) with the key Redash derives from its secret:
 * sqlalchemy-utils' FernetEngine uses {@code urlsafe_b64encode(sha256(secret))}, so the 32 key
 * bytes are the SHA-256 of the secret (signing key first, encryption key second). The JDK has every
 * primitive this needs, so no crypto library is pulled in.
 */
public final class Fernet {
  private static final byte VERSION = (byte) 0x80;
  private static final int HMAC_BYTES = 32;
  private static final int IV_BYTES = 16;

  private final byte[] signingKey;
  private final byte[] encryptionKey;

  private Fernet(byte[] key) {
    this.signingKey = Arrays.copyOfRange(key, 0, 16);
    this.encryptionKey = Arrays.copyOfRange(key, 16, 32);
  }

  /**
   * The Fernet Redash uses for {@code REDASH_SECRET_KEY}.
   *
   * @param secret the secret as Redash reads it
   * @return the Fernet
   */
  public static Fernet forRedashSecret(String secret) {
    try {
      return new Fernet(
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }

  /**
   * A Fernet from a key in Fernet's own form (URL-safe base64 of 32 bytes).
   *
   * @param base64Key the key
   * @return the Fernet
   */
  public static Fernet forKey(String base64Key) {
    byte[] key = Base64.getUrlDecoder().decode(base64Key);
    if (key.length != 32) {
      throw new IllegalArgumentException("a Fernet key has 32 bytes, this one " + key.length);
    }
    return new Fernet(key);
  }

  /**
   * A fingerprint of the key that does not reveal it: HMAC of a fixed label under the signing key.
   *
   * @return 16 hex digits
   */
  public String fingerprint() {
    byte[] mac =
        hmac(signingKey, "opskit-redash-secret-key-fingerprint".getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(mac, 0, 8);
  }

  /**
   * Decrypts a token; fails when the token was made with another key or was altered.
   *
   * @param token the token, as Redash stores it
   * @return the plaintext, or empty when the signature does not verify
   * @throws IllegalArgumentException when the token is not a Fernet token at all
   */
  public Optional<byte[]> decrypt(String token) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Fernet token: not URL-safe base64", e);
    }
    if (bytes.length < 1 + 8 + IV_BYTES + 16 + HMAC_BYTES || bytes[0] != VERSION) {
      throw new IllegalArgumentException("not a Fernet token: wrong version byte or length");
    }
    int signedLength = bytes.length - HMAC_BYTES;
    byte[] expected = hmac(signingKey, Arrays.copyOf(bytes, signedLength));
    byte[] actual = Arrays.copyOfRange(bytes, signedLength, bytes.length);
    if (!MessageDigest.isEqual(expected, actual)) {
      return Optional.empty();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(encryptionKey, "AES"),
          new IvParameterSpec(bytes, 9, IV_BYTES));
      return Optional.of(cipher.doFinal(bytes, 9 + IV_BYTES, signedLength - 9 - IV_BYTES));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  /**
   * Encrypts as Fernet does (used by tests and fixtures to write what Redash would).
   *
   * @param plaintext the bytes to encrypt
   * @param now the token's timestamp
   * @return the token
   */
  public String encrypt(byte[] plaintext, Instant now) {
    byte[] iv = new byte[IV_BYTES];
    new SecureRandom().nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(iv));
      byte[] ciphertext = cipher.doFinal(plaintext);
      ByteBuffer signed = ByteBuffer.allocate(1 + 8 + IV_BYTES + ciphertext.length);
      signed.put(VERSION).putLong(now.getEpochSecond()).put(iv).put(ciphertext);
      byte[] mac = hmac(signingKey, signed.array());
      ByteBuffer token = ByteBuffer.allocate(signed.capacity() + HMAC_BYTES);
      token.put(signed.array()).put(mac);
      return Base64.getUrlEncoder().encodeToString(token.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks AES/CBC", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return "Fernet[fingerprint=" + fingerprint() + "]";
  }
}
