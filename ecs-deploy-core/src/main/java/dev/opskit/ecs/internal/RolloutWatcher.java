package dev.opskit.ecs.internal;

import dev.opskit.ecs.DeploymentEvent;
import dev.opskit.ecs.EcsDeployException;
import dev.opskit.ecs.FailureKind;
import dev.opskit.ecs.ServiceEvent;
import dev.opskit.ecs.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/**
 * Polls one service until the watched deployment has really succeeded or has failed, with one
 * {@code DescribeServices} per poll. The interval doubles (up to a maximum) when ECS throttles a
 * poll past the SDK's own retries and halves back towards the base after each answered poll.
 *
 * <p>Success: our deployment's {@code rolloutState} is COMPLETED (or, without rollout states, it is
 * the only deployment), it is the PRIMARY one, it runs our revision, and running equals desired for
 * the deployment and the service. The service-deployments API, where it exists, must agree
 * (SUCCESSFUL). Failure, on the first poll that shows it: our deployment FAILED (with or without a
 * circuit-breaker rollback), replaced by another, too many stopped tasks, or the deadline.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class RolloutWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutWatcher.class);

  private final EcsClient ecs;
  private final String cluster;
  private final String service;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration basePoll;
  private final Duration maxPoll;
  private final double jitter;
  private final Consumer<DeploymentEvent> emit;
  private final ServiceDeployments serviceDeployments;
  private final Set<String> seenEvents = new HashSet<>();
  private final List<ServiceEvent> received = new ArrayList<>();
  private int polls;

  /**
   * Creates a watcher for one service.
   *
   * @param ecs the client
   * @param cluster the cluster
   * @param service the service
   * @param clock the clock deadlines are measured on
   * @param sleeper how to wait between polls
   * @param basePoll the normal poll interval
   * @param maxPoll the longest interval throttling can push it to
   * @param jitter the fraction by which each wait varies at random (0 for none), so pipelines that
   *     start together do not poll in step
   * @param emit where progress events go
   */
  public RolloutWatcher(
      EcsClient ecs,
      String cluster,
      String service,
      Clock clock,
      Sleeper sleeper,
      Duration basePoll,
      Duration maxPoll,
      double jitter,
      Consumer<DeploymentEvent> emit) {
    this.ecs = ecs;
    this.cluster = cluster;
    this.service = service;
    this.clock = clock;
    this.sleeper = sleeper;
    this.basePoll = basePoll;
    this.maxPoll = maxPoll;
    this.jitter = jitter;
    this.emit = emit;
    this.serviceDeployments = new ServiceDeployments(ecs, cluster, service);
  }

  /**
   * Reads the service once.
   *
   * @return the service
   * @throws EcsDeployException when the service does not exist or the call fails
   */
  public Service describe() {
    DescribeServicesResponse response;
    try {
      response = ecs.describeServices(r -> r.cluster(cluster).services(service));
    } catch (SdkException e) {
      throw new EcsDeployException(
          "cannot describe service " + cluster + "/" + service + ": " + e.getMessage(), e);
    }
    return requireActive(response);
  }

  private Service requireActive(DescribeServicesResponse response) {
    if (response.services().isEmpty()) {
      String why =
          response.failures().isEmpty() ? "not found" : response.failures().get(0).reason();
      throw new EcsDeployException("service " + cluster + "/" + service + ": " + why);
    }
    Service s = response.services().get(0);
    if (!"ACTIVE".equals(s.status())) {
      throw new EcsDeployException(
          "service " + cluster + "/" + service + " is " + s.status() + ", not ACTIVE");
    }
    return s;
  }

  /**
   * Marks the service's current events as seen, so only newer ones are reported.
   *
   * @param snapshot the service before the deploy
   */
  public void ignoreEventsOf(Service snapshot) {
    snapshot.events().forEach(e -> seenEvents.add(e.id()));
  }

  /**
   * Returns the service events received while watching, newest first.
   *
   * @return the events
   */
  public List<ServiceEvent> received() {
    List<ServiceEvent> newestFirst = new ArrayList<>(received);
    java.util.Collections.reverse(newestFirst);
    return newestFirst;
  }

  /**
   * Returns the number of answered polls so far.
   *
   * @return the polls
   */
  public int polls() {
    return polls;
  }

  /**
   * Waits until the target deployment succeeded or failed.
   *
   * @param target the deployment
   * @param deadline when to give up with {@link FailureKind#TIMEOUT}
   * @return the outcome
   * @throws EcsDeployException when a poll fails for another reason than throttling, or the thread
   *     is interrupted
   */
  public Outcome watch(WatchTarget target, Instant deadline) {
    Duration interval = basePoll;
    Service last = null;
    String lastCounts = null;
    String lastRollout = null;
    while (true) {
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        Service s = last != null ? last : describe();
        return new Outcome(FailureKind.TIMEOUT, timeoutReason(s, target), s, null);
      }
      Duration wait = Duration.between(now, deadline);
      Duration next = jittered(interval);
      sleep(wait.compareTo(next) < 0 ? wait : next);
      DescribeServicesResponse response;
      try {
        response = ecs.describeServices(r -> r.cluster(cluster).services(service));
      } catch (AwsServiceException e) {
        if (!e.isThrottlingException()) {
          throw new EcsDeployException(
              "cannot describe service " + cluster + "/" + service + ": " + e.getMessage(), e);
        }
        interval =
            interval.multipliedBy(2).compareTo(maxPoll) > 0 ? maxPoll : interval.multipliedBy(2);
        LOG.warn("DescribeServices throttled; next poll in {}", interval);
        emit.accept(new DeploymentEvent.Throttled("DescribeServices", interval));
        continue;
      } catch (SdkException e) {
        throw new EcsDeployException(
            "cannot describe service " + cluster + "/" + service + ": " + e.getMessage(), e);
      }
      Service s = requireActive(response);
      polls++;
      last = s;
      Duration halved = interval.dividedBy(2);
      interval = halved.compareTo(basePoll) < 0 ? basePoll : halved;
      reportEvents(s);
      Deployment ours = find(s, target.deploymentId());
      if (ours != null) {
        String counts =
            ours.desiredCount()
                + "/"
                + ours.pendingCount()
                + "/"
                + ours.runningCount()
                + "/"
                + ours.failedTasks();
        if (!counts.equals(lastCounts)) {
          lastCounts = counts;
          emit.accept(
              new DeploymentEvent.TaskCounts(
                  ours.id(),
                  n(ours.desiredCount()),
                  n(ours.pendingCount()),
                  n(ours.runningCount()),
                  n(ours.failedTasks())));
        }
        String rollout = ours.rolloutStateAsString();
        if (rollout != null && !rollout.equals(lastRollout)) {
          lastRollout = rollout;
          emit.accept(
              new DeploymentEvent.RolloutStateChanged(
                  ours.id(), rollout, String.valueOf(ours.rolloutStateReason())));
        }
      }
      Outcome outcome = evaluate(s, target);
      if (outcome == null) {
        continue;
      }
      if (!outcome.succeeded()) {
        return explain(outcome, target);
      }
      outcome = confirm(outcome, target);
      if (outcome != null) {
        return outcome;
      }
    }
  }

  /**
   * Adds what the service-deployments API knows to a failure: ECS's reason when our deployment is
   * already gone from the deployments list (a circuit-breaker rollback that finished between two
   * polls), or why it was stopped.
   */
  private Outcome explain(Outcome failed, WatchTarget target) {
    Optional<ServiceDeployment> found =
        serviceDeployments.find(target.createdAt(), target.taskDefinitionArn());
    if (found.isEmpty()) {
      return failed;
    }
    ServiceDeployment sd = found.get();
    String status = sd.statusAsString();
    String why = sd.statusReason();
    FailureKind kind = Objects.requireNonNull(failed.failure());
    String reason = failed.reason();
    if (status.startsWith("ROLLBACK")
        && (kind == FailureKind.REPLACED || kind == FailureKind.CIRCUIT_BREAKER_ROLLBACK)) {
      kind = FailureKind.CIRCUIT_BREAKER_ROLLBACK;
      reason = why != null ? why : reason + " (service deployment " + status + ")";
    } else if (why != null && !reason.contains(why)) {
      reason = reason + " (service deployment " + status + ": " + why + ")";
    }
    return new Outcome(kind, reason, failed.service(), sd.serviceDeploymentArn());
  }

  private @Nullable Outcome confirm(Outcome listed, WatchTarget target) {
    Optional<ServiceDeployment> found =
        serviceDeployments.find(target.createdAt(), target.taskDefinitionArn());
    if (found.isEmpty()) {
      return listed;
    }
    ServiceDeployment sd = found.get();
    String status = sd.statusAsString();
    String reason = sd.statusReason() == null ? status : status + ": " + sd.statusReason();
    return switch (status) {
      case "SUCCESSFUL" ->
          new Outcome(null, listed.reason(), listed.service(), sd.serviceDeploymentArn());
      case "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED" ->
          new Outcome(
              FailureKind.CIRCUIT_BREAKER_ROLLBACK,
              reason,
              listed.service(),
              sd.serviceDeploymentArn());
      case "STOPPED", "STOP_REQUESTED" ->
          new Outcome(FailureKind.REPLACED, reason, listed.service(), sd.serviceDeploymentArn());
      default -> null;
    };
  }

  /**
   * Judges one snapshot of the service.
   *
   * @param s the service
   * @param t the watched deployment
   * @return the outcome, or {@code null} while it is still in progress
   */
  static @Nullable Outcome evaluate(Service s, WatchTarget t) {
    Deployment ours = find(s, t.deploymentId());
    Deployment primary = null;
    for (Deployment d : s.deployments()) {
      if ("PRIMARY".equals(d.status())) {
        primary = d;
      }
    }
    DeploymentCircuitBreaker cb =
        s.deploymentConfiguration() == null
            ? null
            : s.deploymentConfiguration().deploymentCircuitBreaker();
    boolean breaker = cb != null && Boolean.TRUE.equals(cb.enable());
    boolean breakerRollsBack = breaker && Boolean.TRUE.equals(cb.rollback());
    if (ours == null) {
      if (primary != null
          && primary.taskDefinition().equals(t.previousTaskDefinitionArn())
          && breakerRollsBack) {
        return new Outcome(
            FailureKind.CIRCUIT_BREAKER_ROLLBACK,
            "deployment "
                + t.deploymentId()
                + " is gone and the service is back on "
                + shortName(t.previousTaskDefinitionArn())
                + " (circuit-breaker rollback)",
            s,
            null);
      }
      return new Outcome(
          FailureKind.REPLACED,
          "deployment "
              + t.deploymentId()
              + " is gone; "
              + (primary == null
                  ? "no PRIMARY deployment"
                  : "PRIMARY is "
                      + primary.id()
                      + " running "
                      + shortName(primary.taskDefinition())),
          s,
          null);
    }
    if ("FAILED".equals(ours.rolloutStateAsString())) {
      String reason = String.valueOf(ours.rolloutStateReason());
      return new Outcome(
          breakerRollsBack ? FailureKind.CIRCUIT_BREAKER_ROLLBACK : FailureKind.ROLLOUT_FAILED,
          reason,
          s,
          null);
    }
    if (primary != null && primary != ours) {
      return new Outcome(
          FailureKind.REPLACED,
          "deployment "
              + primary.id()
              + " ("
              + shortName(primary.taskDefinition())
              + ") replaced ours ("
              + t.deploymentId()
              + ") before it completed",
          s,
          null);
    }
    if (n(ours.failedTasks()) >= t.maxFailedTasks() && (t.maxFailedTasksAlways() || !breaker)) {
      return new Outcome(
          FailureKind.TASKS_FAILING,
          n(ours.failedTasks())
              + " tasks of "
              + shortName(t.taskDefinitionArn())
              + " stopped (limit "
              + t.maxFailedTasks()
              + ") and no circuit breaker stops the rollout",
          s,
          null);
    }
    boolean completed =
        ours.rolloutState() == null
            ? s.deployments().size() == 1
            : "COMPLETED".equals(ours.rolloutStateAsString());
    if (completed
        && ours.taskDefinition().equals(t.taskDefinitionArn())
        && n(ours.runningCount()) == n(ours.desiredCount())
        && n(s.runningCount()) == n(s.desiredCount())) {
      if (n(s.desiredCount()) == 0) {
        LOG.warn(
            "Service {} has a desired count of 0: nothing runs the new revision", s.serviceName());
      }
      return new Outcome(null, String.valueOf(ours.rolloutStateReason()), s, null);
    }
    return null;
  }

  private static String timeoutReason(Service s, WatchTarget t) {
    Deployment ours = find(s, t.deploymentId());
    if (ours == null) {
      return "deployment " + t.deploymentId() + " did not complete in time";
    }
    return "deployment "
        + t.deploymentId()
        + " still "
        + ours.rolloutStateAsString()
        + " with "
        + n(ours.runningCount())
        + "/"
        + n(ours.desiredCount())
        + " running, "
        + n(ours.pendingCount())
        + " pending and "
        + n(ours.failedTasks())
        + " failed tasks";
  }

  private void reportEvents(Service s) {
    List<software.amazon.awssdk.services.ecs.model.ServiceEvent> events =
        new ArrayList<>(s.events());
    java.util.Collections.reverse(events);
    for (software.amazon.awssdk.services.ecs.model.ServiceEvent e : events) {
      if (seenEvents.add(e.id())) {
        ServiceEvent event = new ServiceEvent(e.createdAt(), e.message());
        received.add(event);
        LOG.info("{}", e.message());
        emit.accept(new DeploymentEvent.ServiceEventReceived(event));
      }
    }
  }

  private Duration jittered(Duration d) {
    if (jitter == 0) {
      return d;
    }
    double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter;
    return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
  }

  private void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EcsDeployException("interrupted while waiting for " + cluster + "/" + service, e);
    }
  }

  private static @Nullable Deployment find(Service s, String id) {
    for (Deployment d : s.deployments()) {
      if (d.id().equals(id)) {
        return d;
      }
    }
    return null;
  }

  private static int n(@Nullable Integer i) {
    return i == null ? 0 : i;
  }

  static String shortName(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
