package dev.opskit.testing.ecs;

import java.util.Objects;

/**
 * How the fake fails a call a test told it to fail ({@link FakeEcs#fault(String, Fault, int)}).
 *
 * <p>With the real AWS SDK client: {@link #CONNECTION_RESET} reaches the caller as an {@code
 * SdkClientException} (cause: an {@code IOException}), the 5xx faults as an {@code EcsException}
 * (or its {@code ServerException} subclass) with that status code, {@link #THROTTLING} as an {@code
 * EcsException} whose {@code isThrottlingException()} is true. The SDK retries all of them (the
 * standard strategy makes 3 attempts), so a fault escapes a client call only when it fails as many
 * calls in a row; {@link FakeEcs#calls()} counts every attempt.
 *
 * @param httpStatus the HTTP status answered, or 0 to close the connection without any answer
 * @param errorType the AWS error code answered as {@code __type}; empty for a closed connection
 * @param message the error message
 * @param applied whether the fake carries the request out before it fails (the change happens but
 *     the caller does not learn it, as when an answer is lost on the way back)
 */
public record Fault(int httpStatus, String errorType, String message, boolean applied) {
  /** The connection closes before any answer; the call is not carried out. */
  public static final Fault CONNECTION_RESET =
      new Fault(0, "", "connection closed by the fake", false);

  /** HTTP 500 {@code InternalFailure}: the AWS-wide server error. */
  public static final Fault INTERNAL_FAILURE =
      new Fault(
          500,
          "InternalFailure",
          "The request processing has failed because of an unknown error.",
          false);

  /** HTTP 503 {@code ServiceUnavailable}. */
  public static final Fault SERVICE_UNAVAILABLE =
      new Fault(
          503,
          "ServiceUnavailable",
          "The request has failed due to a temporary failure of the server.",
          false);

  /** HTTP 500 {@code ServerException}: the server error ECS's own model declares. */
  public static final Fault SERVER_EXCEPTION =
      new Fault(500, "ServerException", "Service Unavailable. Please try again later.", false);

  /** HTTP 400 {@code ThrottlingException}, as ECS answers when its token bucket is empty. */
  public static final Fault THROTTLING =
      new Fault(400, "ThrottlingException", "Rate exceeded", false);

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException when the status is neither 0 nor an HTTP error status
   */
  public Fault {
    Objects.requireNonNull(errorType, "errorType");
    Objects.requireNonNull(message, "message");
    if (httpStatus != 0 && (httpStatus < 400 || httpStatus > 599)) {
      throw new IllegalArgumentException("httpStatus must be 0 or 400-599: " + httpStatus);
    }
  }

  /**
   * Returns the same fault, answered after the fake has carried the request out.
   *
   * @return the fault with {@code applied} set
   */
  public Fault afterApplying() {
    return new Fault(httpStatus, errorType, message, true);
  }
}
