package dev.opskit.sigv4;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.entity.GzipCompressingEntity;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.jspecify.annotations.Nullable;

/** Sends one request through a signed classic or async client the same way, for table tests. */
interface SignedHttp extends AutoCloseable {

  /** Opens a classic or async client signed by a signer, on a base URI. */
  static SignedHttp open(SigningHandlerTest.Mode mode, URI base, AwsSigV4Signer signer) {
    return mode == SigningHandlerTest.Mode.CLASSIC
        ? classic(base, signer.classicClientBuilder())
        : async(base, signer.asyncClientBuilder());
  }

  /** How the body is handed to the client. */
  enum Body {
    /** A repeatable entity with a known length. */
    FIXED,
    /** A non-repeatable stream of unknown length, sent chunked by default. */
    CHUNKED,
    /** Gzip-compressed, chunked (what Rest5Client and GzipCompressingEntity do). */
    GZIP
  }

  record Result(int status, String body) {}

  Result send(
      String method,
      String pathAndQuery,
      byte @Nullable [] body,
      Body kind,
      Map<String, String> headers)
      throws Exception;

  default Result send(String method, String pathAndQuery, byte @Nullable [] body) throws Exception {
    return send(method, pathAndQuery, body, Body.FIXED, Map.of());
  }

  @Override
  void close() throws IOException;

  static SignedHttp classic(URI base, HttpClientBuilder builder) {
    CloseableHttpClient client = builder.build();
    return new SignedHttp() {
      @Override
      public Result send(
          String method, String path, byte @Nullable [] body, Body kind, Map<String, String> h)
          throws IOException {
        HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(base + path));
        h.forEach(request::setHeader);
        if (body != null) {
          HttpEntity entity =
              switch (kind) {
                case FIXED -> new ByteArrayEntity(body, ContentType.APPLICATION_JSON);
                case CHUNKED ->
                    new InputStreamEntity(
                        new ByteArrayInputStream(body), -1, ContentType.APPLICATION_JSON);
                case GZIP ->
                    new GzipCompressingEntity(
                        new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
              };
          request.setEntity(entity);
        }
        return client.execute(
            request,
            response ->
                new Result(
                    response.getCode(),
                    response.getEntity() == null
                        ? ""
                        : EntityUtils.toString(response.getEntity())));
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }

  static SignedHttp async(URI base, HttpAsyncClientBuilder builder) {
    CloseableHttpAsyncClient client = builder.build();
    client.start();
    return new SignedHttp() {
      @Override
      public Result send(
          String method, String path, byte @Nullable [] body, Body kind, Map<String, String> h)
          throws Exception {
        BasicHttpRequest request = new BasicHttpRequest(method, URI.create(base + path));
        h.forEach(request::setHeader);
        AsyncEntityProducer producer = null;
        if (body != null) {
          producer =
              switch (kind) {
                case FIXED -> new BasicAsyncEntityProducer(body, ContentType.APPLICATION_JSON);
                case CHUNKED ->
                    new BasicAsyncEntityProducer(body, ContentType.APPLICATION_JSON, true);
                case GZIP ->
                    new dev.opskit.sigv4.internal.BytesEntityProducer(
                        Gzip.compress(body), ContentType.APPLICATION_JSON.toString(), "gzip");
              };
        }
        try {
          SimpleHttpResponse response =
              client
                  .execute(
                      new BasicRequestProducer(request, producer),
                      SimpleResponseConsumer.create(),
                      null)
                  .get(30, TimeUnit.SECONDS);
          return new Result(
              response.getCode(), response.getBodyText() == null ? "" : response.getBodyText());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Exception cause) {
            throw cause;
          }
          throw e;
        }
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }
}
