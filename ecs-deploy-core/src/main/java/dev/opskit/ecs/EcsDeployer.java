package dev.opskit.ecs;

import static dev.opskit.ecs.internal.DeploySettings.CLOCK;
import static dev.opskit.ecs.internal.DeploySettings.CLUSTER;
import static dev.opskit.ecs.internal.DeploySettings.ECR;
import static dev.opskit.ecs.internal.DeploySettings.ECS;
import static dev.opskit.ecs.internal.DeploySettings.EDIT;
import static dev.opskit.ecs.internal.DeploySettings.KEEP_REVISIONS;
import static dev.opskit.ecs.internal.DeploySettings.LIFECYCLE_HOOKS;
import static dev.opskit.ecs.internal.DeploySettings.LISTENER;
import static dev.opskit.ecs.internal.DeploySettings.MAX_FAILED_TASKS;
import static dev.opskit.ecs.internal.DeploySettings.MAX_POLL_INTERVAL;
import static dev.opskit.ecs.internal.DeploySettings.PIN_IMAGE_DIGESTS;
import static dev.opskit.ecs.internal.DeploySettings.POLL_INTERVAL;
import static dev.opskit.ecs.internal.DeploySettings.POLL_JITTER;
import static dev.opskit.ecs.internal.DeploySettings.PROMOTE_TAG;
import static dev.opskit.ecs.internal.DeploySettings.ROLLBACK_ON_FAILURE;
import static dev.opskit.ecs.internal.DeploySettings.ROLLBACK_TIMEOUT;
import static dev.opskit.ecs.internal.DeploySettings.SERVICE;
import static dev.opskit.ecs.internal.DeploySettings.SLEEPER;
import static dev.opskit.ecs.internal.DeploySettings.SOURCE;
import static dev.opskit.ecs.internal.DeploySettings.STRATEGY;
import static dev.opskit.ecs.internal.DeploySettings.TIMEOUT;
import static dev.opskit.ecs.internal.DeploySettings.VERIFY_IMAGES;

