package dev.opskit.sigv4;

/**
 * Thrown when a request body is larger than the signer's buffer cap ({@link
 * AwsSigV4Signer#maxBodyBytes()}): SigV4 hashes the whole body before the first byte is sent, so it
 * must fit in memory.
 */
public final class RequestBodyTooLargeException extends SigV4Exception {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final String path;
  private final long maxBytes;

  /**
   * Creates the exception.
   *
   * @param method the request method
   * @param path the request path, without the query
   * @param maxBytes the cap that was exceeded
   */
  public RequestBodyTooLargeException(String method, String path, long maxBytes) {
    super(
        "request body of "
            + method
            + " "
            + path
            + " is larger than the SigV4 signing buffer of "
            + maxBytes
            + " bytes; raise AwsSigV4Signer.Builder.maxBodyBytes or send smaller requests"
            + " (Amazon OpenSearch Service accepts 10 to 100 MiB depending on the instance type)");
    this.method = method;
    this.path = path;
    this.maxBytes = maxBytes;
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
   * Returns the cap that was exceeded.
   *
   * @return the cap in bytes
   */
  public long maxBytes() {
    return maxBytes;
  }
}
