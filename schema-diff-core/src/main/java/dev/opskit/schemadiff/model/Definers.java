package dev.opskit.schemadiff.model;

import org.jspecify.annotations.Nullable;

/** Canonical definers: {@code user@host} without quotes. */
final class Definers {
  private Definers() {}

  static @Nullable String canonical(@Nullable String definer) {
    if (definer == null || definer.isBlank()) {
      return null;
    }
    return definer.replace("`", "").replace("'", "").replace("\"", "").trim();
  }
}
