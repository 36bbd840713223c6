package dev.opskit.ecs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceRevision;

/**
 * The service-deployments API ({@code ListServiceDeployments}, {@code DescribeServiceDeployments}),
 * used to confirm a verdict where it exists; where it does not (older partitions, missing
 * permission), it turns itself off and the deployments list decides.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class ServiceDeployments {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceDeployments.class);
  private static final Set<String> UNAVAILABLE =
      Set.of(
          "UnsupportedFeatureException",
          "AccessDeniedException",
          "InvalidParameterException",
          "UnknownOperationException");

  private static final Duration WINDOW = Duration.ofMinutes(10);
  private static final int MAX_REVISIONS = 20;

  private final EcsClient ecs;
  private final String cluster;
  private final String service;
  private boolean available = true;

  /** Service deployment ARN per watched deployment (task definition and creation time). */
  private final Map<String, String> arns = new HashMap<>();

  /**
   * Creates the probe for one service.
   *
   * @param ecs the client
   * @param cluster the cluster
   * @param service the service
   */
  public ServiceDeployments(EcsClient ecs, String cluster, String service) {
    this.ecs = ecs;
    this.cluster = cluster;
    this.service = service;
  }

  /**
   * Finds the service deployment behind a deployment of the deployments list: the one created
   * closest to it whose target service revision runs the given task definition ({@code
   * DescribeServiceRevisions} tells). Matching on time alone could pick another deployment created
   * in the same second.
   *
   * @param createdAt the deployment's creation time, from the deployments list
   * @param taskDefinitionArn the revision the deployment runs
   * @return the service deployment, or empty when the API is unavailable or does not list it
   */
  public Optional<ServiceDeployment> find(Instant createdAt, String taskDefinitionArn) {
    if (!available) {
      return Optional.empty();
    }
    try {
      String key = taskDefinitionArn + "@" + createdAt;
      String found = arns.get(key);
      if (found == null) {
        found = locate(createdAt, taskDefinitionArn);
        if (found == null) {
          return Optional.empty();
        }
        arns.put(key, found);
      }
      String arn = found;
      DescribeServiceDeploymentsResponse described =
          ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(arn));
      return described.serviceDeployments().stream().findFirst();
    } catch (EcsException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if (UNAVAILABLE.contains(code)) {
        LOG.info(
            "The service-deployments API is not available ({}); the deployments list decides",
            code);
        available = false;
      } else {
        LOG.warn("Could not read the service deployment; the deployments list decides", e);
      }
      return Optional.empty();
    }
  }

  private @Nullable String locate(Instant createdAt, String taskDefinitionArn) {
    ListServiceDeploymentsResponse list =
        ecs.listServiceDeployments(
            r ->
                r.cluster(cluster)
                    .service(service)
                    .createdAt(c -> c.after(createdAt.minus(WINDOW))));
    List<ServiceDeploymentBrief> candidates = new ArrayList<>(list.serviceDeployments());
    candidates.removeIf(b -> b.targetServiceRevisionArn() == null || at(b) == null);
    candidates.sort(Comparator.comparing(b -> Duration.between(createdAt, at(b)).abs()));
    if (candidates.size() > MAX_REVISIONS) {
      candidates = candidates.subList(0, MAX_REVISIONS);
    }
    if (candidates.isEmpty()) {
      return null;
    }
    List<String> revisionArns =
        candidates.stream()
            .map(ServiceDeploymentBrief::targetServiceRevisionArn)
            .distinct()
            .toList();
    Set<String> runningOurs = new HashSet<>();
    for (ServiceRevision revision :
        ecs.describeServiceRevisions(r -> r.serviceRevisionArns(revisionArns)).serviceRevisions()) {
      if (taskDefinitionArn.equals(revision.taskDefinition())) {
        runningOurs.add(revision.serviceRevisionArn());
      }
    }
    for (ServiceDeploymentBrief b : candidates) {
      if (runningOurs.contains(b.targetServiceRevisionArn())) {
        return b.serviceDeploymentArn();
      }
    }
    return null;
  }

  private static @Nullable Instant at(ServiceDeploymentBrief b) {
    return b.createdAt() != null ? b.createdAt() : b.startedAt();
  }

  /**
   * Tells whether the API answered so far.
   *
   * @return false once it turned out to be unavailable
   */
  public boolean available() {
    return available;
  }
}
