package dev.opskit.ecs.internal.watch;

import dev.opskit.ecs.internal.CallFailedException;
import dev.opskit.ecs.internal.DeploySettings;
import dev.opskit.ecs.internal.EcsCalls;
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
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookAction;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceRevision;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentStopType;

/**
 * The service-deployments API ({@code ListServiceDeployments}, {@code DescribeServiceDeployments},
 * {@code DescribeServiceRevisions}, {@code StopServiceDeployment}, {@code
 * ContinueServiceDeployment}). A rolling update uses it to confirm a verdict where it exists
 * ({@link #find}); where it does not (older partitions, missing permission), it turns itself off
 * and the deployments list decides: a transient error is thrown for the caller to retry, any other
 * error makes that look count as "no answer". An ECS-native deployment cannot be watched without
 * it, so {@link #identify}, {@link #describe}, {@link #stop} and {@link #continueWithRollback}
 * throw every error.
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

  private final EcsCalls calls;
  private final EcsClient ecs;
  private final String cluster;
  private final String service;
  private boolean available = true;

  /** Service deployment ARN per watched deployment (task definition and creation time). */
  private final Map<String, String> arns = new HashMap<>();

  /**
   * Creates the probe for the deploy's service.
   *
   * @param calls the deploy's calls
   */
  public ServiceDeployments(EcsCalls calls) {
    this.calls = calls;
    this.ecs = calls.settings().get(DeploySettings.ECS);
    this.cluster = calls.settings().get(DeploySettings.CLUSTER);
    this.service = calls.settings().get(DeploySettings.SERVICE);
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
   * @throws CallFailedException when a call fails with a transient error, or with one that is not
   *     an ECS error at all
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
          calls.once(
              "DescribeServiceDeployments",
              () -> ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(arn)));
      return described.serviceDeployments().stream().findFirst();
    } catch (CallFailedException e) {
      if (e.isTransient() || !(e.error() instanceof EcsException)) {
        throw e;
      }
      String code = e.errorCode();
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
        calls.once(
            "ListServiceDeployments",
            () ->
                ecs.listServiceDeployments(
                    r ->
                        r.cluster(cluster)
                            .service(service)
                            .createdAt(c -> c.after(createdAt.minus(WINDOW)))));
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
    Set<String> runningOurs = runs(revisionArns, taskDefinitionArn);
    for (ServiceDeploymentBrief b : candidates) {
      if (runningOurs.contains(b.targetServiceRevisionArn())) {
        return b.serviceDeploymentArn();
      }
    }
    return null;
  }

  /**
   * Identifies the service deployment of a deployment of the deployments list, for the ECS-native
   * strategies, which cannot be watched without it: the service's {@code currentServiceDeployment}
   * when its target revision runs the given task definition, else the one {@link #find} would
   * locate. Errors are thrown, not swallowed.
   *
   * @param current the service's {@code currentServiceDeployment}, or {@code null}
   * @param createdAt the deployment's creation time
   * @param taskDefinitionArn the revision it deploys
   * @return the service deployment's ARN, or {@code null} when ECS does not list it (yet)
   * @throws CallFailedException when a call fails
   */
  public @Nullable String identify(
      @Nullable String current, Instant createdAt, String taskDefinitionArn) {
    String key = taskDefinitionArn + "@" + createdAt;
    String known = arns.get(key);
    if (known != null) {
      return known;
    }
    String found = null;
    if (current != null) {
      ServiceDeployment sd = describe(current);
      if (sd != null
          && sd.targetServiceRevision() != null
          && (sd.createdAt() == null || !sd.createdAt().isBefore(createdAt.minus(WINDOW)))
          && runs(List.of(sd.targetServiceRevision().arn()), taskDefinitionArn)
              .contains(sd.targetServiceRevision().arn())) {
        found = current;
      }
    }
    if (found == null) {
      found = locate(createdAt, taskDefinitionArn);
    }
    if (found != null) {
      arns.put(key, found);
    }
    return found;
  }

  /**
   * Reads one service deployment.
   *
   * @param arn its ARN
   * @return it, or {@code null} when ECS does not know it
   * @throws CallFailedException when the call fails
   */
  public @Nullable ServiceDeployment describe(String arn) {
    return calls
        .once(
            "DescribeServiceDeployments",
            () -> ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(arn)))
        .serviceDeployments()
        .stream()
        .findFirst()
        .orElse(null);
  }

  /**
   * Asks ECS to roll a service deployment back: {@code StopServiceDeployment} with {@code
   * stopType=ROLLBACK} (never the undocumented {@code ABORT}).
   *
   * @param arn the service deployment
   * @throws CallFailedException when the call fails
   */
  public void stop(String arn) {
    calls.once(
        "StopServiceDeployment",
        () ->
            ecs.stopServiceDeployment(
                r -> r.serviceDeploymentArn(arn).stopType(StopServiceDeploymentStopType.ROLLBACK)));
  }

  /**
   * Rolls back a deployment that a PAUSE hook holds: {@code ContinueServiceDeployment} with {@code
   * action=ROLLBACK}.
   *
   * @param arn the service deployment
   * @param hookId the hook awaiting action
   * @throws CallFailedException when the call fails
   */
  public void continueWithRollback(String arn, String hookId) {
    calls.once(
        "ContinueServiceDeployment",
        () ->
            ecs.continueServiceDeployment(
                r ->
                    r.serviceDeploymentArn(arn)
                        .hookId(hookId)
                        .action(DeploymentLifecycleHookAction.ROLLBACK)));
  }

  private Set<String> runs(List<String> revisionArns, String taskDefinitionArn) {
    Set<String> runningOurs = new HashSet<>();
    List<ServiceRevision> revisions =
        calls
            .once(
                "DescribeServiceRevisions",
                () -> ecs.describeServiceRevisions(r -> r.serviceRevisionArns(revisionArns)))
            .serviceRevisions();
    for (ServiceRevision revision : revisions) {
      if (taskDefinitionArn.equals(revision.taskDefinition())) {
        runningOurs.add(revision.serviceRevisionArn());
      }
    }
    return runningOurs;
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
