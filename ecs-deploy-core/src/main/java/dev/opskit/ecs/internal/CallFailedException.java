package dev.opskit.ecs.internal;

import dev.opskit.ecs.EcsDeployException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * One ECS or ECR call that failed, after the SDK's own retries: the operation, and whether the
 * error is transient (worth another attempt later) or not. The cause is what the client threw.
 *
 * <p>Transient: a client-side error such as a connection reset or a timeout (except an abort, which
 * means the thread was interrupted), a 5xx answer, throttling, and the few error codes AWS
 * documents as retryable. Everything else, including exceptions that are not the SDK's, is not.
 *
 * <p>Internal to opskit; may change in any release. Never reaches a caller of {@code deploy()}: the
 * deployer turns it into a documented exception.
 */
public final class CallFailedException extends EcsDeployException {
  private static final long serialVersionUID = 1L;
  private static final Set<String> TRANSIENT_CODES =
      Set.of(
          "RequestTimeout",
          "RequestTimeoutException",
          "PriorRequestNotComplete",
          "InternalFailure",
          "ServiceUnavailable");

  private final String operation;
  private final boolean transientError;

  /**
   * Wraps what a call threw.
   *
   * @param operation the operation, such as {@code DescribeServices}
   * @param cause what the client threw
   */
  public CallFailedException(String operation, RuntimeException cause) {
    super(operation + " failed: " + describe(cause), cause);
    this.operation = operation;
    this.transientError = isTransient(cause);
  }

  /**
   * Returns the operation that failed.
   *
   * @return such as {@code DescribeServices}
   */
  public String operation() {
    return operation;
  }

  /**
   * Tells whether another attempt later may succeed.
   *
   * @return true for connection errors, 5xx answers and throttling
   */
  public boolean isTransient() {
    return transientError;
  }

  /**
   * Tells whether ECS throttled the call.
   *
   * @return true for throttling errors
   */
  public boolean isThrottling() {
    return getCause() instanceof SdkServiceException s && s.isThrottlingException();
  }

  /**
   * Returns what the client threw.
   *
   * @return the cause
   */
  public RuntimeException error() {
    return (RuntimeException) getCause();
  }

  /**
   * Returns the error code AWS answered with.
   *
   * @return the code, or an empty string when the call got no AWS answer
   */
  public String errorCode() {
    return getCause() instanceof AwsServiceException a && a.awsErrorDetails() != null
        ? String.valueOf(a.awsErrorDetails().errorCode())
        : "";
  }

  /**
   * Tells whether an exception is a transient error.
   *
   * @param e the exception
   * @return true when another attempt later may succeed
   */
  public static boolean isTransient(Throwable e) {
    if (e instanceof CallFailedException f) {
      return f.transientError;
    }
    if (e instanceof AbortedException || e instanceof NonRetryableException) {
      return false;
    }
    if (e instanceof SdkClientException) {
      return !Thread.currentThread().isInterrupted();
    }
    if (e instanceof SdkServiceException s) {
      if (s.isThrottlingException() || s.statusCode() >= 500 || s.isRetryableException()) {
        return true;
      }
      return s instanceof AwsServiceException a
          && a.awsErrorDetails() != null
          && TRANSIENT_CODES.contains(a.awsErrorDetails().errorCode());
    }
    return false;
  }

  private static String describe(RuntimeException e) {
    return e instanceof SdkException ? String.valueOf(e.getMessage()) : e.toString();
  }
}
