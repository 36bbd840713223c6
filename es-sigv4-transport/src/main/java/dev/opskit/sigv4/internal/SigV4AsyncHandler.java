package dev.opskit.sigv4.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.jspecify.annotations.Nullable;

/**
 * Signs each async request just before it goes on the wire. The body is taken from the entity
 * producer, whatever its type: drained once into bytes (compressed bytes stay compressed), hashed,
 * and sent from a repeatable producer with a {@code Content-Length}, so the signed bytes are the
 * sent bytes. On a clock-skew 403 the request is signed again once with the corrected clock.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class SigV4AsyncHandler implements AsyncExecChainHandler {
  private static final String BODY_ATTRIBUTE = "dev.opskit.sigv4.body";

  private final SigningEngine engine;

  /**
   * Creates a handler.
   *
   * @param engine the shared signing engine
   */
  public SigV4AsyncHandler(SigningEngine engine) {
    this.engine = engine;
  }

  @Override
  public void execute(
      HttpRequest request,
      @Nullable AsyncEntityProducer entityProducer,
      AsyncExecChain.Scope scope,
      AsyncExecChain chain,
      AsyncExecCallback callback)
      throws HttpException, IOException {
    HttpHost target = scope.route.getTargetHost();
    byte[] body;
    Instant signedAt;
    boolean framed = false;
    try {
      body = entityProducer == null ? null : body(entityProducer, request, scope);
      if (body != null && entityProducer != null) {
        framed =
            RequestBodies.describe(
                request,
                body.length,
                entityProducer.getContentType(),
                entityProducer.getContentEncoding());
      }
      signedAt = engine.sign(request, body, target, scope.clientContext, scope.exchangeId);
    } catch (RuntimeException | IOException e) {
      callback.failed(e);
      return;
    }
    chain.proceed(
        request,
        producer(body, entityProducer),
        scope,
        new SkewRetry(request, body, framed, entityProducer, signedAt, scope, chain, callback));
  }

  private byte[] body(AsyncEntityProducer producer, HttpRequest request, AsyncExecChain.Scope scope)
      throws IOException {
    Object cached = scope.clientContext.getAttribute(BODY_ATTRIBUTE);
    if (cached instanceof Buffered && ((Buffered) cached).producer == producer) {
      return ((Buffered) cached).bytes;
    }
    byte[] bytes;
    try {
      bytes = RequestBodies.drain(producer, request, engine.maxBodyBytes());
    } finally {
      producer.releaseResources();
    }
    scope.clientContext.setAttribute(BODY_ATTRIBUTE, new Buffered(producer, bytes));
    return bytes;
  }

  private static @Nullable AsyncEntityProducer producer(
      byte @Nullable [] body, @Nullable AsyncEntityProducer original) {
    if (body == null || original == null) {
      return null;
    }
    return new BytesEntityProducer(body, original.getContentType(), original.getContentEncoding());
  }

  private static final class Buffered {
    final AsyncEntityProducer producer;
    final byte[] bytes;

    Buffered(AsyncEntityProducer producer, byte[] bytes) {
      this.producer = producer;
      this.bytes = bytes;
    }
  }

  /** Passes everything through, except a clock-skew 403, which it discards and re-signs once. */
  private final class SkewRetry implements AsyncExecCallback {
    private final HttpRequest request;
    private final byte @Nullable [] body;
    private final boolean framed;
    private final @Nullable AsyncEntityProducer original;
    private final Instant signedAt;
    private final AsyncExecChain.Scope scope;
    private final AsyncExecChain chain;
    private final AsyncExecCallback delegate;
    private volatile boolean retrying;

    SkewRetry(
        HttpRequest request,
        byte @Nullable [] body,
        boolean framed,
        @Nullable AsyncEntityProducer original,
        Instant signedAt,
        AsyncExecChain.Scope scope,
        AsyncExecChain chain,
        AsyncExecCallback delegate) {
      this.request = request;
      this.body = body;
      this.framed = framed;
      this.original = original;
      this.signedAt = signedAt;
      this.scope = scope;
      this.chain = chain;
      this.delegate = delegate;
    }

    @Override
    public @Nullable AsyncDataConsumer handleResponse(
        HttpResponse response, @Nullable EntityDetails entityDetails)
        throws HttpException, IOException {
      if (engine.learnSkew(response, signedAt) && !scope.route.isTunnelled()) {
        retrying = true;
        return entityDetails == null ? null : new Discard();
      }
      return delegate.handleResponse(response, entityDetails);
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
      delegate.handleInformationResponse(response);
    }

    @Override
    public void completed() {
      if (!retrying) {
        delegate.completed();
        return;
      }
      AsyncExecRuntime runtime = scope.execRuntime;
      if (!runtime.isEndpointAcquired()) {
        runtime.acquireEndpoint(
            scope.exchangeId, scope.route, null, scope.clientContext, then(this::connectAndSend));
      } else {
        connectAndSend();
      }
    }

    private void connectAndSend() {
      if (!scope.execRuntime.isEndpointConnected()) {
        scope.execRuntime.connectEndpoint(scope.clientContext, then(this::send));
      } else {
        send();
      }
    }

    private void send() {
      try {
        if (body != null) {
          RequestBodies.unframe(request, framed);
        }
        engine.sign(
            request, body, scope.route.getTargetHost(), scope.clientContext, scope.exchangeId);
        chain.proceed(request, producer(body, original), scope, delegate);
      } catch (HttpException | IOException | RuntimeException e) {
        delegate.failed(e);
      }
    }

    private FutureCallback<AsyncExecRuntime> then(Runnable next) {
      return new FutureCallback<>() {
        @Override
        public void completed(AsyncExecRuntime result) {
          next.run();
        }

        @Override
        public void failed(Exception ex) {
          delegate.failed(ex);
        }

        @Override
        public void cancelled() {
          delegate.failed(new IOException("SigV4 re-signed request cancelled"));
        }
      };
    }

    @Override
    public void failed(Exception cause) {
      delegate.failed(cause);
    }
  }

  private static final class Discard implements AsyncDataConsumer {
    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
      capacityChannel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) {
      src.position(src.limit());
    }

    @Override
    public void streamEnd(@Nullable List<? extends Header> trailers) {}

    @Override
    public void releaseResources() {}
  }
}
