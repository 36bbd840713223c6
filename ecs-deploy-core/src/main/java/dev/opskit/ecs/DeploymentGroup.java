package dev.opskit.ecs;

import static dev.opskit.ecs.internal.DeploySettings.SERVICE;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Deploys a group of ECS services as one unit: in waves or a few at a time, polling the services of
 * a cluster together, and with one answer for the whole group.
 *
 * <pre>{@code
 * GroupDeploymentResult r = DeploymentGroup.builder()
 *     .add(EcsDeployer.builder().ecsClient(ecs).cluster("prod").service("api").image("app", api).build())
 *     .add(EcsDeployer.builder().ecsClient(ecs).cluster("prod").service("worker").image("app", w).build())
 *     .add(EcsDeployer.builder().ecsClient(ecs).cluster("prod").service("cron").image("app", c).build())
 *     .waves(List.of(List.of("api"), List.of("worker", "cron")))   // or maxParallel(n)
 *     .onFailure(GroupFailurePolicy.ROLLBACK_ALL)                  // or STOP, CONTINUE
 *     .listener(event -> log.info("{}", event))
 *     .build()
 *     .deploy();
 * }</pre>
 *
 * <p>Each service is deployed by its own {@link EcsDeployer}, with that deployer's settings and
 * contract, on a thread of the group. While services deploy at the same time, their polls wait for
 * the group's poll round: the round waits {@link Builder#pollInterval(Duration)} once, then reads
 * the services of each cluster with one {@code DescribeServices} call per 10 services, so 30
 * services make 3 calls per round instead of 30. When ECS throttles a round (or it fails with
 * another transient error), the group backs off once, doubling the wait up to {@link
 * Builder#maxPollInterval(Duration)}, instead of once per service. The deployers' own {@code
 * pollInterval} and {@code maxPollInterval} then apply only to their other calls' retries.
 *
 * <p>Each deployer's own listener still receives its events, on the group thread that deploys its
 * service; the group's listener receives them too, tagged with the service name ({@link
 * GroupDeploymentEvent.ServiceProgress}). A service that deployed is rolled back by the group with
 * {@code UpdateService} to the revision its deploy captured, and that deployment is watched with
 * the service's own strategy (a blue/green service goes back with a blue/green deployment).
 *
 * <p>Instances are immutable and reusable; the clients stay the caller's and are never closed.
 */
public final class DeploymentGroup {
  /** Default {@link Builder#maxParallel(int)} when no waves are set: one service at a time. */
  public static final int DEFAULT_MAX_PARALLEL = 1;

  /** Default {@link Builder#onFailure(GroupFailurePolicy)}: {@link GroupFailurePolicy#STOP}. */
  public static final GroupFailurePolicy DEFAULT_FAILURE_POLICY = GroupFailurePolicy.STOP;

  private final List<EcsDeployer> members;
  private final List<List<String>> waves;
  private final @Nullable Integer maxParallel;
  private final GroupFailurePolicy policy;
  private final GroupDeploymentListener listener;
  private final Duration pollInterval;
  private final Duration maxPollInterval;
  private final Clock clock;
  private final Sleeper sleeper;

  private DeploymentGroup(Builder b) {
    this.members = List.copyOf(b.members);
    this.waves = b.waves.stream().map(List::copyOf).toList();
    this.maxParallel = b.maxParallel;
    this.policy = b.policy;
    this.listener = b.listener;
    this.pollInterval = b.pollInterval;
    this.maxPollInterval = b.maxPollInterval;
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
   * Returns a builder with this group's settings, for a variant.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.members.addAll(members);
    b.waves.addAll(waves);
    b.maxParallel = maxParallel;
    b.policy = policy;
    b.listener = listener;
    b.pollInterval = pollInterval;
    b.maxPollInterval = maxPollInterval;
    b.clock = clock;
    b.sleeper = sleeper;
    return b;
  }

  /**
   * Returns a copy with some settings changed.
   *
   * @param changes the changes to make to a builder holding this group's settings
   * @return the new group
   */
  public DeploymentGroup copy(Consumer<Builder> changes) {
    Builder b = toBuilder();
    changes.accept(b);
    return b.build();
  }

  /**
   * Deploys every service, wave after wave (or at most {@code maxParallel} at a time, in the order
   * they were added), applies the failure policy, and returns when every service has finished,
   * rollbacks included.
   *
   * @return the result, when every service deployed
   * @throws GroupDeploymentFailedException when a service did not deploy; its {@link
   *     GroupDeploymentFailedException#result()} says what happened to each service. An interrupted
   *     group deploy stops its services (each rolls back as its deployer's contract says), throws
   *     it and leaves the thread's interrupt flag set
   */
  public GroupDeploymentResult deploy() {
    GroupDeploymentResult result = new GroupRun(this).run();
    if (!result.succeeded()) {
      throw new GroupDeploymentFailedException(result);
    }
    return result;
  }

  List<EcsDeployer> members() {
    return members;
  }

  /** The waves to run; without waves, one wave of every service in order. */
  List<List<String>> waves() {
    if (!waves.isEmpty()) {
      return waves;
    }
    return List.of(members.stream().map(m -> m.settings().get(SERVICE)).toList());
  }

  /** How many services of a wave deploy at once. */
  int parallelism(List<String> wave) {
    return maxParallel != null ? maxParallel : waves.isEmpty() ? DEFAULT_MAX_PARALLEL : wave.size();
  }

  GroupFailurePolicy policy() {
    return policy;
  }

