package dev.opskit.redash.store;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Removes the {@code x-amz-mp-object-size} header the SDK's multipart client adds to {@code
 * CompleteMultipartUpload}. AWS S3 accepts it; stricter S3-compatible stores (S3Proxy, versitygw)
 * reject unknown {@code x-amz-*} headers with 501. Add it to the client of such a store:
 *
 * <pre>{@code
 * S3AsyncClient.builder().multipartEnabled(true)
 *     .overrideConfiguration(o -> o.addExecutionInterceptor(new MultipartObjectSizeHeaderRemover()))
 * }</pre>
 */
public final class MultipartObjectSizeHeaderRemover implements ExecutionInterceptor {
  private static final String HEADER = "x-amz-mp-object-size";

  /** Creates the interceptor. */
  public MultipartObjectSizeHeaderRemover() {}

  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes) {
    SdkHttpRequest request = context.httpRequest();
    return request.firstMatchingHeader(HEADER).isPresent()
        ? request.toBuilder().removeHeader(HEADER).build()
        : request;
  }
}
