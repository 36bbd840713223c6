package dev.opskit.ecs.internal.housekeeping;

import dev.opskit.ecs.internal.DeploySettings;
import dev.opskit.ecs.internal.EcsCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * Deregisters old revisions of a family after a successful deploy, keeping the newest N, the
 * protected ones (the running revision and the rollback target), and every revision any service of
 * the cluster uses ({@link RevisionsInUse}). When the services cannot all be read, nothing is
 * deregistered.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class RevisionCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(RevisionCleanup.class);

  private RevisionCleanup() {}

  /**
   * Deregisters every ACTIVE revision of the family beyond the newest {@code keep} that nothing
   * uses. A failure is logged, never thrown: housekeeping never fails a deploy.
   *
   * @param calls the deploy's calls
   * @param family the family (exact; other families sharing the prefix are left alone)
   * @param keep how many of the newest revisions to keep
   * @param keepAlways revisions never to deregister
   * @param deadline no retry starts after it
   * @return the deregistered ARNs
   */
  public static List<String> deregisterOld(
      EcsCalls calls, String family, int keep, Set<String> keepAlways, Instant deadline) {
    Set<String> protectedArns = new HashSet<>(keepAlways);
    try {
      protectedArns.addAll(RevisionsInUse.of(calls, deadline));
    } catch (RuntimeException e) {
      LOG.warn(
          "Housekeeping of {} skipped: cannot tell which revisions the services of {} use",
          family,
          calls.settings().get(DeploySettings.CLUSTER),
          e);
      return List.of();
    }
    EcsClient ecs = calls.settings().get(DeploySettings.ECS);
    List<String> deregistered = new ArrayList<>();
    try {
      List<String> newestFirst = new ArrayList<>();
      String next = null;
      do {
        String token = next;
        ListTaskDefinitionsResponse page =
            calls.call(
                "ListTaskDefinitions",
                () ->
                    ecs.listTaskDefinitions(
                        r ->
                            r.familyPrefix(family)
                                .status(TaskDefinitionStatus.ACTIVE)
                                .sort(SortOrder.DESC)
                                .nextToken(token)),
                deadline);
        for (String arn : page.taskDefinitionArns()) {
          String name = arn.substring(arn.lastIndexOf('/') + 1);
          if (name.substring(0, name.lastIndexOf(':')).equals(family)) {
            newestFirst.add(arn);
          }
        }
        next = page.nextToken();
      } while (next != null);
      for (int i = keep; i < newestFirst.size(); i++) {
        String arn = newestFirst.get(i);
        if (protectedArns.contains(arn)) {
          continue;
        }
        calls.call(
            "DeregisterTaskDefinition",
            () -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn)),
            deadline);
        LOG.info("Deregistered {}", arn);
        deregistered.add(arn);
      }
    } catch (RuntimeException e) {
      LOG.warn("Housekeeping of {} stopped after {} revisions", family, deregistered.size(), e);
    }
    return deregistered;
  }
}
