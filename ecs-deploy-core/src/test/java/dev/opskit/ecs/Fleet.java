package dev.opskit.ecs;

import dev.opskit.testing.ecs.Call;
import dev.opskit.testing.ecs.FakeEcs;
import dev.opskit.testing.ecs.TaskBehavior;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A fake control plane with {@code n} services in one cluster ({@code svc-00}, {@code svc-01}...),
 * each with its own task-definition family, 2 tasks and a circuit breaker that rolls back; the
 * image tag {@code crash} crashes. Records the group's events and the waits of its poll rounds.
 */
final class Fleet implements AutoCloseable {
  static final String CLUSTER = "fleet";
  static final Duration POLL = Duration.ofSeconds(10);

  final FakeEcs fake = FakeEcs.start();
  final EcsClient ecs = FakeClients.ecs(fake);
  final List<String> names = new ArrayList<>();

  /** Each service's first revision: what a rollback brings it back to. */
  final Map<String, String> v1 = new LinkedHashMap<>();

  final List<GroupDeploymentEvent> events = Collections.synchronizedList(new ArrayList<>());
  final List<Duration> roundWaits = Collections.synchronizedList(new ArrayList<>());

  Fleet(int services) {
    for (int i = 0; i < services; i++) {
      String name = String.format("svc-%02d", i);
      String arn =
          fake.registerTaskDefinition(
              Scenario.TASK_DEFINITION.replace(
                  "\"family\": \"sample-webapp\"", "\"family\": \"" + name + "\""));
      fake.createService(CLUSTER, name, arn, 2, true, true);
      names.add(name);
      v1.put(name, arn);
    }
    fake.behavior(Scenario.REPO + ":crash", TaskBehavior.CRASH);
  }

  /** A deployer of one service to an image tag, on virtual time. */
  EcsDeployer.Builder deployer(String service, String tag) {
    return deployer(service, tag, ecs);
  }

  EcsDeployer.Builder deployer(String service, String tag, EcsClient client) {
    return EcsDeployer.builder()
        .ecsClient(client)
        .cluster(CLUSTER)
        .service(service)
        .image("app", Scenario.REPO + ":" + tag)
        .pollInterval(POLL)
        .pollJitter(0)
        .clock(fake.clock())
        .sleeper(fake::advance);
  }

  /** A group of every service deploying {@code v2}, except those given another tag. */
  DeploymentGroup.Builder group(Map<String, String> tags) {
    DeploymentGroup.Builder b =
        DeploymentGroup.builder()
            .pollInterval(POLL)
            .clock(fake.clock())
            .sleeper(
                d -> {
                  roundWaits.add(d);
                  fake.advance(d);
                })
            .listener(events::add);
    for (String name : names) {
      b.add(deployer(name, tags.getOrDefault(name, "v2")).build());
    }
    return b;
  }

  /** The DescribeServices calls of the poll rounds: those that read more than one service. */
  List<Call> batchedDescribes() {
    return fake.calls().stream()
        .filter(c -> c.operation().equals("DescribeServices"))
        .filter(c -> c.request().path("services").size() > 1)
        .toList();
  }

  long calls(String operation) {
    return fake.calls().stream().filter(c -> c.operation().equals(operation)).count();
  }

  <T extends GroupDeploymentEvent> List<T> eventsOf(Class<T> type) {
    synchronized (events) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  /** The services' own events, of one kind. */
  <T extends DeploymentEvent> List<GroupDeploymentEvent.ServiceProgress> progressOf(Class<T> type) {
    return eventsOf(GroupDeploymentEvent.ServiceProgress.class).stream()
        .filter(p -> type.isInstance(p.event()))
        .toList();
  }

  String runs(String service) {
    return fake.serviceTaskDefinition(CLUSTER, service);
  }

  @Override
  public void close() {
    ecs.close();
    fake.close();
  }
}
