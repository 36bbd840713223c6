package dev.opskit.ecs.internal.watch;

import static dev.opskit.ecs.internal.DeploySettings.CLUSTER;
import static dev.opskit.ecs.internal.DeploySettings.ECS;
import static dev.opskit.ecs.internal.DeploySettings.MAX_POLL_INTERVAL;
import static dev.opskit.ecs.internal.DeploySettings.POLL_INTERVAL;
import static dev.opskit.ecs.internal.DeploySettings.POLL_ROUNDS;
import static dev.opskit.ecs.internal.DeploySettings.SERVICE;

import dev.opskit.ecs.DeploymentEvent;
import dev.opskit.ecs.EcsDeployException;
import dev.opskit.ecs.ServiceEvent;
import dev.opskit.ecs.internal.CallFailedException;
import dev.opskit.ecs.internal.DeploySettings;
import dev.opskit.ecs.internal.EcsCalls;
import dev.opskit.ecs.internal.PollRounds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The service one deploy changes, as the watches see it: one {@code DescribeServices} per poll, the
 * service events that are new since the deploy started, and the poll interval, which doubles (up to
 * {@code maxPollInterval}) after a poll that failed with a transient error and halves back towards
 * {@code pollInterval} after each answered poll.
 *
 * <p>In a deployment group ({@link PollRounds} set), a poll waits for the group's round instead:
 * the round waits and backs off once for every member, and reads the members' services together.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class WatchedService {
  private static final Logger LOG = LoggerFactory.getLogger(WatchedService.class);

  private final EcsCalls calls;
  private final String cluster;
  private final String service;
  private final Set<String> seenEvents = new HashSet<>();
  private final List<ServiceEvent> received = new ArrayList<>();
  private final @Nullable PollRounds rounds;
  private Duration interval;
  private Instant pollDeadline;
  private int polls;

  /**
   * Creates the view of the deploy's service.
   *
   * @param calls the deploy's calls
   */
  public WatchedService(EcsCalls calls) {
    this.calls = calls;
    this.cluster = calls.settings().get(CLUSTER);
    this.service = calls.settings().get(SERVICE);
    this.interval = calls.settings().get(POLL_INTERVAL);
    this.rounds = calls.settings().get(POLL_ROUNDS);
    this.pollDeadline = calls.now().plus(calls.settings().get(DeploySettings.TIMEOUT));
  }

  /**
   * Reads the service, retrying transient errors until the deadline.
   *
   * @param deadline no retry starts after it
   * @return the service
   * @throws CallFailedException when the call keeps failing
   * @throws EcsDeployException when the service does not exist or is not ACTIVE
   */
  public Service describe(Instant deadline) {
    if (rounds == null) {
      return requireActive(calls.call("DescribeServices", this::describeOnce, deadline));
    }
    return requireActive(
        calls.retrying(
            () ->
                rounds.read(calls.settings().where(), calls.settings().get(ECS), cluster, service),
            deadline));
  }

  /**
   * Polls the service once: reads it, counts the poll and reports new service events.
   *
   * @return the service
   * @throws CallFailedException when the call fails (see {@link #backOff})
   * @throws EcsDeployException when the service does not exist or is not ACTIVE
   */
  public Service poll() {
    Service s =
        requireActive(
            rounds == null
                ? calls.once("DescribeServices", this::describeOnce)
                : rounds.poll(
                    calls.settings().where(),
                    calls.settings().get(ECS),
                    cluster,
                    service,
                    pollDeadline));
    polls++;
    Duration halved = interval.dividedBy(2);
    Duration base = calls.settings().get(POLL_INTERVAL);
    interval = halved.compareTo(base) < 0 ? base : halved;
    reportEvents(s);
    return s;
  }

  /**
   * Waits for the next poll: the current interval, varied by the jitter, but not past the deadline.
   *
   * @param deadline when watching ends
   */
  public void waitForNextPoll(Instant deadline) {
    if (rounds != null) {
      pollDeadline = deadline; // the group's round does the waiting
      return;
    }
    Duration left = Duration.between(calls.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      return;
    }
    Duration next = calls.jittered(interval);
    calls.sleep(left.compareTo(next) < 0 ? left : next);
  }

  /**
   * Takes a transient failure of a poll: the next poll waits twice as long, up to the maximum.
   *
   * @param e the failure
   */
  public void backOff(CallFailedException e) {
    if (rounds != null) {
      return; // the group's round backed off once for every member and reported it
    }
    Duration doubled = interval.multipliedBy(2);
    Duration max = calls.settings().get(MAX_POLL_INTERVAL);
    interval = doubled.compareTo(max) > 0 ? max : doubled;
    calls.reportRetry(e, interval);
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
    Collections.reverse(newestFirst);
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
   * Returns the deploy's calls.
   *
   * @return the calls
   */
  public EcsCalls calls() {
    return calls;
  }

  /**
   * Tells whether a snapshot shows the service running one revision only, completely: its only
   * deployment runs it, is not still rolling out, and runs the desired count.
   *
   * @param s the snapshot
   * @param taskDefinitionArn the revision
   * @return true when the service runs that revision and nothing else at its desired count
   */
  public static boolean runsOnly(Service s, String taskDefinitionArn) {
    if (s.deployments().size() != 1) {
      return false;
    }
    Deployment d = s.deployments().get(0);
    return taskDefinitionArn.equals(d.taskDefinition())
        && (d.rolloutState() == null || "COMPLETED".equals(d.rolloutStateAsString()))
        && n(d.runningCount()) == n(d.desiredCount())
        && n(s.runningCount()) == n(s.desiredCount());
  }

  static int n(@Nullable Integer i) {
    return i == null ? 0 : i;
  }

  private DescribeServicesResponse describeOnce() {
    return calls.settings().get(ECS).describeServices(r -> r.cluster(cluster).services(service));
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

  private void reportEvents(Service s) {
    List<software.amazon.awssdk.services.ecs.model.ServiceEvent> events =
        new ArrayList<>(s.events());
    Collections.reverse(events);
    for (software.amazon.awssdk.services.ecs.model.ServiceEvent e : events) {
      if (seenEvents.add(e.id())) {
        ServiceEvent event = new ServiceEvent(e.createdAt(), e.message());
        received.add(event);
        LOG.info("{}", e.message());
        calls.emit(new DeploymentEvent.ServiceEventReceived(event));
      }
    }
  }
}
