package dev.opskit.testing.db;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Makes names for throw-away test databases: recognisable ({@code opskit_} and the test's name),
 * unique (a random suffix), and valid unquoted on both MySQL and PostgreSQL.
 *
 * <p>Every name starts with {@link #thisJvmPrefix()}: {@code opskit_}, a token drawn once per JVM,
 * and an underscore. Names derived from one by appending (a restore's staging database) keep it, so
 * the leak check ({@code dev.opskit.testing.leaks}) can tell this JVM's databases from those of
 * other builds sharing the server.
 */
public final class DatabaseNames {
  /** The prefix of every database the tests create. */
  public static final String PREFIX = "opskit_";

  /** PostgreSQL truncates identifiers to 63 bytes; MySQL allows 64 characters. */
  public static final int MAX_LENGTH = 63;

  private static final int SUFFIX_LENGTH = 8;
  private static final String JVM_PREFIX =
      PREFIX + "j" + String.format("%04x", new SecureRandom().nextInt(1 << 16)) + "_";

  private DatabaseNames() {}

  /**
   * Returns the start of every name this JVM hands out.
   *
   * @return {@code opskit_j} and four hexadecimal digits drawn once per JVM, then {@code _}
   */
  public static String thisJvmPrefix() {
    return JVM_PREFIX;
  }

  /**
   * Returns a new database name for a test.
   *
   * @param hint what the database is for, usually the test class and method; any text
   * @param random where the unique suffix comes from
   * @return a name of lower-case letters, digits and underscores, at most {@link #MAX_LENGTH} long,
   *     starting with {@link #thisJvmPrefix()}
   */
  public static String forTest(String hint, RandomGenerator random) {
    String words =
        hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    int room = MAX_LENGTH - JVM_PREFIX.length() - SUFFIX_LENGTH - 1;
    if (words.length() > room) {
      words = words.substring(0, room).replaceAll("_+$", "");
    }
    String suffix = String.format("%08x", random.nextInt());
    return JVM_PREFIX + (words.isEmpty() ? "" : words + "_") + suffix;
  }
}
