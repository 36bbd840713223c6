package dev.opskit.testing.ecs;

/** What the tasks of an image do once ECS starts them in the fake. */
public enum TaskBehavior {
  /** Tasks reach RUNNING and stay there. */
  HEALTHY,
  /** Tasks start, then their essential container exits with code 1 (a crash loop). */
  CRASH,
  /** Tasks stay PENDING forever (no capacity, an image that never finishes pulling). */
  STUCK
}
