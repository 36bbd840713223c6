package dev.opskit.ecs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One lifecycle hook of an ECS-native deployment ({@code deploymentConfiguration.lifecycleHooks}):
 * a Lambda function ECS invokes at the named stages, or a pause that waits for {@code
 * ContinueServiceDeployment}. A hook that fails, or times out with {@link TimeoutAction#ROLLBACK},
 * makes ECS roll the deployment back. Checked against ECS's rules when created.
 *
 * <pre>{@code
 * LifecycleHook check = LifecycleHook.lambda(
 *     "arn:aws:lambda:ap-northeast-1:123456789012:function:smoke-test",
 *     "arn:aws:iam::123456789012:role/ecs-lifecycle-hooks",
 *     LifecycleStage.POST_TEST_TRAFFIC_SHIFT);
 * LifecycleHook approval = LifecycleHook.pause(LifecycleStage.POST_PRODUCTION_TRAFFIC_SHIFT)
 *     .withTimeout(Duration.ofHours(2), LifecycleHook.TimeoutAction.ROLLBACK);
 * }</pre>
 *
 * <p>A deploy waits while a pause hook awaits action (it reports {@link
 * DeploymentEvent.HookAwaitingAction}); when its own timeout comes first, it rolls back with {@code
 * ContinueServiceDeployment(ROLLBACK)}.
 */
public final class LifecycleHook {
  /** The longest hook timeout ECS accepts: 20160 minutes (14 days). */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(20160);

  private final Type type;
  private final @Nullable String functionArn;
  private final @Nullable String roleArn;
  private final List<LifecycleStage> stages;
  private final @Nullable Duration timeout;
  private final @Nullable TimeoutAction timeoutAction;

  private LifecycleHook(
      Type type,
      @Nullable String functionArn,
      @Nullable String roleArn,
      List<LifecycleStage> stages,
      @Nullable Duration timeout,
      @Nullable TimeoutAction timeoutAction) {
    this.type = type;
    this.functionArn = functionArn;
    this.roleArn = roleArn;
    this.stages = List.copyOf(stages);
    this.timeout = timeout;
    this.timeoutAction = timeoutAction;
  }

  /**
   * Returns a hook that invokes a Lambda function at the given stages.
   *
   * @param functionArn the function's ARN ({@code hookTargetArn})
   * @param roleArn the role ECS assumes to invoke it
   * @param stage a stage
   * @param moreStages more stages
   * @return the hook
   * @throws IllegalArgumentException when an ARN is not an ARN, a stage cannot carry hooks, or a
   *     stage is named twice
   */
  public static LifecycleHook lambda(
      String functionArn, String roleArn, LifecycleStage stage, LifecycleStage... moreStages) {
    arn(functionArn, "functionArn");
    arn(roleArn, "roleArn");
    return new LifecycleHook(
        Type.LAMBDA, functionArn, roleArn, stages(Type.LAMBDA, stage, moreStages), null, null);
  }

  /**
   * Returns a hook that pauses the deployment at the given stages until someone calls {@code
   * ContinueServiceDeployment} (or its timeout passes).
   *
   * @param stage a stage
   * @param moreStages more stages
   * @return the hook
   * @throws IllegalArgumentException when a stage cannot carry pause hooks or is named twice
   */
  public static LifecycleHook pause(LifecycleStage stage, LifecycleStage... moreStages) {
    return new LifecycleHook(
        Type.PAUSE, null, null, stages(Type.PAUSE, stage, moreStages), null, null);
  }

  /**
   * Returns the same hook with a timeout: ECS gives up on it after this long and then rolls back or
   * continues. Without one, ECS's default applies (1440 minutes, then roll back).
   *
   * @param timeout whole minutes from 1 to 20160 (14 days)
   * @param action what ECS does when the hook times out
   * @return the hook with the timeout
   * @throws IllegalArgumentException when the timeout is outside that range
   */
  public LifecycleHook withTimeout(Duration timeout, TimeoutAction action) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(action, "action");
    if (timeout.compareTo(Duration.ofMinutes(1)) < 0
        || timeout.compareTo(MAX_TIMEOUT) > 0
        || timeout.toSeconds() % 60 != 0
        || timeout.getNano() != 0) {
      throw new IllegalArgumentException(
          "a hook timeout must be whole minutes from 1 to 20160 (14 days): " + timeout);
    }
    return new LifecycleHook(type, functionArn, roleArn, stages, timeout, action);
  }

  /**
   * Returns the kind of hook.
   *
   * @return {@link Type#LAMBDA} or {@link Type#PAUSE}
   */
  public Type type() {
    return type;
  }

  /**
   * Returns the Lambda function ECS invokes.
   *
   * @return its ARN; empty for a pause hook
   */
  public Optional<String> functionArn() {
    return Optional.ofNullable(functionArn);
  }

  /**
   * Returns the role ECS assumes to invoke the function.
   *
   * @return its ARN; empty for a pause hook
   */
  public Optional<String> roleArn() {
    return Optional.ofNullable(roleArn);
  }

  /**
   * Returns the stages the hook runs at.
   *
   * @return the stages, in the order given
   */
  public List<LifecycleStage> stages() {
    return stages;
  }

  /**
   * Returns the hook's timeout.
   *
   * @return the timeout; empty for ECS's default (1440 minutes)
   */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /**
   * Returns what ECS does when the hook times out.
   *
   * @return the action; empty for ECS's default ({@link TimeoutAction#ROLLBACK})
   */
  public Optional<TimeoutAction> timeoutAction() {
    return Optional.ofNullable(timeoutAction);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LifecycleHook h
        && type == h.type
        && Objects.equals(functionArn, h.functionArn)
        && Objects.equals(roleArn, h.roleArn)
        && stages.equals(h.stages)
        && Objects.equals(timeout, h.timeout)
        && timeoutAction == h.timeoutAction;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, functionArn, roleArn, stages, timeout, timeoutAction);
  }

  /**
   * Returns a description.
   *
   * @return such as {@code lambda smoke-test at POST_TEST_TRAFFIC_SHIFT} or {@code pause at
   *     POST_SCALE_UP (timeout 120 min, then ROLLBACK)}
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (functionArn != null) {
      b.append("lambda ").append(functionArn.substring(functionArn.lastIndexOf(':') + 1));
    } else {
      b.append("pause");
    }
    b.append(" at ");
    for (int i = 0; i < stages.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(stages.get(i));
    }
    if (timeout != null) {
      b.append(" (timeout ")
          .append(timeout.toMinutes())
          .append(" min, then ")
          .append(timeoutAction)
          .append(')');
    }
    return b.toString();
  }

  private static List<LifecycleStage> stages(
      Type type, LifecycleStage stage, LifecycleStage... more) {
    Objects.requireNonNull(stage, "stage");
    List<LifecycleStage> all = new ArrayList<>();
    all.add(stage);
    for (LifecycleStage s : more) {
      all.add(Objects.requireNonNull(s, "stage"));
    }
    Set<LifecycleStage> seen = EnumSet.noneOf(LifecycleStage.class);
    for (LifecycleStage s : all) {
      if (!s.acceptsHooks()) {
        throw new IllegalArgumentException(
            "ECS runs no lifecycle hooks at " + s + " (nor at SCALE_UP, BAKE_TIME or CLEAN_UP)");
      }
      if (type == Type.PAUSE && !s.acceptsPauseHooks()) {
        throw new IllegalArgumentException(
            "ECS refuses PAUSE hooks at "
                + s
                + ": it re-runs the hooks of TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT"
                + " during a rollback");
      }
      if (!seen.add(s)) {
        throw new IllegalArgumentException("stage " + s + " is named twice");
      }
    }
    return all;
  }

  private static void arn(String arn, String name) {
    Objects.requireNonNull(arn, name);
    if (!arn.startsWith("arn:") || arn.split(":", -1).length < 6) {
      throw new IllegalArgumentException(name + " must be an ARN (arn:aws:...): " + arn);
    }
  }

  /** The kind of hook ({@code targetType}). */
  public enum Type {
    /** ECS invokes a Lambda function ({@code AWS_LAMBDA}). */
    LAMBDA,
    /** ECS waits for {@code ContinueServiceDeployment} ({@code PAUSE}). */
    PAUSE
  }

  /** What ECS does when a hook times out ({@code timeoutConfiguration.action}). */
  public enum TimeoutAction {
    /** ECS rolls the deployment back (its default). */
    ROLLBACK,
    /** ECS carries on as if the hook had succeeded. */
    CONTINUE
  }
}
