package dev.opskit.ecs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * Deregisters old revisions of a family, keeping the newest N and never the protected ones (the
 * running revision and the rollback target).
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class RevisionCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(RevisionCleanup.class);

  private RevisionCleanup() {}

  /**
   * Deregisters every ACTIVE revision of the family beyond the newest {@code keep}, except the
   * protected ones. A failure is logged, never thrown: housekeeping never fails a deploy.
   *
   * @param ecs the client
   * @param family the family (exact; other families sharing the prefix are left alone)
   * @param keep how many of the newest revisions to keep
   * @param keepAlways revisions never to deregister
   * @return the deregistered ARNs
   */
  public static List<String> deregisterOld(
      EcsClient ecs, String family, int keep, Set<String> keepAlways) {
    List<String> deregistered = new ArrayList<>();
    try {
      List<String> newestFirst = new ArrayList<>();
      ecs.listTaskDefinitionsPaginator(
              r -> r.familyPrefix(family).status(TaskDefinitionStatus.ACTIVE).sort(SortOrder.DESC))
          .taskDefinitionArns()
          .forEach(
              arn -> {
                String name = arn.substring(arn.lastIndexOf('/') + 1);
                if (name.substring(0, name.lastIndexOf(':')).equals(family)) {
                  newestFirst.add(arn);
                }
              });
      for (int i = keep; i < newestFirst.size(); i++) {
        String arn = newestFirst.get(i);
        if (keepAlways.contains(arn)) {
          continue;
        }
        ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn));
        LOG.info("Deregistered {}", arn);
        deregistered.add(arn);
      }
    } catch (SdkException e) {
      LOG.warn("Housekeeping of {} stopped after {} revisions", family, deregistered.size(), e);
    }
    return deregistered;
  }
}
