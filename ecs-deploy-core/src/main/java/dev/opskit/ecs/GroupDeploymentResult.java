package dev.opskit.ecs;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a group deploy did, service by service, in the order the deployers were added.
 *
 * <pre>{@code
 * if (result.services().get("api") instanceof ServiceOutcome.RolledBack b) {
 *   log.info("api is back on {}", b.revision());
 * }
 * }</pre>
 */
public final class GroupDeploymentResult {
  private final Map<String, ServiceOutcome> services;
  private final Instant startedAt;
  private final Instant finishedAt;
  private final int pollRounds;
  private final int describeCalls;

  GroupDeploymentResult(
      Map<String, ServiceOutcome> services,
      Instant startedAt,
      Instant finishedAt,
      int pollRounds,
      int describeCalls) {
    this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
    this.finishedAt = Objects.requireNonNull(finishedAt, "finishedAt");
    this.pollRounds = pollRounds;
    this.describeCalls = describeCalls;
  }

  /**
   * Returns each service's outcome, by service name, in the order the deployers were added.
   *
   * @return the outcomes
   */
  public Map<String, ServiceOutcome> services() {
    return services;
  }

  /**
   * Tells whether every service deployed.
   *
   * @return true when every outcome is {@link ServiceOutcome.Deployed}
   */
  public boolean succeeded() {
    return services.values().stream().allMatch(o -> o instanceof ServiceOutcome.Deployed);
  }

  /**
   * Returns the services whose outcome is of one kind, in order.
   *
   * @param kind such as {@code ServiceOutcome.RolledBack.class}
   * @return their names
   */
  public List<String> servicesThat(Class<? extends ServiceOutcome> kind) {
    return services.values().stream()
        .filter(kind::isInstance)
        .map(ServiceOutcome::service)
        .toList();
  }

  /**
   * Returns when the group deploy started.
   *
   * @return the start, on the group's clock
   */
  public Instant startedAt() {
    return startedAt;
  }

  /**
   * Returns when it ended, rollbacks included.
   *
   * @return the end, on the group's clock
   */
  public Instant finishedAt() {
    return finishedAt;
  }

  /**
   * Returns how long it took.
   *
   * @return the duration
   */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  /**
   * Returns how many rounds read the group's services together: the polls, and the reads before the
   * services plan and after errors.
   *
   * @return the rounds
   */
  public int pollRounds() {
    return pollRounds;
  }

  /**
   * Returns how many {@code DescribeServices} calls the rounds made: one per cluster and 10
   * services in each round.
   *
   * @return the calls
   */
  public int describeCalls() {
    return describeCalls;
  }

  /**
   * Returns a one-line summary.
   *
   * @return such as {@code GroupDeploymentResult[Deployed=2, Failed=1, NotStarted=3]}
   */
  @Override
  public String toString() {
    return "GroupDeploymentResult"
        + services.values().stream()
            .collect(
                Collectors.groupingBy(
                    o -> o.getClass().getSimpleName(), LinkedHashMap::new, Collectors.counting()))
            .toString();
  }
}
