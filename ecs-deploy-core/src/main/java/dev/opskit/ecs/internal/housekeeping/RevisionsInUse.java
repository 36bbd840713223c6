package dev.opskit.ecs.internal.housekeeping;

import dev.opskit.ecs.EcsDeployException;
import dev.opskit.ecs.internal.DeploySettings;
import dev.opskit.ecs.internal.EcsCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The task-definition revisions the services of a cluster use: {@code ListServices} (every page),
 * then {@code DescribeServices} in batches of 10 (the API's limit), taking each service's revision
 * and the revision of every deployment it has, so a service in the middle of a deployment (or of a
 * rollback) keeps both.
 *
 * <p>Internal to opskit; may change in any release.
 */
final class RevisionsInUse {
  private static final int DESCRIBE_BATCH = 10;

  private RevisionsInUse() {}

  /**
   * Reads the revisions in use.
   *
   * @param calls the deploy's calls
   * @param deadline no retry starts after it
   * @return the ARNs
   * @throws RuntimeException when any service could not be read: then nothing is known to be free
   */
  static Set<String> of(EcsCalls calls, Instant deadline) {
    EcsClient ecs = calls.settings().get(DeploySettings.ECS);
    String cluster = calls.settings().get(DeploySettings.CLUSTER);
    List<String> names = new ArrayList<>();
    String next = null;
    do {
      String token = next;
      ListServicesResponse page =
          calls.call(
              "ListServices",
              () -> ecs.listServices(r -> r.cluster(cluster).maxResults(100).nextToken(token)),
              deadline);
      page.serviceArns().forEach(arn -> names.add(arn.substring(arn.lastIndexOf('/') + 1)));
      next = page.nextToken();
    } while (next != null);

    Set<String> inUse = new HashSet<>();
    for (int from = 0; from < names.size(); from += DESCRIBE_BATCH) {
      List<String> batch = names.subList(from, Math.min(names.size(), from + DESCRIBE_BATCH));
      DescribeServicesResponse described =
          calls.call(
              "DescribeServices",
              () -> ecs.describeServices(r -> r.cluster(cluster).services(batch)),
              deadline);
      for (Failure f : described.failures()) {
        if (!"MISSING".equals(f.reason())) { // MISSING: deleted since it was listed
          throw new EcsDeployException(
              "cannot tell which revisions " + f.arn() + " uses: " + f.reason());
        }
      }
      for (Service s : described.services()) {
        add(inUse, s.taskDefinition());
        s.deployments().forEach(d -> add(inUse, d.taskDefinition()));
      }
    }
    return inUse;
  }

  private static void add(Set<String> inUse, @Nullable String arn) {
    if (arn != null) {
      inUse.add(arn);
    }
  }
}
