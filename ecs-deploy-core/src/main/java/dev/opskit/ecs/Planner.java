package dev.opskit.ecs;

import static dev.opskit.ecs.internal.DeploySettings.CLUSTER;
import static dev.opskit.ecs.internal.DeploySettings.ECR;
import static dev.opskit.ecs.internal.DeploySettings.ECS;
import static dev.opskit.ecs.internal.DeploySettings.EDIT;
import static dev.opskit.ecs.internal.DeploySettings.LIFECYCLE_HOOKS;
import static dev.opskit.ecs.internal.DeploySettings.PIN_IMAGE_DIGESTS;
import static dev.opskit.ecs.internal.DeploySettings.PROMOTE_TAG;
import static dev.opskit.ecs.internal.DeploySettings.SERVICE;
import static dev.opskit.ecs.internal.DeploySettings.SOURCE;
import static dev.opskit.ecs.internal.DeploySettings.STRATEGY;
import static dev.opskit.ecs.internal.DeploySettings.TIMEOUT;
import static dev.opskit.ecs.internal.DeploySettings.VERIFY_IMAGES;

import dev.opskit.ecs.image.EcrImages;
import dev.opskit.ecs.image.ImageReference;
import dev.opskit.ecs.internal.DeploySettings;
import dev.opskit.ecs.internal.EcsCalls;
import dev.opskit.ecs.internal.StrategyConfig;
import dev.opskit.ecs.internal.watch.WatchedService;
import dev.opskit.ecs.taskdef.TaskDefinitionCopy;
import dev.opskit.ecs.taskdef.TaskDefinitionDiff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * The steps of a deploy that read only: the plan (the running revision, the edited copy, the ECR
 * checks, the diff) before anything changes, and the promotion of the deployed images after
 * success. Every call retries transient errors until the deploy's deadline.
 */
final class Planner {
  private static final Logger LOG = LoggerFactory.getLogger(Planner.class);

  private final EcsCalls calls;
  private final WatchedService service;

  Planner(WatchedService service) {
    this.service = service;
    this.calls = service.calls();
  }

  DeploymentPlan plan(Instant deadline) {
    Service svc = service.describe(deadline);
    service.ignoreEventsOf(svc);
    refuseOtherControllers(svc);
    DeploymentConfiguration current = svc.deploymentConfiguration();
    DeploySettings settings = calls.settings();
    DeploymentStrategy strategy =
        StrategyConfig.resolve(settings.get(STRATEGY), current, settings.where());
    checkStrategy(strategy);
    String previous = svc.taskDefinition();
    if (svc.deployments().size() > 1) {
      LOG.warn(
          "{} has {} deployments in progress; this deploy replaces them and its rollback target"
              + " is {}, the revision of the current PRIMARY deployment",
          calls.settings().where(),
          svc.deployments().size(),
          previous);
    }
    RegisterTaskDefinitionRequest running = describeTaskDefinition(previous, deadline);
    RegisterTaskDefinitionRequest source = calls.settings().get(SOURCE);
    RegisterTaskDefinitionRequest next =
        calls.settings().get(EDIT).applyTo(source != null ? source : running);
    List<String> checked = new ArrayList<>();
    EcrClient ecr = calls.settings().get(ECR);
    if (ecr != null
        && (calls.settings().get(VERIFY_IMAGES) || calls.settings().get(PIN_IMAGE_DIGESTS))) {
      next = checkImages(EcrImages.create(ecr), running, next, checked, deadline);
    }
    return new DeploymentPlan(
        calls.settings().get(CLUSTER),
        calls.settings().get(SERVICE),
        previous,
        next,
        TaskDefinitionDiff.between(running, next),
        checked,
        strategy,
        strategy instanceof DeploymentStrategy.Rolling
            ? List.of()
            : StrategyConfig.hooks(settings.get(LIFECYCLE_HOOKS), current),
        StrategyConfig.toSend(settings.get(STRATEGY), settings.get(LIFECYCLE_HOOKS), current));
  }

