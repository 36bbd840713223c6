package dev.opskit.benchmarks.sigv4;

import dev.opskit.sigv4.AwsSigV4Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Bulk indexing throughput against a local OpenSearch node: 5 MB {@code _bulk} requests from one
 * classic HttpClient, with the signer's handler registered ({@code signed}) and without ({@code
 * unsigned}); the two clients are built the same way otherwise. The node has no security plugin, so
 * it ignores the signature; what differs is the client-side work of signing. The index is created
 * afresh for each iteration (one shard, no replica, no periodic refresh), so every iteration
 * indexes into the same state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 10, time = 5)
public class BulkThroughputBenchmark {
  private static final String INDEX = "bench";
  private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

  /** The bulk body size in bytes; 5 MB by default. */
  @Param({"5242880"})
  public int bulkBytes = Bodies.BULK_BYTES;

  private byte[] body = new byte[0];
  private int documents;
  private LocalNode node;
  private CloseableHttpClient client;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong signedOnWire = new AtomicLong();

  /** Creates the benchmark state; JMH calls {@link #start(BenchmarkParams)} before measuring. */
  public BulkThroughputBenchmark() {}

  /**
   * Starts the node and builds the client the benchmark method needs.
   *
   * @param params which benchmark method runs
   * @throws IOException if the node does not start
   */
  @Setup(Level.Trial)
  public void start(BenchmarkParams params) throws IOException {
    body = Bodies.bulk(bulkBytes);
    documents = Bodies.documents(body);
    node = new LocalNode();
    if (params.getBenchmark().endsWith(".signed")) {
      AwsSigV4Signer signer =
          AwsSigV4Signer.builder()
              .service("es")
              .region(Region.EU_WEST_1)
              .endpoint(node.uri())
              .allowPlainHttp(true)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(
                          "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")))
              .clock(Clock.systemUTC())
              .build();
      client = wireCounter(signer.register(HttpClients.custom())).build();
    } else {
      client = wireCounter(HttpClients.custom()).build();
    }
  }

  /**
   * Creates the index afresh, so that each iteration starts from an empty index.
   *
   * @throws IOException if the node refuses
   */
  @Setup(Level.Iteration)
  public void freshIndex() throws IOException {
    send(new HttpDelete(node.uri().resolve("/" + INDEX + "?ignore_unavailable=true")), 200, 404);
    HttpPut create = new HttpPut(node.uri().resolve("/" + INDEX));
    create.setEntity(
        new ByteArrayEntity(
            ("{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0,"
                    + "\"refresh_interval\":\"-1\"}}")
                .getBytes(StandardCharsets.UTF_8),
            ContentType.APPLICATION_JSON));
    send(create, 200);
  }

  /**
   * Sends one signed bulk request.
   *
   * @return the number of documents indexed
   * @throws IOException if the request fails or any document is rejected
   */
  @Benchmark
  public int signed() throws IOException {
    return bulk();
  }

  /**
   * Sends one unsigned bulk request: the baseline.
   *
   * @return the number of documents indexed
   * @throws IOException if the request fails or any document is rejected
   */
  @Benchmark
  public int unsigned() throws IOException {
    return bulk();
  }

  /**
   * Closes the client, stops the node, and checks that the signed client signed every request on
   * the wire and the unsigned one none.
   *
   * @param params which benchmark method ran
   * @throws IOException if the client does not close
   */
  @TearDown(Level.Trial)
  public void stop(BenchmarkParams params) throws IOException {
    client.close();
    node.close();
    boolean signing = params.getBenchmark().endsWith(".signed");
    if (sent.get() == 0 || signedOnWire.get() != (signing ? sent.get() : 0)) {
      throw new IllegalStateException(
          signedOnWire.get() + " of " + sent.get() + " requests were signed on the wire");
    }
  }

  /** Counts, just before the transport, the requests sent and those carrying a signature. */
  private HttpClientBuilder wireCounter(HttpClientBuilder builder) {
    return builder.addExecInterceptorLast(
        "bench-wire-counter",
        (request, scope, chain) -> {
          sent.incrementAndGet();
          if (request.containsHeader("Authorization") && request.containsHeader("X-Amz-Date")) {
            signedOnWire.incrementAndGet();
          }
          return chain.proceed(request, scope);
        });
  }

  private int bulk() throws IOException {
    HttpPost post = new HttpPost(node.uri().resolve("/" + INDEX + "/_bulk?filter_path=errors"));
    post.setEntity(new ByteArrayEntity(body, NDJSON));
    String answer = send(post, 200);
    if (!answer.contains("\"errors\":false")) {
      throw new IOException("bulk rejected documents: " + answer);
    }
    return documents;
  }

  private String send(HttpUriRequestBase request, int... accepted) throws IOException {
    return client.execute(
        request,
        response -> {
          String text = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
          for (int status : accepted) {
            if (response.getCode() == status) {
              return text;
            }
          }
          throw new IOException(
              request.getMethod() + " " + request.getPath() + ": " + response.getCode() + text);
        });
  }
}