  GroupDeploymentListener listener() {
    return listener;
  }

  Duration pollInterval() {
    return pollInterval;
  }

  Duration maxPollInterval() {
    return maxPollInterval;
  }

  Clock clock() {
    return clock;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  /** Configures a {@link DeploymentGroup}; at least one deployer is required. */
  public static final class Builder {
    private final List<EcsDeployer> members = new ArrayList<>();
    private final List<List<String>> waves = new ArrayList<>();
    private @Nullable Integer maxParallel;
    private GroupFailurePolicy policy = DEFAULT_FAILURE_POLICY;
    private GroupDeploymentListener listener = GroupDeploymentListener.NONE;
    private Duration pollInterval = EcsDeployer.DEFAULT_POLL_INTERVAL;
    private Duration maxPollInterval = EcsDeployer.DEFAULT_MAX_POLL_INTERVAL;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {}

    /**
     * Adds a service: the deployer that deploys it. Services are named by their deployer's {@code
     * service}, which must be unique in the group.
     *
     * @param deployer the deployer
     * @return this builder
     */
    public Builder add(EcsDeployer deployer) {
      members.add(Objects.requireNonNull(deployer, "deployer"));
      return this;
    }

    /**
     * Adds several services.
     *
     * @param deployers the deployers
     * @return this builder
     */
    public Builder addAll(Collection<EcsDeployer> deployers) {
      Objects.requireNonNull(deployers, "deployers").forEach(this::add);
      return this;
    }

    /**
     * Deploys in waves: the services of a wave at the same time, and the next wave only when every
     * service of this one has finished. Every service must be in exactly one wave. Not together
     * with {@link #maxParallel(int)}.
     *
     * @param waves the waves, each a list of service names
     * @return this builder
     */
    public Builder waves(List<List<String>> waves) {
      Objects.requireNonNull(waves, "waves");
      this.waves.clear();
      for (List<String> wave : waves) {
        this.waves.add(List.copyOf(Objects.requireNonNull(wave, "wave")));
      }
      return this;
    }

    /**
     * Deploys at most this many services at a time, in the order they were added; default {@link
     * #DEFAULT_MAX_PARALLEL}. Not together with {@link #waves(List)}.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder maxParallel(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("maxParallel must be at least 1");
      }
      this.maxParallel = count;
      return this;
    }

    /**
     * Sets what happens when a service fails; default {@link #DEFAULT_FAILURE_POLICY}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder onFailure(GroupFailurePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "onFailure");
      return this;
    }

    /**
     * Sets the listener; default {@link GroupDeploymentListener#NONE}. The deployers' own listeners
     * still receive their events.
     *
     * @param l the listener
     * @return this builder
     */
    public Builder listener(GroupDeploymentListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /**
     * Sets the wait before each poll round; default {@link EcsDeployer#DEFAULT_POLL_INTERVAL}.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval, "pollInterval");
      return this;
    }

    /**
     * Sets the longest wait before a poll round after transient errors; default {@link
     * EcsDeployer#DEFAULT_MAX_POLL_INTERVAL}.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder maxPollInterval(Duration interval) {
      this.maxPollInterval = positive(interval, "maxPollInterval");
      return this;
    }

    /**
     * Sets the clock the poll rounds read deadlines on; default the system UTC clock.
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Sets how the poll rounds wait; default {@link Sleeper#SYSTEM}.
     *
     * @param s the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper s) {
      this.sleeper = Objects.requireNonNull(s, "sleeper");
      return this;
    }

    /**
     * Checks the services and waves and builds the group.
     *
     * @return the group
     * @throws IllegalStateException when no deployer was added, two deployers deploy the same
     *     service, waves and maxParallel are both set, a wave is empty or names a service no
     *     deployer deploys, a service is in no wave or in two, or maxPollInterval is shorter than
     *     pollInterval
     */
    public DeploymentGroup build() {
      if (members.isEmpty()) {
        throw new IllegalStateException("add at least one deployer");
      }
      Map<String, Integer> names = new LinkedHashMap<>();
      for (EcsDeployer m : members) {
        String name = m.settings().get(SERVICE);
        if (names.put(name, names.size()) != null) {
          throw new IllegalStateException("service " + name + " is added twice");
        }
      }
      if (maxPollInterval.compareTo(pollInterval) < 0) {
        throw new IllegalStateException("maxPollInterval is shorter than pollInterval");
      }
      if (!waves.isEmpty()) {
        if (maxParallel != null) {
          throw new IllegalStateException("set waves or maxParallel, not both");
        }
        checkWaves(names.keySet());
      }
      return new DeploymentGroup(this);
    }

    private void checkWaves(Collection<String> services) {
      Map<String, Integer> waveOf = new HashMap<>();
      for (int i = 0; i < waves.size(); i++) {
        int wave = i + 1;
        if (waves.get(i).isEmpty()) {
          throw new IllegalStateException("wave " + wave + " is empty");
        }
        for (String name : waves.get(i)) {
          if (!services.contains(name)) {
            throw new IllegalStateException(
                "wave "
                    + wave
                    + " names service "
                    + name
                    + ", which no deployer of the group deploys");
          }
          Integer before = waveOf.put(name, wave);
          if (before != null) {
            throw new IllegalStateException(
                "service " + name + " is in wave " + before + " and wave " + wave);
          }
        }
      }
      for (String name : services) {
        if (!waveOf.containsKey(name)) {
          throw new IllegalStateException("service " + name + " is in no wave");
        }
      }
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
