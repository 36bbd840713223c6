package dev.opskit.benchmarks.sigv4;

import dev.opskit.sigv4.AwsSigV4Signer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * What signing adds to one request, without a network: the signer's classic exec-chain handler
 * (public API, static credentials, fixed clock) in front of a terminal chain element that writes
 * the entity to a discarding stream, as the connection would, against that terminal element alone.
 *
 * <p>Run with {@code -prof gc}: {@code gc.alloc.rate.norm} of {@code signed} minus {@code unsigned}
 * is what the signer allocates per request, including its one copy of the body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SigningOverheadBenchmark {
  private static final HttpHost DOMAIN =
      new HttpHost("https", "search-bench-abc123.eu-west-1.es.amazonaws.com", 443);
  private static final ExecChain WIRE = SigningOverheadBenchmark::toWire;

  /** The handler touches the runtime only to resend after a clock-skew 403, which never happens. */
  private static final ExecRuntime NO_RUNTIME =
      (ExecRuntime)
          Proxy.newProxyInstance(
              ExecRuntime.class.getClassLoader(),
              new Class<?>[] {ExecRuntime.class},
              (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
              });

  /** The request: a small {@code _search}, or a 5 MB {@code _bulk}. */
  @Param({"small", "bulk5mb"})
  public String request = "small";

  private byte[] body = new byte[0];
  private String path = "";
  private ContentType type = ContentType.APPLICATION_JSON;
  private ExecChainHandler handler = (r, s, c) -> c.proceed(r, s);
  private ExecChain.Scope scope = scope(new HttpPost("/"));

  /** Creates the benchmark state; JMH calls {@link #setUp()} before measuring. */
  public SigningOverheadBenchmark() {}

  /** Builds the body and a signer with static credentials and a fixed clock. */
  @Setup
  public void setUp() {
    if (request.equals("small")) {
      body = Bodies.SMALL_SEARCH;
      path = "/logs-2026.11/_search";
      type = ContentType.APPLICATION_JSON;
    } else {
      body = Bodies.bulk(Bodies.BULK_BYTES);
      path = "/_bulk";
      type = ContentType.create("application/x-ndjson");
    }
    AwsSigV4Signer signer =
        AwsSigV4Signer.builder()
            .service("es")
            .region(Region.EU_WEST_1)
            .addAllowedHost(DOMAIN.getHostName())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")))
            .clock(Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC))
            .build();
    handler = signer.classicHandler();
    scope = scope(newRequest());
  }

  /**
   * Signs the request and hands it to the terminal element.
   *
   * @return the response, for JMH to consume
   * @throws IOException never here: the terminal element does no I/O
   * @throws HttpException never here
   */
  @Benchmark
  public ClassicHttpResponse signed() throws IOException, HttpException {
    return handler.execute(newRequest(), scope, WIRE);
  }

  /**
   * Hands the same request to the terminal element unsigned: the baseline.
   *
   * @return the response, for JMH to consume
   * @throws IOException never here: the terminal element does no I/O
   * @throws HttpException never here
   */
  @Benchmark
  public ClassicHttpResponse unsigned() throws IOException, HttpException {
    return WIRE.proceed(newRequest(), scope);
  }

  private ClassicHttpRequest newRequest() {
    HttpPost post = new HttpPost(path);
    post.setEntity(new ByteArrayEntity(body, type));
    return post;
  }

  private static ExecChain.Scope scope(ClassicHttpRequest request) {
    return new ExecChain.Scope(
        "bench", new HttpRoute(DOMAIN), request, NO_RUNTIME, HttpClientContext.create());
  }

  private static ClassicHttpResponse toWire(ClassicHttpRequest request, ExecChain.Scope scope)
      throws IOException {
    HttpEntity entity = request.getEntity();
    if (entity != null) {
      entity.writeTo(OutputStream.nullOutputStream());
    }
    return new BasicClassicHttpResponse(200);
  }
}
