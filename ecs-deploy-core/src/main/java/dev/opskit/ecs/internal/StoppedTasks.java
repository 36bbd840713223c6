package dev.opskit.ecs.internal;

import dev.opskit.ecs.StoppedTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Reads why the tasks of a revision stopped: {@code ListTasks(desiredStatus=STOPPED)} and one
 * {@code DescribeTasks}. ECS keeps stopped tasks visible for about an hour.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class StoppedTasks {
  private static final Logger LOG = LoggerFactory.getLogger(StoppedTasks.class);

  private StoppedTasks() {}

  /**
   * Returns the stopped tasks of a service that ran the given revision, newest first.
   *
   * @param ecs the client
   * @param cluster the cluster
   * @param service the service
   * @param taskDefinitionArn the revision
   * @return the tasks; empty (and a WARN log) when they cannot be read
   */
  public static List<StoppedTask> of(
      EcsClient ecs, String cluster, String service, String taskDefinitionArn) {
    try {
      List<String> arns =
          ecs.listTasks(
                  r ->
                      r.cluster(cluster)
                          .serviceName(service)
                          .desiredStatus(DesiredStatus.STOPPED)
                          .maxResults(100))
              .taskArns();
      if (arns.isEmpty()) {
        return List.of();
      }
      List<StoppedTask> stopped = new ArrayList<>();
      Map<String, Instant> stoppedAt = new HashMap<>();
      for (Task t : ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)).tasks()) {
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
    } catch (SdkException e) {
      LOG.warn("Could not read the stopped tasks of {}", taskDefinitionArn, e);
      return List.of();
    }
  }
}
