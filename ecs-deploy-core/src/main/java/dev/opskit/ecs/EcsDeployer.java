package dev.opskit.ecs;

import dev.opskit.ecs.image.EcrImages;
import dev.opskit.ecs.image.ImageReference;
import dev.opskit.ecs.internal.Outcome;
import dev.opskit.ecs.internal.RevisionCleanup;
import dev.opskit.ecs.internal.RolloutWatcher;
import dev.opskit.ecs.internal.StoppedTasks;
import dev.opskit.ecs.internal.WatchTarget;
import dev.opskit.ecs.taskdef.TaskDefinitionCopy;
import dev.opskit.ecs.taskdef.TaskDefinitionDiff;
import dev.opskit.ecs.taskdef.TaskDefinitionEdit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

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
 * <p>Instances are immutable and reusable; the clients stay the caller's and are never closed.
 */
public final class EcsDeployer {
  /** Default {@link Builder#timeout(Duration)}: 15 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

  /** Default {@link Builder#pollInterval(Duration)}: 10 seconds. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

  /** Default {@link Builder#pollJitter(double)}: each wait varies by up to 10%. */
  public static final double DEFAULT_POLL_JITTER = 0.1;

  /** Default {@link Builder#maxPollInterval(Duration)}: 60 seconds. */
  public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(EcsDeployer.class);
  private static final int ROLLBACK_LOOKUPS = 3;

  private final EcsClient ecs;
  private final @Nullable EcrClient ecr;
  private final String cluster;
  private final String service;
  private final TaskDefinitionEdit edit;
  private final @Nullable RegisterTaskDefinitionRequest source;
  private final Duration timeout;
  private final @Nullable Duration rollbackTimeout;
  private final boolean rollbackOnFailure;
  private final Duration pollInterval;
  private final Duration maxPollInterval;
  private final double pollJitter;
  private final @Nullable Integer maxFailedTasks;
  private final int keepRevisions;
  private final boolean verifyImages;
  private final boolean pinImageDigests;
  private final @Nullable String promoteTag;
  private final DeploymentListener listener;
  private final Clock clock;
  private final Sleeper sleeper;

