package dev.opskit.schemadiff;

import dev.opskit.schemadiff.migrate.PartitionStrategy;
import dev.opskit.schemadiff.model.Flavor;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How to plan a migration: whether unsafe statements run, what to do with ambiguous partition
 * changes, and which server dialect to write.
 *
 * <pre>{@code
 * MigrationPlan plan = diff.migration(MigrationOptions.builder().allowUnsafe(false).build());
 * }</pre>
 */
public final class MigrationOptions {
  /** Unsafe statements are left out unless allowed. */
  public static final boolean DEFAULT_ALLOW_UNSAFE = false;

  private final boolean allowUnsafe;
  private final PartitionStrategy partitionStrategy;
  private final @Nullable Flavor flavor;

  private MigrationOptions(Builder b) {
    this.allowUnsafe = b.allowUnsafe;
    this.partitionStrategy = b.partitionStrategy;
    this.flavor = b.flavor;
  }

  /**
   * Starts options with the defaults: unsafe statements left out, the rows of partitions that
   * disappear dropped ({@link PartitionStrategy#DROP_ROWS}, an unsafe statement), the dialect of
   * the compared flavor.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the default options.
   *
   * @return the options
   */
  public static MigrationOptions defaults() {
    return builder().build();
  }

  /**
   * Returns a builder holding these options.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.allowUnsafe = allowUnsafe;
    b.partitionStrategy = partitionStrategy;
    b.flavor = flavor;
    return b;
  }

  /**
   * Returns a copy with one edit.
   *
   * @param edit the edit
   * @return the edited options
   */
  public MigrationOptions copy(Consumer<Builder> edit) {
    Builder b = toBuilder();
    edit.accept(b);
    return b.build();
  }

  /**
   * Returns whether unsafe statements are part of the plan.
   *
   * @return true when they run; false when they are left out as comments
   */
  public boolean allowUnsafe() {
    return allowUnsafe;
  }

  /**
   * Returns what to do with ambiguous partition changes.
   *
   * @return the strategy
   */
  public PartitionStrategy partitionStrategy() {
    return partitionStrategy;
  }

  /**
   * Returns the server flavor whose dialect the statements use, when set.
   *
   * @return the flavor, or empty for the flavor of the comparison
   */
  public Optional<Flavor> flavor() {
    return Optional.ofNullable(flavor);
  }

  @Override
  public String toString() {
    return "MigrationOptions[allowUnsafe="
        + allowUnsafe
        + ", partitionStrategy="
        + partitionStrategy
        + (flavor == null ? "" : ", flavor=" + flavor)
        + "]";
  }

  /** Builds {@link MigrationOptions}. */
  public static final class Builder {
    private boolean allowUnsafe = DEFAULT_ALLOW_UNSAFE;
    private PartitionStrategy partitionStrategy = PartitionStrategy.DROP_ROWS;
    private @Nullable Flavor flavor;

    private Builder() {}

    /**
     * Sets whether unsafe statements (drops, narrowing types, charset changes, partition drops) are
     * part of the plan; default {@value MigrationOptions#DEFAULT_ALLOW_UNSAFE}, which leaves them
     * in the script as commented lines.
     *
     * @param allowUnsafe whether to run them
     * @return this builder
     */
    public Builder allowUnsafe(boolean allowUnsafe) {
      this.allowUnsafe = allowUnsafe;
      return this;
    }

    /**
     * Sets what to do when RANGE or LIST partitions disappear while others change or appear, as in
     * a rotation; default {@link PartitionStrategy#DROP_ROWS}, which drops them (unsafe) and adds
     * the new ones. {@link PartitionStrategy#FAIL_WHEN_AMBIGUOUS} makes planning strict: it throws
     * {@link AmbiguousMigrationException} instead.
     *
     * @param partitionStrategy the strategy
     * @return this builder
     */
    public Builder partitionStrategy(PartitionStrategy partitionStrategy) {
      this.partitionStrategy = Objects.requireNonNull(partitionStrategy, "partitionStrategy");
      return this;
    }

    /**
     * Sets the server the statements are written for; by default the flavor of the comparison.
     *
     * @param flavor the flavor
     * @return this builder
     */
    public Builder flavor(Flavor flavor) {
      this.flavor = Objects.requireNonNull(flavor, "flavor");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public MigrationOptions build() {
      return new MigrationOptions(this);
    }
  }
}