import dev.opskit.ecs.image.ImageReference;
import dev.opskit.ecs.internal.DeploySettings;
import dev.opskit.ecs.internal.Setting;
import dev.opskit.ecs.taskdef.TaskDefinitionCopy;
import dev.opskit.ecs.taskdef.TaskDefinitionEdit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * Deploys a new image to an ECS service and knows for sure whether it worked.
 *
 * <pre>{@code
 * DeploymentResult r = EcsDeployer.builder()
 *     .ecsClient(ecs)
 *     .ecrClient(ecr)                                   // optional: image checks and promotion
 *     .cluster("sample-webapp-cluster")
 *     .service("sample-webapp-service")
 *     .image("app", "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/go-sample-webapp:" + sha)
 *     .environment("app", Map.of("FEATURE_X", "on"))
 *     .timeout(Duration.ofMinutes(15))
 *     .rollbackOnFailure(true)
 *     .listener(event -> log.info("{}", event))
 *     .build()
 *     .deploy();                                        // or .plan() for a dry run
 * }</pre>
 *
 * <p>A deploy starts from the revision the service runs now (or a JSON file), copies it with only
 * read-only fields dropped, applies the edits, checks ECR images, registers the new revision and
 * calls {@code UpdateService} exactly once. It then watches the deployment that call created, by
 * its id, until it has really succeeded or has failed; see {@link FailureKind}. On failure it
 * throws {@link DeploymentFailedException} with the service events and stopped tasks, after
 * bringing the service back to the revision captured before the deploy when {@link
 * Builder#rollbackOnFailure(boolean)} is on.
 *
 * <p>The strategy is the service's own unless {@link Builder#strategy(DeploymentStrategy)} picks
 * one: a rolling update, or ECS's blue/green, linear or canary deployment with {@link
 * Builder#lifecycleHooks(java.util.Collection) lifecycle hooks}, sent in the same {@code
 * UpdateService}:
 *
 * <pre>{@code
 * EcsDeployer.builder()...
 *     .strategy(DeploymentStrategy.blueGreen(Duration.ofMinutes(10)))
 *     .addLifecycleHook(LifecycleHook.lambda(smokeTestArn, hookRoleArn,
 *         LifecycleStage.POST_TEST_TRAFFIC_SHIFT))
 *     .timeout(Duration.ofMinutes(30))                  // longer than the bake times
 *     .build()
 *     .deploy();
 * }</pre>
 *
 * <p>An ECS-native deployment is followed through its service deployment, stage by stage ({@link
 * DeploymentEvent.StageReached}); it has succeeded only when the service deployment is SUCCESSFUL
 * and the service runs our revision. A failed hook, an alarm, the circuit breaker or someone's stop
 * make ECS roll it back by itself, and that rollback is always waited for; after a timeout or an
 * error the deployer asks ECS for its rollback ({@code StopServiceDeployment} with {@code
 * ROLLBACK}) when {@link Builder#rollbackOnFailure(boolean)} is on.
 *
 * <p>Transient errors (connection resets and timeouts that outlived the SDK's own retries, 5xx
 * answers, throttling) never end a deploy: each call is retried after a jittered wait that doubles
 * up to {@link Builder#maxPollInterval(Duration)}, until the deadline. An error that is not
 * transient while the deployment is watched is a failure ({@link FailureKind#WATCH_FAILED}) and
 * rolls back like any other.
 *
 * <p>Instances are immutable and reusable; the clients stay the caller's and are never closed.
 */
public final class EcsDeployer {
  /** Default {@link Builder#timeout(Duration)}: 15 minutes. */
  public static final Duration DEFAULT_TIMEOUT = TIMEOUT.defaultValue();

  /** Default {@link Builder#pollInterval(Duration)}: 10 seconds. */
  public static final Duration DEFAULT_POLL_INTERVAL = POLL_INTERVAL.defaultValue();

  /** Default {@link Builder#pollJitter(double)}: each wait varies by up to 10%. */
  public static final double DEFAULT_POLL_JITTER = POLL_JITTER.defaultValue();

  /** Default {@link Builder#maxPollInterval(Duration)}: 60 seconds. */
  public static final Duration DEFAULT_MAX_POLL_INTERVAL = MAX_POLL_INTERVAL.defaultValue();

  private final DeploySettings settings;

  private EcsDeployer(DeploySettings settings) {
    this.settings = settings;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder(DeploySettings.builder());
  }

  /**
   * Returns a builder with this deployer's settings, for a variant.
   *
   * <pre>{@code
   * EcsDeployer canary = deployer.toBuilder().image("app", nextImage).build();
   * }</pre>
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder(settings.toBuilder());
  }

  /**
   * Returns a copy with some settings changed: {@code deployer.copy(b -> b.image("app", next))}.
   *
   * @param changes the changes to make to a builder holding this deployer's settings
   * @return the new deployer
   */
  public EcsDeployer copy(Consumer<Builder> changes) {
    Builder b = toBuilder();
    changes.accept(b);
    return b.build();
  }

  /**
   * Computes what a deploy would do without changing anything: reads the service and its revision,
   * applies the edits, checks ECR images, diffs the result against the running revision, and names
   * the strategy and lifecycle hooks the deployment will run with. Calls only Describe APIs,
   * retrying transient errors until the timeout.
   *
   * @return the plan
   * @throws ImageNotFoundException when an ECR image the plan needs does not exist
   * @throws EcsDeployException when the service cannot be read, an edit does not fit, or the
   *     settings do not fit the service (its deployment controller or strategy)
   */
  public DeploymentPlan plan() {
    return documented(() -> new DeployRun(settings).plan());
  }

  /**
   * Deploys, waits until the deployment has really succeeded, and returns the result.
   *
   * <p>These are the only exceptions it throws (besides {@link Error}s):
   *
   * <ul>
   *   <li>{@link DeploymentTimeoutException} (a {@link DeploymentFailedException}): the deployment
   *       did not complete within the timeout, also when ECS could not be reached until then;
   *   <li>{@link DeploymentFailedException}: the service was changed and the deployment failed, for
   *       the reason in {@link DeploymentFailedException#kind()}. It comes after the rollback, if
   *       on; {@link DeploymentFailedException#rolledBack()} is read from the service itself, and
   *       errors of the rollback are attached as suppressed exceptions, never thrown instead. When
   *       an error ended the watch ({@link FailureKind#WATCH_FAILED}), it is the cause;
   *   <li>{@link ImageNotFoundException}: an ECR image does not exist (nothing was changed);
   *   <li>{@link EcsDeployException} itself: before the service was changed, ECS refused a call
   *       (the service is missing, a call kept failing, an edit does not fit; nothing was changed,
   *       though a new revision may have been registered) or the settings do not fit the service
   *       (another deployment controller than ECS, hooks for a rolling update, a timeout shorter
   *       than the bake times; nothing was changed), or after a successful deploy the promotion tag
   *       could not be set (the message says so).
   * </ul>
   *
   * <p>An interrupted deploy still starts its rollback, does not wait for it, and throws {@link
   * DeploymentFailedException} with the thread's interrupt flag set.
   *
   * @return the result
   * @throws DeploymentFailedException when the deployment failed (after the rollback, if on)
   * @throws DeploymentTimeoutException when it did not complete within the timeout
   * @throws ImageNotFoundException when an ECR image does not exist (nothing was changed)
   * @throws EcsDeployException when ECS refuses a call before the service is changed, or when the
   *     deploy succeeded but the promotion tag could not be set (the message says so)
   */
  public DeploymentResult deploy() {
    return documented(() -> new DeployRun(settings).deploy());
  }

  /** The settings, for a {@link DeploymentGroup} to run this deployer as one of its members. */
  DeploySettings settings() {
    return settings;
  }

  /**
   * Deploys with changed settings (a group member's listener and poll rounds), with the same
   * contract as {@link #deploy()}.
   */
  static DeploymentResult deploy(DeploySettings settings) {
    return new EcsDeployer(settings).deploy();
  }

  /**
   * Runs a step and lets only the documented exception types out: anything else that escapes (which
   * {@link DeployRun} allows only before the service changed) becomes an {@link EcsDeployException}
   * with the original as its cause.
   */
  private <T> T documented(Supplier<T> step) {
    try {
      return step.get();
    } catch (DeploymentFailedException | ImageNotFoundException e) {
      throw e;
    } catch (EcsDeployException e) {
      if (e.getClass() == EcsDeployException.class) {
        throw e;
      }
      // An internal subclass (a call that failed): same message, the SDK's exception as cause.
      throw new EcsDeployException(
          String.valueOf(e.getMessage()), e.getCause() != null ? e.getCause() : e);
    } catch (RuntimeException e) {
      throw new EcsDeployException("deploy to " + settings.where() + " failed: " + e, e);
    }
  }

  /**
   * Configures an {@link EcsDeployer}; {@code ecsClient}, {@code cluster} and {@code service} are
   * required.
   */
  public static final class Builder {
    private final DeploySettings.Builder settings;

    private Builder(DeploySettings.Builder settings) {
      this.settings = settings;
    }

    /**
     * Sets the ECS client (required); it stays the caller's.
     *
     * @param client the client
     * @return this builder
     */
    public Builder ecsClient(EcsClient client) {
      return set(ECS, Objects.requireNonNull(client, "ecsClient"));
    }

    /**
     * Sets an ECR client, to check that ECR images exist before anything changes and to pin or
     * promote them; without it images are not checked.
     *
     * @param client the client
     * @return this builder
     */
    public Builder ecrClient(EcrClient client) {
      return set(ECR, Objects.requireNonNull(client, "ecrClient"));
    }

    /**
     * Sets the cluster (required).
     *
     * @param name the cluster name or ARN
     * @return this builder
     */
    public Builder cluster(String name) {
      return set(CLUSTER, Objects.requireNonNull(name, "cluster"));
    }

    /**
     * Sets the service (required).
     *
     * @param name the service name or ARN
     * @return this builder
     */
    public Builder service(String name) {
      return set(SERVICE, Objects.requireNonNull(name, "service"));
    }

    /**
     * Runs the named container on an image.
     *
     * @param container the container name
     * @param image the image reference
     * @return this builder
     */
    public Builder image(String container, String image) {
      return edit(e -> e.image(container, image));
    }

    /**
     * Runs the named container on an image, pinned by digest when the reference has one: an image
     * {@link dev.opskit.ecs.image.ImagePublisher#publish published} here runs as {@code
     * registry/repository@sha256:...}, exactly what was pushed, whatever happens to its tag later.
     *
     * @param container the container name
     * @param image the image, such as the result of {@code ImagePublisher.publish}
     * @return this builder
     */
    public Builder image(String container, ImageReference image) {
      Objects.requireNonNull(image, "image");
      String digest = image.digest();
      return image(container, (digest == null ? image : image.withDigest(digest)).toString());
    }

    /**
     * Runs every container whose image is in the same repository on this image.
     *
     * @param image the image, such as {@code registry/team/app:1.2}
     * @return this builder
     */
    public Builder repositoryImage(String image) {
      return edit(e -> e.repositoryImage(image));
    }

    /**
     * Changes only the tag of every container image of a repository.
     *
     * @param repository the repository, with or without its registry
     * @param tag the new tag
     * @return this builder
     */
    public Builder repositoryTag(String repository, String tag) {
      return edit(e -> e.repositoryTag(repository, tag));
    }

    /**
     * Sets environment variables of a container, keeping the others.
     *
     * @param container the container name
     * @param variables name to value
     * @return this builder
     */
    public Builder environment(String container, Map<String, String> variables) {
      return edit(e -> e.environment(container, variables));
    }

    /**
     * Sets secrets of a container, keeping the others.
     *
     * @param container the container name
     * @param valueFrom secret name to the ARN of the secret or parameter
     * @return this builder
     */
    public Builder secrets(String container, Map<String, String> valueFrom) {
      return edit(e -> e.secrets(container, valueFrom));
    }

    /**
     * Sets the task cpu.
     *
     * @param cpu such as {@code 512}
     * @return this builder
     */
    public Builder cpu(String cpu) {
      return edit(e -> e.cpu(cpu));
    }

    /**
     * Sets the task memory.
     *
     * @param memory such as {@code 1024}
     * @return this builder
     */
    public Builder memory(String memory) {
      return edit(e -> e.memory(memory));
    }

    /**
     * Makes more task-definition edits at once.
     *
     * @param edits the edits to make
     * @return this builder
     */
    public Builder edit(Consumer<TaskDefinitionEdit.Builder> edits) {
      Objects.requireNonNull(edits, "edits");
      TaskDefinitionEdit.Builder b = settings.get(EDIT).toBuilder();
      edits.accept(b);
      return set(EDIT, b.build());
    }

    /**
     * Starts from this definition instead of the service's current revision; the edits still apply.
     *
     * @param definition the definition
     * @return this builder
     */
    public Builder taskDefinition(RegisterTaskDefinitionRequest definition) {
      return set(SOURCE, Objects.requireNonNull(definition, "taskDefinition"));
    }

    /**
     * Starts from a JSON file in the register or describe shape instead of the service's current
     * revision.
     *
     * @param file the file
     * @return this builder
     * @throws IllegalArgumentException when the file is not a valid task definition
     */
    public Builder taskDefinitionFile(Path file) {
      return taskDefinition(TaskDefinitionCopy.fromFile(Objects.requireNonNull(file, "file")));
    }

    /**
     * Sets how ECS moves the service to the new revision; default {@link
     * DeploymentStrategy#keep()}, the strategy the service is configured with. Another strategy is
     * sent in the same {@code UpdateService} as the new revision and stays the service's. A
     * BLUE_GREEN, LINEAR or CANARY deployment is watched through the service-deployments API, stage
     * by stage ({@link DeploymentEvent.StageReached}), and rolled back by ECS itself.
     *
     * <pre>{@code
     * .strategy(DeploymentStrategy.blueGreen(Duration.ofMinutes(10)))
     * }</pre>
     *
     * @param strategy the strategy
     * @return this builder
     */
    public Builder strategy(DeploymentStrategy strategy) {
      return set(STRATEGY, Objects.requireNonNull(strategy, "strategy"));
    }

    /**
     * Sets the service's lifecycle hooks, replacing those it has (an empty list removes them);
     * unset, the service keeps its own. They are sent with the new revision and need a BLUE_GREEN,
     * LINEAR or CANARY strategy.
     *
     * @param hooks the hooks
     * @return this builder
     */
    public Builder lifecycleHooks(Collection<LifecycleHook> hooks) {
      Objects.requireNonNull(hooks, "lifecycleHooks");
      return set(LIFECYCLE_HOOKS, List.copyOf(hooks));
    }

    /**
     * Adds a lifecycle hook to those set with {@link #lifecycleHooks(Collection)} (the service's
     * own are replaced, not added to).
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder addLifecycleHook(LifecycleHook hook) {
      Objects.requireNonNull(hook, "hook");
      List<LifecycleHook> hooks = new ArrayList<>();
      List<LifecycleHook> set = settings.get(LIFECYCLE_HOOKS);
      if (set != null) {
        hooks.addAll(set);
      }
      hooks.add(hook);
      return set(LIFECYCLE_HOOKS, List.copyOf(hooks));
    }

    /**
     * Sets how long the deployment may take, from the start of {@code deploy()}; default {@link
     * #DEFAULT_TIMEOUT}. With an ECS-native strategy it must cover the bake times.
     *
     * @param duration the timeout
     * @return this builder
     */
    public Builder timeout(Duration duration) {
      return set(TIMEOUT, positive(duration, "timeout"));
    }

    /**
     * Sets how long a rollback may take, from the failure; default: the deploy timeout.
     *
     * @param duration the timeout
     * @return this builder
     */
    public Builder rollbackTimeout(Duration duration) {
      return set(ROLLBACK_TIMEOUT, positive(duration, "rollbackTimeout"));
    }

    /**
     * On failure, brings the service back to the revision it ran before the deploy and waits for it
     * (default off). A circuit-breaker rollback is waited for; otherwise (or when ECS's rollback
     * deployment does not appear) the deployer calls {@code UpdateService} with the previous
     * revision. For BLUE_GREEN, LINEAR and CANARY the rollback is ECS's own: the deployer asks for
     * it with {@code StopServiceDeployment(ROLLBACK)} (or {@code
     * ContinueServiceDeployment(ROLLBACK)} while a PAUSE hook holds the deployment), and a rollback
     * ECS starts by itself is waited for even when this is off. A deployment replaced by someone
     * else's is never rolled back. The rollback has {@link #rollbackTimeout(Duration)} from the
     * failure.
     *
     * @param enabled whether to roll back
     * @return this builder
     */
    public Builder rollbackOnFailure(boolean enabled) {
      return set(ROLLBACK_ON_FAILURE, enabled);
    }

    /**
     * Sets the normal time between polls; default {@link #DEFAULT_POLL_INTERVAL}.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      return set(POLL_INTERVAL, positive(interval, "pollInterval"));
    }

    /**
     * Sets the longest time between polls when ECS throttles or a poll fails with a transient
     * error, and between retries of any other call; default {@link #DEFAULT_MAX_POLL_INTERVAL}.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder maxPollInterval(Duration interval) {
      return set(MAX_POLL_INTERVAL, positive(interval, "maxPollInterval"));
    }

    /**
     * Sets by how much each wait between polls varies at random, as a fraction of the interval, so
     * that pipelines started together do not poll ECS in step; default {@link
     * #DEFAULT_POLL_JITTER}, 0 for fixed waits.
     *
     * @param fraction between 0 and 0.5
     * @return this builder
     */
    public Builder pollJitter(double fraction) {
      if (!(fraction >= 0 && fraction <= 0.5)) {
        throw new IllegalArgumentException("pollJitter must be between 0 and 0.5");
      }
      return set(POLL_JITTER, fraction);
    }

    /**
     * Fails the deploy once this many tasks of the new revision stopped. Default: the circuit
     * breaker's own threshold (half the desired count, at least 3, at most 200), applied only when
     * the service has no circuit breaker; set explicitly, it applies always.
     *
     * @param count the number of stopped tasks
     * @return this builder
     */
    public Builder maxFailedTasks(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("maxFailedTasks must be at least 1");
      }
      return set(MAX_FAILED_TASKS, count);
    }

    /**
     * After a successful deploy, deregisters older ACTIVE revisions of the family beyond the newest
     * {@code count}, never the running revision, the rollback target, or a revision that any
     * deployment of any service in the cluster uses ({@code ListServices} and {@code
     * DescribeServices}; when those cannot be read, nothing is deregistered); default 0 (off).
     *
     * @param count how many revisions to keep
     * @return this builder
     */
    public Builder keepRevisions(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("keepRevisions must not be negative");
      }
      return set(KEEP_REVISIONS, count);
    }

    /**
     * Checks that changed ECR images exist before anything changes (default on; needs {@link
     * #ecrClient}).
     *
     * @param enabled whether to check
     * @return this builder
     */
    public Builder verifyImages(boolean enabled) {
      return set(VERIFY_IMAGES, enabled);
    }

    /**
     * Deploys changed ECR images by digest, resolved from their tags now (default off; needs {@link
     * #ecrClient}).
     *
     * @param enabled whether to pin
     * @return this builder
     */
    public Builder pinImageDigests(boolean enabled) {
      return set(PIN_IMAGE_DIGESTS, enabled);
    }

    /**
     * After a successful deploy, gives each changed ECR image this tag too (such as {@code
     * production}), without Docker; needs {@link #ecrClient}.
     *
     * @param tag the tag
     * @return this builder
     */
    public Builder promoteTag(String tag) {
      return set(PROMOTE_TAG, Objects.requireNonNull(tag, "promoteTag"));
    }

    /**
     * Sets the progress listener; default {@link DeploymentListener#NONE}.
     *
     * @param l the listener
     * @return this builder
     */
    public Builder listener(DeploymentListener l) {
      return set(LISTENER, Objects.requireNonNull(l, "listener"));
    }

    /**
     * Sets the clock the timeout is measured on; default the system UTC clock.
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      return set(CLOCK, Objects.requireNonNull(c, "clock"));
    }

    /**
     * Sets how to wait between polls; default {@link Sleeper#SYSTEM}.
     *
     * @param s the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper s) {
      return set(SLEEPER, Objects.requireNonNull(s, "sleeper"));
    }

    /**
     * Builds the deployer.
     *
     * @return the deployer
     * @throws IllegalStateException naming a missing required field or a conflicting option
     */
    public EcsDeployer build() {
      return new EcsDeployer(settings.build());
    }

    private <T> Builder set(Setting<T> setting, T value) {
      settings.set(setting, value);
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }
  }
}
