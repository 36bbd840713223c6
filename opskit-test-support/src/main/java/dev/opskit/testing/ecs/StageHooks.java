package dev.opskit.testing.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle hooks of one native deployment: every execution so far (its {@code
 * lifecycleHookDetails}) and the ones of the current stage, which all must end before the stage
 * does. Hooks ECS re-runs during a rollback succeed (an assumption: what a failing hook does then
 * is undocumented). Guarded by the FakeEcs lock.
 */
final class StageHooks {
  private final DeploymentConfig config;
  private final HookScript script;
  private final List<HookRun> all = new ArrayList<>();
  private List<HookRun> current = List.of();

  StageHooks(DeploymentConfig config, HookScript script) {
    this.config = config;
    this.script = script;
  }

  /** Starts the hooks registered for these stages; they become the current ones. */
  void start(List<String> stages, Instant now, boolean rollingBack) {
    List<HookRun> runs = new ArrayList<>();
    for (String stage : stages) {
      for (DeploymentConfig.Hook hook : config.hooks) {
        if (hook.stages().contains(stage)) {
          String target = hook.targetArn();
          HookVerdict verdict =
              target == null || rollingBack ? HookVerdict.SUCCEED : script.next(target, stage);
          runs.add(new HookRun(hook, stage, now, verdict));
        }
      }
    }
    all.addAll(runs);
    current = runs;
  }

  /**
   * Moves the current hooks on.
   *
   * @return the first one whose outcome rolls the deployment back, or null
   */
  @Nullable HookRun tick(Instant now) {
    for (HookRun run : current) {
      run.tick(now);
      if (run.rollsBack()) {
        return run;
      }
    }
    return null;
  }

  boolean done() {
    return current.stream().allMatch(HookRun::isDone);
  }

  /**
   * Answers ContinueServiceDeployment for a PAUSE hook.
   *
   * @throws FakeError InvalidParameterException for an unknown hook or action, ConflictException
   *     when the hook is not awaiting action or the deployment is not IN_PROGRESS (assumed types)
   */
  void continueHook(String hookId, String action, boolean deploymentInProgress) {
    if (!action.equals("CONTINUE") && !action.equals("ROLLBACK")) {
      throw DeploymentConfig.invalid("Invalid action: " + action + ".");
    }
    HookRun run = all.stream().filter(h -> h.hookId.equals(hookId)).findFirst().orElse(null);
    if (run == null) {
      throw DeploymentConfig.invalid("The lifecycle hook " + hookId + " was not found.");
    }
    if (!deploymentInProgress || !run.status.equals("AWAITING_ACTION")) {
      throw new FakeError(
          "ConflictException", "The lifecycle hook " + hookId + " is not awaiting action.");
    }
    run.continueWith(action);
  }

  void json(ArrayNode details) {
    all.forEach(h -> h.json(details.addObject()));
  }
}
