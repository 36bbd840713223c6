package dev.opskit.sigv4.opensearch;

import dev.opskit.sigv4.AwsRequestRejectedException;
import dev.opskit.sigv4.internal.AwsErrors;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.RequestLine;
import org.jspecify.annotations.Nullable;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.transport.Endpoint;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.TransportOptions;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * An OpenSearch transport that turns AWS's own rejections, which the OpenSearch Java client reports
 * as a bare "Forbidden access", into {@link AwsRequestRejectedException}; everything else passes
 * through unchanged, errors from OpenSearch itself included.
 *
 * <p>The client's {@code ResponseException} keeps the response in a class that is not public, so
 * its headers and body are read reflectively; if that ever fails, the original exception is thrown.
 */
final class AwsErrorTransport implements OpenSearchTransport {
  private final OpenSearchTransport delegate;

  AwsErrorTransport(OpenSearchTransport delegate) {
    this.delegate = delegate;
  }

  @Override
  public <RequestT, ResponseT, ErrorT> ResponseT performRequest(
      RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options)
      throws IOException {
    try {
      return delegate.performRequest(request, endpoint, options);
    } catch (IOException | RuntimeException e) {
      AwsRequestRejectedException rejected = rejection(e);
      if (rejected != null) {
        rejected.addSuppressed(e);
        throw rejected;
      }
      throw e;
    }
  }

  @Override
  public <RequestT, ResponseT, ErrorT> CompletableFuture<ResponseT> performRequestAsync(
      RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
    CompletableFuture<ResponseT> result = new CompletableFuture<>();
    delegate
        .performRequestAsync(request, endpoint, options)
        .whenComplete(
            (response, failure) -> {
              if (failure == null) {
                result.complete(response);
                return;
              }
              AwsRequestRejectedException rejected = rejection(failure);
              if (rejected != null) {
                rejected.addSuppressed(failure);
                result.completeExceptionally(rejected);
              } else {
                result.completeExceptionally(failure);
              }
            });
    return result;
  }

  @Override
  public JsonpMapper jsonpMapper() {
    return delegate.jsonpMapper();
  }

  @Override
  public TransportOptions options() {
    return delegate.options();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  static @Nullable AwsRequestRejectedException rejection(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ResponseException re) {
        try {
          return read(re);
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
          return null;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static @Nullable AwsRequestRejectedException read(ResponseException re)
      throws ReflectiveOperationException, IOException {
    Object response = re.getResponse();
    RequestLine line = (RequestLine) call(response, "getRequestLine");
    String uri = line.getUri();
    int q = uri.indexOf('?');
    HttpEntity entity = (HttpEntity) call(response, "getEntity");
    String body =
        entity == null || !entity.isRepeatable()
            ? null
            : new String(EntityUtils.toByteArray(entity), StandardCharsets.UTF_8);
    return AwsErrors.rejection(
        line.getMethod(),
        q < 0 ? uri : uri.substring(0, q),
        re.status(),
        (String) call(response, "getHeader", "x-amzn-ErrorType"),
        (String) call(response, "getHeader", "x-amzn-RequestId"),
        body);
  }

  private static @Nullable Object call(Object target, String name, Object... args)
      throws ReflectiveOperationException {
    Class<?>[] types = new Class<?>[args.length];
    for (int i = 0; i < args.length; i++) {
      types[i] = args[i].getClass();
    }
    Method m = target.getClass().getMethod(name, types);
    m.setAccessible(true);
    return m.invoke(target, args);
  }
}
