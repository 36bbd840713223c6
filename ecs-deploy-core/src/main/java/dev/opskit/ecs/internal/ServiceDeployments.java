package dev.opskit.ecs.internal;

import java.time.Duration;
import java.time.Instant;
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

  private final EcsClient ecs;
  private final String cluster;
  private final String service;
  private boolean available = true;
  private @Nullable String arn;

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
   * Finds the service deployment ECS created together with the deployment created at the given
   * time.
   *
   * @param createdAt the deployment's creation time, from the deployments list
   * @return the service deployment, or empty when the API is unavailable or does not list it
   */
  public Optional<ServiceDeployment> find(Instant createdAt) {
    if (!available) {
      return Optional.empty();
    }
    try {
      if (arn == null) {
        ListServiceDeploymentsResponse list =
            ecs.listServiceDeployments(
                r ->
                    r.cluster(cluster)
                        .service(service)
                        .createdAt(c -> c.after(createdAt.minusSeconds(5))));
        ServiceDeploymentBrief best = null;
        for (ServiceDeploymentBrief b : list.serviceDeployments()) {
          Instant at = b.createdAt() != null ? b.createdAt() : b.startedAt();
          if (at != null
              && Duration.between(createdAt, at).abs().compareTo(Duration.ofSeconds(5)) <= 0
              && (best == null || closer(createdAt, at, best))) {
            best = b;
          }
        }
        if (best == null) {
          return Optional.empty();
        }
        arn = best.serviceDeploymentArn();
      }
      String found = arn;
      DescribeServiceDeploymentsResponse described =
          ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(found));
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

  private static boolean closer(Instant target, Instant at, ServiceDeploymentBrief best) {
    Instant other = best.createdAt() != null ? best.createdAt() : best.startedAt();
    return Duration.between(target, at).abs().compareTo(Duration.between(target, other).abs()) < 0;
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
