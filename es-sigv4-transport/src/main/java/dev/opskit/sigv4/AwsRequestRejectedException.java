package dev.opskit.sigv4;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when AWS itself rejects a signed request (a 401 or 403 from the service's front end, not
 * from OpenSearch), with AWS's error type and message: a wrong region or service, unknown or
 * expired credentials, a missing IAM permission, a skewed clock.
 *
 * <p>The OpenSearch Java clients built by {@link SigV4OpenSearch} and {@code
 * SignedOpenSearch.client} throw it where the client alone would only say "Forbidden access". The
 * message never contains credentials or signatures: AWS's message is cut before the canonical
 * request it may quote.
 */
public final class AwsRequestRejectedException extends SigV4Exception {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final String path;
  private final int status;
  private final @Nullable String errorType;
  private final String awsMessage;
  private final @Nullable String requestId;

  /**
   * Creates the exception.
   *
   * @param method the request method
   * @param path the request path, without the query
   * @param status the HTTP status
   * @param errorType AWS's error type ({@code x-amzn-ErrorType}), or {@code null} when absent
   * @param awsMessage AWS's message, with any quoted canonical request removed
   * @param requestId AWS's request id ({@code x-amzn-RequestId}), or {@code null} when absent
   */
  public AwsRequestRejectedException(
      String method,
      String path,
      int status,
      @Nullable String errorType,
      String awsMessage,
      @Nullable String requestId) {
    super(
        "AWS rejected "
            + method
            + " "
            + path
            + " with "
            + status
            + (errorType == null ? "" : " " + errorType)
            + ": "
            + awsMessage
            + (requestId == null ? "" : " (request id " + requestId + ")"));
    this.method = method;
    this.path = path;
    this.status = status;
    this.errorType = errorType;
    this.awsMessage = awsMessage;
    this.requestId = requestId;
  }

  /**
   * Returns the request method.
   *
   * @return the method
   */
  public String method() {
    return method;
  }

  /**
   * Returns the request path, without the query.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /**
   * Returns the HTTP status.
   *
   * @return 401 or 403
   */
  public int status() {
    return status;
  }

  /**
   * Returns AWS's error type, such as {@code InvalidSignatureException} or {@code
   * UnrecognizedClientException}.
   *
   * @return the error type, or empty when the response named none
   */
  public Optional<String> errorType() {
    return Optional.ofNullable(errorType);
  }

  /**
   * Returns AWS's message, without any canonical request or string to sign it quoted.
   *
   * @return the message
   */
  public String awsMessage() {
    return awsMessage;
  }

  /**
   * Returns AWS's request id, for a support case.
   *
   * @return the request id, or empty when the response carried none
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }
}