  /**
   * Refuses a service that another deployment controller deploys: ECS refuses a new task definition
   * there (CodeDeploy or the task-set API deploys it), so nothing must change.
   */
  private void refuseOtherControllers(Service svc) {
    String controller =
        svc.deploymentController() == null ? null : svc.deploymentController().typeAsString();
    if (controller != null && !controller.equals("ECS")) {
      throw new EcsDeployException(
          calls.settings().where()
              + " uses the "
              + controller
              + " deployment controller: EcsDeployer deploys through the ECS controller (rolling,"
              + " BLUE_GREEN, LINEAR, CANARY); deploy it with "
              + (controller.equals("CODE_DEPLOY") ? "CodeDeploy" : "its task sets")
              + ", or move it to the ECS controller first. Nothing was changed.");
    }
  }

  /** Checks what the chosen and the service's settings only allow together. */
  private void checkStrategy(DeploymentStrategy strategy) {
    DeploySettings settings = calls.settings();
    List<LifecycleHook> hooks = settings.get(LIFECYCLE_HOOKS);
    if (strategy instanceof DeploymentStrategy.Rolling && hooks != null && !hooks.isEmpty()) {
      throw new EcsDeployException(
          settings.where()
              + " deploys ROLLING, where lifecycle hooks do not run; choose a BLUE_GREEN, LINEAR"
              + " or CANARY strategy for them. Nothing was changed.");
    }
    Duration timeout = settings.get(TIMEOUT);
    if (strategy.bakeTimes().compareTo(timeout) >= 0) {
      throw new EcsDeployException(
          "the timeout ("
              + timeout.toMinutes()
              + " min) must be longer than the bake times of "
              + settings.where()
              + "'s strategy, "
              + strategy
              + ", which ECS always waits out. Nothing was changed.");
    }
  }

  List<String> promote(DeploymentPlan plan, Instant deadline) {
    String tag = calls.settings().get(PROMOTE_TAG);
    EcrClient ecr = calls.settings().get(ECR);
    if (tag == null || ecr == null) {
      return List.of();
    }
    EcrImages images = EcrImages.create(ecr);
    Set<String> done = new LinkedHashSet<>();
    for (ContainerDefinition c : plan.taskDefinition().containerDefinitions()) {
      ImageReference ref = c.image() == null ? null : parseOrNull(c.image());
      if (ref != null && ref.isEcr() && plan.checkedImages().contains(ref.toString())) {
        String promoted =
            calls
                .call("BatchGetImage+PutImage", () -> images.promote(ref, tag), deadline)
                .toString();
        if (done.add(promoted)) {
          calls.emit(new DeploymentEvent.ImagePromoted(promoted));
        }
      }
    }
    return List.copyOf(done);
  }

  private RegisterTaskDefinitionRequest describeTaskDefinition(String arn, Instant deadline) {
    DescribeTaskDefinitionResponse d =
        calls.call(
            "DescribeTaskDefinition",
            () ->
                calls
                    .settings()
                    .get(ECS)
                    .describeTaskDefinition(
                        r -> r.taskDefinition(arn).include(TaskDefinitionField.TAGS)),
            deadline);
    return TaskDefinitionCopy.of(d.taskDefinition(), d.tags());
  }

  private RegisterTaskDefinitionRequest checkImages(
      EcrImages images,
      RegisterTaskDefinitionRequest running,
      RegisterTaskDefinitionRequest next,
      List<String> checked,
      Instant deadline) {
    boolean pin = calls.settings().get(PIN_IMAGE_DIGESTS);
    Map<String, String> runningImages = new HashMap<>();
    running.containerDefinitions().forEach(c -> runningImages.put(c.name(), c.image()));
    List<ContainerDefinition> containers = new ArrayList<>();
    boolean changed = false;
    for (ContainerDefinition c : next.containerDefinitions()) {
      ImageReference ref = c.image() == null ? null : parseOrNull(c.image());
      if (ref == null || !ref.isEcr() || c.image().equals(runningImages.get(c.name()))) {
        containers.add(c);
        continue;
      }
      ImageReference deployed =
          pin ? calls.call("DescribeImages", () -> images.pinToDigest(ref), deadline) : ref;
      if (!pin) {
        calls.call("DescribeImages", () -> images.digestOf(ref), deadline);
      }
      checked.add(deployed.toString());
      changed |= !deployed.equals(ref);
      containers.add(c.toBuilder().image(deployed.toString()).build());
    }
    return changed ? next.toBuilder().containerDefinitions(containers).build() : next;
  }

  private static @Nullable ImageReference parseOrNull(String image) {
    try {
      return ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
