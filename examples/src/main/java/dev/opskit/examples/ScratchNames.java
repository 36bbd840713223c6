package dev.opskit.examples;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Names for the scratch databases the Tour and the JShell scripts make, unique per run so that two
 * runs on one shared server never drop each other's databases.
 */
public final class ScratchNames {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ScratchNames() {}

  /**
   * Returns {@code prefix_<time><random>}: lower case letters, digits and underscores only, so the
   * name needs no quoting in MySQL or PostgreSQL and stays under their 63-byte limit for short
   * prefixes.
   *
   * @param prefix the name's start, such as {@code opskit_tour_redash}
   * @return a name no other run uses
   */
  public static String unique(String prefix) {
    String time = Long.toString(System.currentTimeMillis(), 36);
    String random = Integer.toString(RANDOM.nextInt(36 * 36 * 36 * 36), 36);
    return (prefix + "_" + time + "0000".substring(random.length()) + random)
        .toLowerCase(Locale.ROOT);
  }
}