  private EcsDeployer(Builder b) {
    this.ecs = Objects.requireNonNull(b.ecs, "ecsClient");
    this.ecr = b.ecr;
    this.cluster = Objects.requireNonNull(b.cluster, "cluster");
    this.service = Objects.requireNonNull(b.service, "service");
    this.edit = b.edit.build();
    this.source = b.source;
    this.timeout = b.timeout;
    this.rollbackTimeout = b.rollbackTimeout;
    this.rollbackOnFailure = b.rollbackOnFailure;
    this.pollInterval = b.pollInterval;
    this.maxPollInterval = b.maxPollInterval;
    this.pollJitter = b.pollJitter;
    this.maxFailedTasks = b.maxFailedTasks;
    this.keepRevisions = b.keepRevisions;
    this.verifyImages = b.verifyImages;
    this.pinImageDigests = b.pinImageDigests;
    this.promoteTag = b.promoteTag;
    this.listener = b.listener;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
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
    Builder b = new Builder(edit.toBuilder());
    b.ecs = ecs;
    b.ecr = ecr;
    b.cluster = cluster;
    b.service = service;
    b.source = source;
    b.timeout = timeout;
    b.rollbackTimeout = rollbackTimeout;
    b.rollbackOnFailure = rollbackOnFailure;
    b.pollInterval = pollInterval;
    b.maxPollInterval = maxPollInterval;
    b.pollJitter = pollJitter;
    b.maxFailedTasks = maxFailedTasks;
    b.keepRevisions = keepRevisions;
    b.verifyImages = verifyImages;
    b.pinImageDigests = pinImageDigests;
    b.promoteTag = promoteTag;
    b.listener = listener;
    b.clock = clock;
    b.sleeper = sleeper;
    return b;
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
   * applies the edits, checks ECR images, and diffs the result against the running revision. Calls
   * only Describe APIs.
   *
   * @return the plan
   * @throws ImageNotFoundException when an ECR image the plan needs does not exist
   * @throws EcsDeployException when the service cannot be read or an edit does not fit
   */
  public DeploymentPlan plan() {
    return prepare(watcher());
  }

  /**
   * Deploys, waits until the deployment has really succeeded, and returns the result.
   *
   * @return the result
   * @throws DeploymentFailedException when the deployment failed (after the rollback, if on)
   * @throws DeploymentTimeoutException when it did not complete within the timeout
   * @throws ImageNotFoundException when an ECR image does not exist (nothing was changed)
   * @throws EcsDeployException when ECS refuses a call, or when the deploy succeeded but the
   *     promotion tag could not be set (the message says so)
   */
  public DeploymentResult deploy() {
    Instant started = clock.instant();
    RolloutWatcher watcher = watcher();
    DeploymentPlan plan = prepare(watcher);
    String previous = plan.previousTaskDefinitionArn();
    emit(new DeploymentEvent.Planned(previous, plan.diff()));

    String arn;
    try {
      arn = ecs.registerTaskDefinition(plan.taskDefinition()).taskDefinition().taskDefinitionArn();
    } catch (SdkException e) {
      throw new EcsDeployException("RegisterTaskDefinition failed: " + e.getMessage(), e);
    }
    LOG.info("Registered {}", arn);
    emit(new DeploymentEvent.Registered(arn));

    Deployment ours = update(arn);
    emit(new DeploymentEvent.ServiceUpdated(ours.id(), arn));
    LOG.info("Updated {}/{} to {}: deployment {}", cluster, service, arn, ours.id());

    WatchTarget target = target(ours, arn, previous);
    Outcome outcome = watcher.watch(target, started.plus(timeout));
    if (!outcome.succeeded()) {
      throw failure(watcher, outcome, arn, previous);
    }
    emit(new DeploymentEvent.Succeeded(ours.id(), arn));
    LOG.info("Deployment {} of {} succeeded", ours.id(), arn);

    List<String> deregistered = List.of();
    if (keepRevisions > 0) {
      deregistered =
          RevisionCleanup.deregisterOld(
              ecs, plan.taskDefinition().family(), keepRevisions, Set.of(arn, previous));
      deregistered.forEach(d -> emit(new DeploymentEvent.Deregistered(d)));
    }
    List<String> promoted;
    try {
      promoted = promote(plan);
    } catch (EcsDeployException e) {
      throw new EcsDeployException(
          "deployed "
              + arn
              + ", but promoting its images to "
              + promoteTag
              + " failed: "
              + e.getMessage(),
          e);
    }
    Service last = outcome.service();
    return new DeploymentResult(
        arn,
        previous,
        ours.id(),
        outcome.serviceDeploymentArn(),
        started,
        clock.instant(),
        last.runningCount() == null ? 0 : last.runningCount(),
        watcher.polls(),
        deregistered,
        promoted);
  }

  private RolloutWatcher watcher() {
    return new RolloutWatcher(
        ecs,
        cluster,
        service,
        clock,
        sleeper,
        pollInterval,
        maxPollInterval,
        pollJitter,
        this::emit);
  }

  private DeploymentPlan prepare(RolloutWatcher watcher) {
    Service svc = watcher.describe();
    watcher.ignoreEventsOf(svc);
    String previous = svc.taskDefinition();
    if (svc.deployments().size() > 1) {
      LOG.warn(
          "{}/{} has {} deployments in progress; this deploy replaces them and its rollback target"
              + " is {}, the revision of the current PRIMARY deployment",
          cluster,
          service,
          svc.deployments().size(),
          previous);
    }
    RegisterTaskDefinitionRequest running = describeTaskDefinition(previous);
    RegisterTaskDefinitionRequest next = edit.applyTo(source != null ? source : running);
    List<String> checked = new ArrayList<>();
    if (ecr != null && (verifyImages || pinImageDigests)) {
      next = checkImages(EcrImages.create(ecr), running, next, checked);
    }
    return new DeploymentPlan(
        cluster, service, previous, next, TaskDefinitionDiff.between(running, next), checked);
  }

  private RegisterTaskDefinitionRequest describeTaskDefinition(String arn) {
    try {
      DescribeTaskDefinitionResponse d =
          ecs.describeTaskDefinition(r -> r.taskDefinition(arn).include(TaskDefinitionField.TAGS));
      return TaskDefinitionCopy.of(d.taskDefinition(), d.tags());
    } catch (SdkException e) {
      throw new EcsDeployException(
          "cannot describe task definition " + arn + ": " + e.getMessage(), e);
    }
  }

  private RegisterTaskDefinitionRequest checkImages(
      EcrImages images,
      RegisterTaskDefinitionRequest running,
      RegisterTaskDefinitionRequest next,
      List<String> checked) {
    Map<String, String> runningImages = new HashMap<>();
    running.containerDefinitions().forEach(c -> runningImages.put(c.name(), c.image()));
    List<ContainerDefinition> containers = new ArrayList<>();
    boolean changed = false;
    for (ContainerDefinition c : next.containerDefinitions()) {
      ImageReference ref = c.image() == null ? null : parseOrNull(c.image());
      if (ref == null || !ref.isEcr() || c.image().equals(runningImages.get(c.name()))) {
        containers.add(c);
        continue;
      }
      ImageReference deployed = pinImageDigests ? images.pinToDigest(ref) : ref;
      if (!pinImageDigests) {
        images.digestOf(ref);
      }
      checked.add(deployed.toString());
      changed |= !deployed.equals(ref);
      containers.add(c.toBuilder().image(deployed.toString()).build());
    }
    return changed ? next.toBuilder().containerDefinitions(containers).build() : next;
  }

  private static @Nullable ImageReference parseOrNull(String image) {
    try {
      return ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Deployment update(String arn) {
    Service updated;
    try {
      updated =
          ecs.updateService(r -> r.cluster(cluster).service(service).taskDefinition(arn)).service();
    } catch (SdkException e) {
      throw new EcsDeployException("UpdateService failed: " + e.getMessage(), e);
    }
    for (Deployment d : updated.deployments()) {
      if ("PRIMARY".equals(d.status()) && arn.equals(d.taskDefinition())) {
        return d;
      }
    }
    throw new EcsDeployException(
        "UpdateService returned no PRIMARY deployment of "
            + arn
            + " for "
            + cluster
            + "/"
            + service);
  }

  private WatchTarget target(Deployment d, String arn, String previous) {
    int desired = d.desiredCount() == null ? 0 : d.desiredCount();
    int limit =
        maxFailedTasks != null ? maxFailedTasks : Math.max(3, Math.min(200, (desired + 1) / 2));
    return new WatchTarget(
        d.id(),
        arn,
        previous,
        d.createdAt() == null ? clock.instant() : d.createdAt(),
        limit,
        maxFailedTasks != null);
  }

  private DeploymentFailedException failure(
      RolloutWatcher watcher, Outcome outcome, String arn, String previous) {
    FailureKind kind = Objects.requireNonNull(outcome.failure());
    LOG.warn("Deployment of {} failed ({}): {}", arn, kind, outcome.reason());
    emit(new DeploymentEvent.Failed(kind, outcome.reason()));
    List<StoppedTask> stopped = StoppedTasks.of(ecs, cluster, service, arn);
    boolean rolledBack = false;
    String problem = null;
    if (rollbackOnFailure && kind != FailureKind.REPLACED) {
      boolean byBreaker = kind == FailureKind.CIRCUIT_BREAKER_ROLLBACK;
      emit(new DeploymentEvent.RollbackStarted(previous, byBreaker));
      try {
        Deployment back =
            byBreaker ? rollbackDeployment(watcher, outcome.service(), previous) : update(previous);
        if (back == null) {
          problem = "no rollback deployment of " + previous + " was found";
        } else {
          WatchTarget target =
              new WatchTarget(
                  back.id(),
                  previous,
                  arn,
                  back.createdAt() == null ? clock.instant() : back.createdAt(),
                  target(back, previous, arn).maxFailedTasks(),
                  false);
          Outcome rollback =
              watcher.watch(
                  target,
                  clock.instant().plus(rollbackTimeout != null ? rollbackTimeout : timeout));
          rolledBack = rollback.succeeded();
          problem = rolledBack ? null : rollback.failure() + ": " + rollback.reason();
        }
      } catch (EcsDeployException e) {
        problem = e.getMessage();
      }
      emit(new DeploymentEvent.RollbackFinished(previous, rolledBack));
      LOG.warn(
          "Rollback of {}/{} to {} {}",
          cluster,
          service,
          previous,
          rolledBack ? "succeeded" : "failed: " + problem);
    }
    String where = cluster + "/" + service;
    List<ServiceEvent> events = watcher.received();
    if (kind == FailureKind.TIMEOUT) {
      return new DeploymentTimeoutException(
          where, arn, previous, outcome.reason(), events, stopped, rolledBack, problem);
    }
    return new DeploymentFailedException(
        kind, where, arn, previous, outcome.reason(), events, stopped, rolledBack, problem);
  }

  /**
   * Finds the deployment ECS's circuit breaker started to roll back to {@code previous}; it may
   * appear a moment after our deployment is marked FAILED, so a few more polls look for it.
   */
  private @Nullable Deployment rollbackDeployment(
      RolloutWatcher watcher, Service snapshot, String previous) {
    Service s = snapshot;
    for (int attempt = 0; ; attempt++) {
      for (Deployment d : s.deployments()) {
        if ("PRIMARY".equals(d.status()) && previous.equals(d.taskDefinition())) {
          return d;
        }
      }
      if (attempt == ROLLBACK_LOOKUPS) {
        return null;
      }
      try {
        sleeper.sleep(pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EcsDeployException("interrupted while looking for the rollback deployment", e);
      }
      s = watcher.describe();
    }
  }

  private List<String> promote(DeploymentPlan plan) {
    if (promoteTag == null || ecr == null) {
      return List.of();
    }
    EcrImages images = EcrImages.create(ecr);
    Set<String> done = new LinkedHashSet<>();
    for (ContainerDefinition c : plan.taskDefinition().containerDefinitions()) {
      ImageReference ref = c.image() == null ? null : parseOrNull(c.image());
      if (ref != null && ref.isEcr() && plan.checkedImages().contains(ref.toString())) {
        String promoted = images.promote(ref, promoteTag).toString();
        if (done.add(promoted)) {
          emit(new DeploymentEvent.ImagePromoted(promoted));
        }
      }
    }
    return List.copyOf(done);
  }

  private void emit(DeploymentEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("Deployment listener failed on {}; carrying on", event, e);
    }
  }

  /**
   * Configures an {@link EcsDeployer}; {@code ecsClient}, {@code cluster} and {@code service} are
   * required.
   */
  public static final class Builder {
    private @Nullable EcsClient ecs;
    private @Nullable EcrClient ecr;
    private @Nullable String cluster;
    private @Nullable String service;
    private final TaskDefinitionEdit.Builder edit;
    private @Nullable RegisterTaskDefinitionRequest source;
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable Duration rollbackTimeout;
    private boolean rollbackOnFailure;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration maxPollInterval = DEFAULT_MAX_POLL_INTERVAL;
    private double pollJitter = DEFAULT_POLL_JITTER;
    private @Nullable Integer maxFailedTasks;
    private int keepRevisions;
    private boolean verifyImages = true;
    private boolean pinImageDigests;
    private @Nullable String promoteTag;
    private DeploymentListener listener = DeploymentListener.NONE;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {
      this(TaskDefinitionEdit.builder());
    }

    private Builder(TaskDefinitionEdit.Builder edit) {
      this.edit = edit;
    }

    /**
     * Sets the ECS client (required); it stays the caller's.
     *
     * @param client the client
     * @return this builder
     */
    public Builder ecsClient(EcsClient client) {
      this.ecs = Objects.requireNonNull(client, "ecsClient");
      return this;
    }

    /**
     * Sets an ECR client, to check that ECR images exist before anything changes and to pin or
     * promote them; without it images are not checked.
     *
     * @param client the client
     * @return this builder
     */
    public Builder ecrClient(EcrClient client) {
      this.ecr = Objects.requireNonNull(client, "ecrClient");
      return this;
    }

    /**
     * Sets the cluster (required).
     *
     * @param name the cluster name or ARN
     * @return this builder
     */
    public Builder cluster(String name) {
      this.cluster = Objects.requireNonNull(name, "cluster");
      return this;
    }

    /**
     * Sets the service (required).
     *
     * @param name the service name or ARN
     * @return this builder
     */
    public Builder service(String name) {
      this.service = Objects.requireNonNull(name, "service");
      return this;
    }

    /**
     * Runs the named container on an image.
     *
     * @param container the container name
     * @param image the image reference
     * @return this builder
     */
    public Builder image(String container, String image) {
      edit.image(container, image);
      return this;
    }

    /**
     * Runs every container whose image is in the same repository on this image.
     *
     * @param image the image, such as {@code registry/team/app:1.2}
     * @return this builder
     */
    public Builder repositoryImage(String image) {
      edit.repositoryImage(image);
      return this;
    }

    /**
     * Changes only the tag of every container image of a repository.
     *
     * @param repository the repository, with or without its registry
     * @param tag the new tag
     * @return this builder
     */
    public Builder repositoryTag(String repository, String tag) {
      edit.repositoryTag(repository, tag);
      return this;
    }

    /**
     * Sets environment variables of a container, keeping the others.
     *
     * @param container the container name
     * @param variables name to value
     * @return this builder
     */
    public Builder environment(String container, Map<String, String> variables) {
      edit.environment(container, variables);
      return this;
    }

    /**
     * Sets secrets of a container, keeping the others.
     *
     * @param container the container name
     * @param valueFrom secret name to the ARN of the secret or parameter
     * @return this builder
     */
    public Builder secrets(String container, Map<String, String> valueFrom) {
      edit.secrets(container, valueFrom);
      return this;
    }

    /**
     * Sets the task cpu.
     *
     * @param cpu such as {@code 512}
     * @return this builder
     */
    public Builder cpu(String cpu) {
      edit.cpu(cpu);
      return this;
    }

    /**
     * Sets the task memory.
     *
     * @param memory such as {@code 1024}
     * @return this builder
     */
    public Builder memory(String memory) {
      edit.memory(memory);
      return this;
    }

    /**
     * Makes more task-definition edits at once.
     *
     * @param edits the edits to make
     * @return this builder
     */
    public Builder edit(Consumer<TaskDefinitionEdit.Builder> edits) {
      edits.accept(edit);
      return this;
    }

    /**
     * Starts from this definition instead of the service's current revision; the edits still apply.
     *
     * @param definition the definition
     * @return this builder
     */
    public Builder taskDefinition(RegisterTaskDefinitionRequest definition) {
      this.source = Objects.requireNonNull(definition, "taskDefinition");
      return this;
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
     * Sets how long the deployment may take, from the start of {@code deploy()}; default {@link
     * #DEFAULT_TIMEOUT}.
     *
     * @param duration the timeout
     * @return this builder
     */
    public Builder timeout(Duration duration) {
      this.timeout = positive(duration, "timeout");
      return this;
    }

    /**
     * Sets how long a rollback may take; default: the deploy timeout.
     *
     * @param duration the timeout
     * @return this builder
     */
    public Builder rollbackTimeout(Duration duration) {
      this.rollbackTimeout = positive(duration, "rollbackTimeout");
      return this;
    }

    /**
     * On failure, brings the service back to the revision it ran before the deploy and waits for it
     * (default off). A circuit-breaker rollback is waited for; otherwise the deployer calls {@code
     * UpdateService} with the previous revision. A deployment replaced by someone else's is never
     * rolled back.
     *
     * @param enabled whether to roll back
     * @return this builder
     */
    public Builder rollbackOnFailure(boolean enabled) {
      this.rollbackOnFailure = enabled;
      return this;
    }

    /**
     * Sets the normal time between polls; default {@link #DEFAULT_POLL_INTERVAL}.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval, "pollInterval");
      return this;
    }

    /**
     * Sets the longest time between polls when ECS throttles; default {@link
     * #DEFAULT_MAX_POLL_INTERVAL}.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder maxPollInterval(Duration interval) {
      this.maxPollInterval = positive(interval, "maxPollInterval");
      return this;
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
      this.pollJitter = fraction;
      return this;
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
      this.maxFailedTasks = count;
      return this;
    }

    /**
     * After a successful deploy, deregisters older ACTIVE revisions of the family beyond the newest
     * {@code count}, never the running revision or the rollback target; default 0 (off).
     *
     * @param count how many revisions to keep
     * @return this builder
     */
    public Builder keepRevisions(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("keepRevisions must not be negative");
      }
      this.keepRevisions = count;
      return this;
    }

    /**
     * Checks that changed ECR images exist before anything changes (default on; needs {@link
     * #ecrClient}).
     *
     * @param enabled whether to check
     * @return this builder
     */
    public Builder verifyImages(boolean enabled) {
      this.verifyImages = enabled;
      return this;
    }

    /**
     * Deploys changed ECR images by digest, resolved from their tags now (default off; needs {@link
     * #ecrClient}).
     *
     * @param enabled whether to pin
     * @return this builder
     */
    public Builder pinImageDigests(boolean enabled) {
      this.pinImageDigests = enabled;
      return this;
    }

    /**
     * After a successful deploy, gives each changed ECR image this tag too (such as {@code
     * production}), without Docker; needs {@link #ecrClient}.
     *
     * @param tag the tag
     * @return this builder
     */
    public Builder promoteTag(String tag) {
      this.promoteTag = Objects.requireNonNull(tag, "promoteTag");
      return this;
    }

    /**
     * Sets the progress listener; default {@link DeploymentListener#NONE}.
     *
     * @param l the listener
     * @return this builder
     */
    public Builder listener(DeploymentListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /**
     * Sets the clock the timeout is measured on; default the system UTC clock.
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Sets how to wait between polls; default {@link Sleeper#SYSTEM}.
     *
     * @param s the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper s) {
      this.sleeper = Objects.requireNonNull(s, "sleeper");
      return this;
    }

    /**
     * Builds the deployer.
     *
     * @return the deployer
     * @throws IllegalStateException naming a missing required field or a conflicting option
     */
    public EcsDeployer build() {
      if (ecs == null) {
        throw new IllegalStateException("ecsClient is required");
      }
      if (cluster == null) {
        throw new IllegalStateException("cluster is required");
      }
      if (service == null) {
        throw new IllegalStateException("service is required");
      }
      if ((pinImageDigests || promoteTag != null) && ecr == null) {
        throw new IllegalStateException("pinImageDigests and promoteTag need an ecrClient");
      }
      if (maxPollInterval.compareTo(pollInterval) < 0) {
        throw new IllegalStateException("maxPollInterval is shorter than pollInterval");
      }
      return new EcsDeployer(this);
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
