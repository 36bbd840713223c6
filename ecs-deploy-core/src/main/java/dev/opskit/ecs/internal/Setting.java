package dev.opskit.ecs.internal;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One deploy setting: its name (as the builder method spells it, for messages) and the value it has
 * until it is set. A required setting has no default; reading it unset is a bug that {@link
 * DeploySettings.Builder#build()} rules out.
 *
 * <p>Internal to opskit; may change in any release.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
  private final String name;
  private final @Nullable T defaultValue;
  private final boolean required;

  private Setting(String name, @Nullable T defaultValue, boolean required) {
    this.name = Objects.requireNonNull(name, "name");
    this.defaultValue = defaultValue;
    this.required = required;
  }

  /**
   * Returns a setting with a default.
   *
   * @param name the builder method's name
   * @param defaultValue the value until set
   * @param <T> the value type
   * @return the setting
   */
  public static <T> Setting<T> of(String name, T defaultValue) {
    return new Setting<>(name, Objects.requireNonNull(defaultValue, "defaultValue"), false);
  }

  /**
   * Returns a setting that is {@code null} until set.
   *
   * @param name the builder method's name
   * @param <T> the value type
   * @return the setting
   */
  public static <T> Setting<@Nullable T> optional(String name) {
    return new Setting<@Nullable T>(name, null, false);
  }

  /**
   * Returns a setting that must be set before the deployer is built.
   *
   * @param name the builder method's name
   * @param <T> the value type
   * @return the setting
   */
  public static <T> Setting<T> required(String name) {
    return new Setting<>(name, null, true);
  }

  /**
   * Returns the name.
   *
   * @return the builder method's name
   */
  public String name() {
    return name;
  }

  /**
   * Tells whether the setting has no default.
   *
   * @return true when it must be set
   */
  public boolean required() {
    return required;
  }

  /**
   * Returns the value until set.
   *
   * @return the default
   * @throws IllegalStateException for a required setting
   */
  public T defaultValue() {
    if (required) {
      throw new IllegalStateException(name + " is required");
    }
    return defaultValue; // null only for optional settings, which are Setting<@Nullable T>
  }

  /**
   * Returns the name.
   *
   * @return the name
   */
  @Override
  public String toString() {
    return name;
  }
}
