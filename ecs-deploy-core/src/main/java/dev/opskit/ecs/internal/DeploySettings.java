package dev.opskit.ecs.internal;

import dev.opskit.ecs.DeploymentListener;
import dev.opskit.ecs.DeploymentStrategy;
import dev.opskit.ecs.LifecycleHook;
import dev.opskit.ecs.Sleeper;
import dev.opskit.ecs.taskdef.TaskDefinitionEdit;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * Everything an {@link dev.opskit.ecs.EcsDeployer} was built with, as one immutable value that the
 * deploy steps, the watch and the rollback read whole: {@code settings.get(TIMEOUT)}.
 *
 * <p>A new option is one constant here (its name and default) and the builder method that checks
 * and documents it; nothing is copied field by field, so {@code toBuilder()} and the watch classes
 * need no change. Checks that span settings live in {@link Builder#build()}.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class DeploySettings {
  /** The ECS client (required). */
  public static final Setting<EcsClient> ECS = Setting.required("ecsClient");

  /** The ECR client, for image checks, pinning and promotion. */
  public static final Setting<@Nullable EcrClient> ECR = Setting.optional("ecrClient");

  /** The cluster name or ARN (required). */
  public static final Setting<String> CLUSTER = Setting.required("cluster");

  /** The service name or ARN (required). */
  public static final Setting<String> SERVICE = Setting.required("service");

  /** The task-definition edits. */
  public static final Setting<TaskDefinitionEdit> EDIT =
      Setting.of("edit", TaskDefinitionEdit.builder().build());

  /** The definition to start from instead of the running revision. */
  public static final Setting<@Nullable RegisterTaskDefinitionRequest> SOURCE =
      Setting.optional("taskDefinition");

  /** How long a deploy may take, from its start. */
  public static final Setting<Duration> TIMEOUT = Setting.of("timeout", Duration.ofMinutes(15));

  /** How long a rollback may take, from the failure; unset, the deploy timeout. */
  public static final Setting<@Nullable Duration> ROLLBACK_TIMEOUT =
      Setting.optional("rollbackTimeout");

  /** Whether a failure rolls back. */
  public static final Setting<Boolean> ROLLBACK_ON_FAILURE = Setting.of("rollbackOnFailure", false);

  /** The normal time between polls. */
  public static final Setting<Duration> POLL_INTERVAL =
      Setting.of("pollInterval", Duration.ofSeconds(10));

  /** The longest time between polls, and between retries of a call. */
  public static final Setting<Duration> MAX_POLL_INTERVAL =
      Setting.of("maxPollInterval", Duration.ofSeconds(60));

  /** By how much each wait varies at random, as a fraction of it. */
  public static final Setting<Double> POLL_JITTER = Setting.of("pollJitter", 0.1);

  /** The explicit stopped-task limit; unset, the circuit breaker's threshold without a breaker. */
  public static final Setting<@Nullable Integer> MAX_FAILED_TASKS =
      Setting.optional("maxFailedTasks");

  /** How many revisions housekeeping keeps; 0 turns it off. */
  public static final Setting<Integer> KEEP_REVISIONS = Setting.of("keepRevisions", 0);

  /** Whether changed ECR images are checked before anything changes. */
  public static final Setting<Boolean> VERIFY_IMAGES = Setting.of("verifyImages", true);

  /** Whether changed ECR images are deployed by digest. */
  public static final Setting<Boolean> PIN_IMAGE_DIGESTS = Setting.of("pinImageDigests", false);

  /** The tag deployed ECR images get after success. */
  public static final Setting<@Nullable String> PROMOTE_TAG = Setting.optional("promoteTag");

  /** The deployment strategy; {@link DeploymentStrategy#keep()} leaves the service's. */
  public static final Setting<DeploymentStrategy> STRATEGY =
      Setting.of("strategy", DeploymentStrategy.keep());

  /** The lifecycle hooks to configure; unset, the service's are kept. */
  public static final Setting<@Nullable List<LifecycleHook>> LIFECYCLE_HOOKS =
      Setting.optional("lifecycleHooks");

  /** The progress listener. */
  public static final Setting<DeploymentListener> LISTENER =
      Setting.of("listener", DeploymentListener.NONE);

  /** The clock deadlines are measured on. */
  public static final Setting<Clock> CLOCK = Setting.of("clock", Clock.systemUTC());

  /** How to wait between polls and retries. */
  public static final Setting<Sleeper> SLEEPER = Setting.of("sleeper", Sleeper.SYSTEM);

  /**
   * The group's shared poll rounds, set only for a member of a deployment group: its polls then
   * wait for the group's round instead of sleeping and reading the service alone.
   */
  public static final Setting<@Nullable PollRounds> POLL_ROUNDS = Setting.optional("pollRounds");

  /**
   * The group's shared throttling, set only for a member of a deployment group: a throttled call of
   * one member makes every member wait out the same backoff.
   */
  public static final Setting<@Nullable ThrottleGate> THROTTLE_GATE =
      Setting.optional("throttleGate");

  private static final List<Setting<?>> REQUIRED = List.of(ECS, CLUSTER, SERVICE);

  private final Map<Setting<?>, Object> values;

  private DeploySettings(Map<Setting<?>, Object> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Returns a builder with every setting at its default.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder(Map.of());
  }

  /**
   * Returns a builder holding these settings.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder(values);
  }

  /**
   * Returns a setting's value.
   *
   * @param setting the setting
   * @param <T> its type
   * @return the value, or the setting's default
   */
  public <T> T get(Setting<T> setting) {
    return valueOf(values, setting);
  }

  /**
   * Returns the service as {@code cluster/service}, for messages.
   *
   * @return the name
   */
  public String where() {
    return get(CLUSTER) + "/" + get(SERVICE);
  }

  /**
   * Returns how long a rollback may take.
   *
   * @return the rollback timeout, or the deploy timeout when it is not set
   */
  public Duration rollbackTimeout() {
    Duration d = get(ROLLBACK_TIMEOUT);
    return d != null ? d : get(TIMEOUT);
  }

  @SuppressWarnings("unchecked") // set(Setting<T>, T) is the only way in
  private static <T> T valueOf(Map<Setting<?>, Object> values, Setting<T> setting) {
    Object v = values.get(setting);
    return v == null ? setting.defaultValue() : (T) v;
  }

  /**
   * Collects settings; the public builder checks each value, {@link #build()} their combination.
   */
  public static final class Builder {
    private final Map<Setting<?>, Object> values;

    private Builder(Map<Setting<?>, Object> values) {
      this.values = new HashMap<>(values);
    }

    /**
     * Sets a setting; {@code null} brings an optional one back to its default.
     *
     * @param setting the setting
     * @param value the value
     * @param <T> its type
     * @return this builder
     */
    public <T> Builder set(Setting<T> setting, T value) {
      if (value == null) {
        values.remove(setting);
      } else {
        values.put(setting, value);
      }
      return this;
    }

    /**
     * Returns a setting's current value.
     *
     * @param setting the setting
     * @param <T> its type
     * @return the value, or the default
     */
    public <T> T get(Setting<T> setting) {
      return valueOf(values, setting);
    }

    /**
     * Checks the combination and builds the settings.
     *
     * @return the settings
     * @throws IllegalStateException naming a missing required setting or a conflicting option
     */
    public DeploySettings build() {
      for (Setting<?> required : REQUIRED) {
        if (!values.containsKey(required)) {
          throw new IllegalStateException(required.name() + " is required");
        }
      }
      if ((get(PIN_IMAGE_DIGESTS) || get(PROMOTE_TAG) != null) && get(ECR) == null) {
        throw new IllegalStateException("pinImageDigests and promoteTag need an ecrClient");
      }
      if (get(MAX_POLL_INTERVAL).compareTo(get(POLL_INTERVAL)) < 0) {
        throw new IllegalStateException("maxPollInterval is shorter than pollInterval");
      }
      DeploymentStrategy strategy = get(STRATEGY);
      List<LifecycleHook> hooks = get(LIFECYCLE_HOOKS);
      if (strategy instanceof DeploymentStrategy.Rolling && hooks != null && !hooks.isEmpty()) {
        throw new IllegalStateException(
            "lifecycleHooks run only with a BLUE_GREEN, LINEAR or CANARY strategy, not ROLLING");
      }
      if (strategy.bakeTimes().compareTo(get(TIMEOUT)) >= 0) {
        throw new IllegalStateException(
            "timeout ("
                + get(TIMEOUT).toMinutes()
                + " min) must be longer than the bake times of "
                + strategy
                + ", which ECS always waits out");
      }
      return new DeploySettings(values);
    }
  }
}
