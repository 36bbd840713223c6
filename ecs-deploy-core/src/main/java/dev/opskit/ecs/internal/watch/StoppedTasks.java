package dev.opskit.ecs.internal.watch;

import dev.opskit.ecs.StoppedTask;
import dev.opskit.ecs.internal.DeploySettings;
import dev.opskit.ecs.internal.EcsCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Reads why the tasks of a revision stopped: {@code ListTasks(desiredStatus=STOPPED)} and one
 * {@code DescribeTasks}, both retried on transient errors. ECS keeps stopped tasks visible for
 * about an hour.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class StoppedTasks {
  private static final Logger LOG = LoggerFactory.getLogger(StoppedTasks.class);

  private StoppedTasks() {}

  /**
   * Returns the stopped tasks of the deploy's service that ran the given revision, newest first.
   *
   * @param calls the deploy's calls
   * @param taskDefinitionArn the revision
   * @param deadline no retry starts after it
   * @return the tasks; empty (and a WARN log) when they cannot be read
   */
  public static List<StoppedTask> of(EcsCalls calls, String taskDefinitionArn, Instant deadline) {
    EcsClient ecs = calls.settings().get(DeploySettings.ECS);
    String cluster = calls.settings().get(DeploySettings.CLUSTER);
    String service = calls.settings().get(DeploySettings.SERVICE);
    try {
      List<String> arns =
          calls
              .call(
                  "ListTasks",
                  () ->
                      ecs.listTasks(
                          r ->
                              r.cluster(cluster)
                                  .serviceName(service)
                                  .desiredStatus(DesiredStatus.STOPPED)
                                  .maxResults(100)),
                  deadline)
              .taskArns();
      if (arns.isEmpty()) {
        return List.of();
      }
      List<Task> tasks =
          calls
              .call(
                  "DescribeTasks",
                  () -> ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)),
                  deadline)
              .tasks();
      List<StoppedTask> stopped = new ArrayList<>();
      Map<String, Instant> stoppedAt = new HashMap<>();
      for (Task t : tasks) {
        if (!taskDefinitionArn.equals(t.taskDefinitionArn())) {
          continue;
        }
        stoppedAt.put(t.taskArn(), t.stoppedAt() == null ? Instant.EPOCH : t.stoppedAt());
        List<StoppedTask.ContainerExit> exits = new ArrayList<>();
        for (Container c : t.containers()) {
          exits.add(new StoppedTask.ContainerExit(c.name(), c.exitCode(), c.reason()));
        }
        stopped.add(
            new StoppedTask(
                t.taskArn(),
                t.taskDefinitionArn(),
                t.stoppedReason() == null ? "" : t.stoppedReason(),
                t.stopCodeAsString(),
                exits));
      }
      stopped.sort(Comparator.comparing((StoppedTask t) -> stoppedAt.get(t.taskArn())).reversed());
      return stopped;
    } catch (RuntimeException e) {
      LOG.warn("Could not read the stopped tasks of {}", taskDefinitionArn, e);
      return List.of();
    }
  }
}
