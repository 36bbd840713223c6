package dev.opskit.sigv4.internal;

import java.io.IOException;
import java.time.Instant;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.jspecify.annotations.Nullable;

/**
 * Signs each classic request just before it goes on the wire: buffers the entity once (so chunked
 * and non-repeatable entities get a {@code Content-Length} and can be re-sent), signs, and on a
 * clock-skew 403 signs again once with the corrected clock.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class SigV4ClassicHandler implements ExecChainHandler {
  private final SigningEngine engine;

  /**
   * Creates a handler.
   *
   * @param engine the shared signing engine
   */
  public SigV4ClassicHandler(SigningEngine engine) {
    this.engine = engine;
  }

  @Override
  public ClassicHttpResponse execute(
      ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
      throws IOException, HttpException {
    boolean framed = request.getEntity() != null && framedBefore(request);
    byte[] body = buffer(request);
    Instant signedAt =
        engine.sign(
            request, body, scope.route.getTargetHost(), scope.clientContext, scope.exchangeId);
    ClassicHttpResponse response = chain.proceed(request, scope);
    if (!engine.learnSkew(response, signedAt) || scope.route.isTunnelled()) {
      return response;
    }
    EntityUtils.consume(response.getEntity());
    response.close();
    ExecRuntime runtime = scope.execRuntime;
    if (!runtime.isEndpointAcquired()) {
      runtime.acquireEndpoint(scope.exchangeId, scope.route, null, scope.clientContext);
    }
    if (!runtime.isEndpointConnected()) {
      runtime.connectEndpoint(scope.clientContext);
    }
    if (body != null) {
      RequestBodies.unframe(request, framed);
    }
    engine.sign(request, body, scope.route.getTargetHost(), scope.clientContext, scope.exchangeId);
    return chain.proceed(request, scope);
  }

  private byte @Nullable [] buffer(ClassicHttpRequest request) throws IOException {
    HttpEntity entity = request.getEntity();
    if (entity == null) {
      return null;
    }
    byte[] body = RequestBodies.read(entity, request, engine.maxBodyBytes());
    ContentType type =
        entity.getContentType() == null ? null : ContentType.parse(entity.getContentType());
    request.setEntity(new ByteArrayEntity(body, type, entity.getContentEncoding()));
    RequestBodies.describe(
        request, body.length, entity.getContentType(), entity.getContentEncoding());
    return body;
  }

  private static boolean framedBefore(ClassicHttpRequest request) {
    return request.containsHeader("Transfer-Encoding") || request.containsHeader("Content-Length");
  }
}
