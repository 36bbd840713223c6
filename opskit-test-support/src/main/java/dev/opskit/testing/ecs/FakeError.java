package dev.opskit.testing.ecs;

/** An AWS error the fake answers with HTTP 400 and {@code {"__type": ..., "message": ...}}. */
final class FakeError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String type;

  FakeError(String type, String message) {
    super(message);
    this.type = type;
  }

  String type() {
    return type;
  }
}
