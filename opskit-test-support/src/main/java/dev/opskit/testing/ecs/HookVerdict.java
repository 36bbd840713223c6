package dev.opskit.testing.ecs;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a scripted Lambda lifecycle hook answers ECS, and after how long ({@link
 * FakeEcs#hook(String, String, HookVerdict...)}).
 *
 * <p>While it has not answered, the hook's {@code lifecycleHookDetails} entry reads {@code
 * IN_PROGRESS} (ECS re-invoking a Lambda that replies {@code IN_PROGRESS}). An answer that comes
 * after the hook's {@code expiresAt} ({@code timeoutConfiguration.timeoutInMinutes}, default 1440)
 * is too late: the hook is {@code TIMED_OUT} and its {@code timeoutConfiguration.action} applies
 * (an assumption: the documentation does not say whether the hook timeout also bounds a Lambda that
 * keeps answering {@code IN_PROGRESS}).
 *
 * <pre>{@code
 * fake.hook(checkArn, "POST_TEST_TRAFFIC_SHIFT", HookVerdict.SUCCEED.after(Duration.ofMinutes(2)));
 * fake.hook(checkArn, "PRODUCTION_TRAFFIC_SHIFT", HookVerdict.SUCCEED, HookVerdict.FAIL);
 * }</pre>
 */
public final class HookVerdict {
  /** How long a scripted hook takes unless {@link #after(Duration)} says otherwise. */
  public static final Duration DEFAULT_TIME = Duration.ofSeconds(5);

  /** The hook answers {@code SUCCEEDED}: the stage goes on. The default for unscripted hooks. */
  public static final HookVerdict SUCCEED = new HookVerdict("SUCCEEDED", DEFAULT_TIME);

  /** The hook answers {@code FAILED} (or the Lambda errs): the deployment rolls back. */
  public static final HookVerdict FAIL = new HookVerdict("FAILED", DEFAULT_TIME);

  /** The hook never answers anything but {@code IN_PROGRESS}, so it times out at its expiry. */
  public static final HookVerdict TIME_OUT = new HookVerdict("TIMED_OUT", null);

  private final String outcome;
  private final @Nullable Duration time;

  private HookVerdict(String outcome, @Nullable Duration time) {
    this.outcome = outcome;
    this.time = time;
  }

  /**
   * Returns the same answer, given after the hook stayed {@code IN_PROGRESS} for a while.
   *
   * @param time how long after the hook's invocation it answers
   * @return the delayed verdict
   * @throws IllegalStateException on {@link #TIME_OUT}, which never answers
   */
  public HookVerdict after(Duration time) {
    Objects.requireNonNull(time, "time");
    if (this.time == null) {
      throw new IllegalStateException("TIME_OUT never answers; it cannot answer later");
    }
    if (time.isNegative()) {
      throw new IllegalArgumentException("time must not be negative: " + time);
    }
    return new HookVerdict(outcome, time);
  }

  /**
   * Returns the hook status the answer leads to.
   *
   * @return {@code SUCCEEDED}, {@code FAILED} or {@code TIMED_OUT}
   */
  public String outcome() {
    return outcome;
  }

  /**
   * Returns how long the hook takes to answer.
   *
   * @return the time, or null for {@link #TIME_OUT}
   */
  public @Nullable Duration time() {
    return time;
  }

  @Override
  public String toString() {
    return time == null ? outcome : outcome + " after " + time;
  }
}
