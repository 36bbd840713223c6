package dev.opskit.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.sigv4.internal.BytesEntityProducer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;

/** The classic and async handlers against a loopback server that verifies every signature. */
class SigningHandlerTest {
  enum Mode {
    CLASSIC,
    ASYNC
  }

  private VerifyingServer server;
  private AwsSigV4Signer signer;

  @BeforeEach
  void start() throws Exception {
    server = new VerifyingServer("us-east-1", "es");
    signer = server.signer().endpoint(server.uri()).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SignedHttp open(SigningHandlerTest.Mode mode, AwsSigV4Signer s) {
    return SignedHttp.open(mode, server.uri(), s);
  }

  /** A client whose request is changed after it was signed. */
  private SignedHttp tampered(Mode mode, Consumer<HttpRequest> tamper, boolean body) {
    if (mode == Mode.CLASSIC) {
      ExecChainHandler after =
          (request, scope, chain) -> {
            tamper.accept(request);
            if (body) {
              request.setEntity(
                  new ByteArrayEntity(
                      "{\"q\":\"tampered\"}".getBytes(StandardCharsets.UTF_8),
                      ContentType.APPLICATION_JSON));
            }
            return chain.proceed(request, scope);
          };
      return SignedHttp.classic(
          server.uri(), signer.classicClientBuilder().addExecInterceptorLast("tamper", after));
    }
    AsyncExecChainHandler after =
        (request, producer, scope, chain, callback) -> {
          tamper.accept(request);
          chain.proceed(
              request,
              body
                  ? new BytesEntityProducer(
                      "{\"q\":\"tampered\"}".getBytes(StandardCharsets.UTF_8),
                      "application/json",
                      null)
                  : producer,
              scope,
              callback);
        };
    return SignedHttp.async(
        server.uri(), signer.asyncClientBuilder().addExecInterceptorLast("tamper", after));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void signsEveryMethodAndBodyShape(Mode mode) throws Exception {
    byte[] json = "{\"query\":{\"match_all\":{}}}".getBytes(StandardCharsets.UTF_8);
    try (SignedHttp http = open(mode, signer)) {
      record Case(String method, String path, byte[] body, SignedHttp.Body kind) {}
      List<Case> cases =
          List.of(
              new Case("GET", "/", null, SignedHttp.Body.FIXED),
              new Case("HEAD", "/logs", null, SignedHttp.Body.FIXED),
              new Case("DELETE", "/logs", null, SignedHttp.Body.FIXED),
              new Case("POST", "/logs/_refresh", new byte[0], SignedHttp.Body.FIXED),
              new Case("PUT", "/logs/_doc/1", json, SignedHttp.Body.FIXED),
              new Case("GET", "/logs/_search", json, SignedHttp.Body.FIXED),
              new Case("DELETE", "/_search/scroll", json, SignedHttp.Body.FIXED),
              new Case("POST", "/_bulk", json, SignedHttp.Body.CHUNKED),
              new Case("POST", "/_bulk", json, SignedHttp.Body.GZIP));
      for (Case c : cases) {
        SignedHttp.Result result = http.send(c.method, c.path, c.body, c.kind, Map.of());
        VerifyingServer.Recorded wire = server.last();
        String what = mode + " " + c.method + " " + c.path + " " + c.kind;
        assertThat(result.status()).as(what + ": " + wire.reason()).isEqualTo(200);
        assertThat(wire.verified()).as(what).isTrue();
        assertThat(wire.header("transfer-encoding")).as(what).isNull();
        assertThat(wire.header("authorization"))
            .as(what)
            .containsPattern("SignedHeaders=(content-encoding;)?(content-type;)?host;");
        assertThat(wire.header("authorization"))
            .as(what)
            .doesNotContain("content-length")
            .doesNotContain("user-agent")
            .doesNotContain("connection");
        if (c.body != null) {
          assertThat(wire.header("content-length"))
              .as(what)
              .isEqualTo(Integer.toString(wire.body().length));
        }
        if (c.kind == SignedHttp.Body.GZIP) {
          assertThat(wire.header("content-encoding")).isEqualTo("gzip");
          assertThat(wire.header("authorization")).contains("content-encoding");
          assertThat(Gzip.decompress(wire.body())).isEqualTo(c.body);
        } else if (c.body != null) {
          assertThat(wire.body()).as(what).isEqualTo(c.body);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void signsIndexNamesAndQueriesWithSpecialCharacters(Mode mode) throws Exception {
    List<String> targets =
        List.of(
            "/logs-*/_search",
            "/a,b/_search?ignore_unavailable=true",
            "/idx:2024/_doc/a%2Fb",
            "/caf%C3%A9/_doc/%E1%88%B4",
            "/with%20space/_doc/100%25",
            "/logs/_search?q=title:a+b&sort=name:asc",
            "/_search/scroll?scroll=1m&scroll_id=abc%3D%3D&x=%2B",
            "/logs/_search?pretty&size=0",
            "/logs/_search?q=%E6%97%A5%E6%9C%AC");
    try (SignedHttp http = open(mode, signer)) {
      for (String target : targets) {
        SignedHttp.Result result = http.send("GET", target, null);
        assertThat(result.status())
            .as(mode + " " + target + ": " + server.last().reason())
            .isEqualTo(200);
      }
    }
    assertThat(server.recorded()).hasSize(targets.size()).allMatch(r -> r.verified());
    assertThat(server.recorded().get(5).rawQuery()).isEqualTo("q=title%3Aa%20b&sort=name%3Aasc");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void signsWithSessionCredentialsThatRotateBetweenRequests(Mode mode) throws Exception {
    List<AwsCredentials> rotation = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      AwsSessionCredentials c =
          AwsSessionCredentials.create("ASIAROTATE" + i, "secret-" + i, "token-" + i);
      rotation.add(c);
      server.accept(c);
    }
    AtomicInteger calls = new AtomicInteger();
    AwsCredentialsProvider rotating = () -> rotation.get(calls.getAndIncrement() % 3);
    try (SignedHttp http = open(mode, signer.copy(b -> b.credentialsProvider(rotating)))) {
      for (int i = 0; i < 6; i++) {
        assertThat(http.send("POST", "/logs/_doc", "{}".getBytes(StandardCharsets.UTF_8)).status())
            .isEqualTo(200);
      }
    }
    assertThat(server.recorded()).hasSize(6).allMatch(r -> r.verified());
    assertThat(server.recorded())
        .extracting(r -> r.header("x-amz-security-token"))
        .containsExactly("token-1", "token-2", "token-3", "token-1", "token-2", "token-3");
    assertThat(server.last().header("authorization")).contains("x-amz-security-token");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void signsARetryAfterADroppedConnectionAgain(Mode mode) throws Exception {
    server.dropNext(1);
    // HttpClient's default strategy does not retry a ConnectionClosedException (how the async
    // client sees the drop); retry every I/O error here, as an application that wants it would.
    DefaultHttpRequestRetryStrategy retryAll =
        new DefaultHttpRequestRetryStrategy(
            2, TimeValue.ZERO_MILLISECONDS, List.of(), List.of(503)) {};
    try (SignedHttp http =
        mode == Mode.CLASSIC
            ? SignedHttp.classic(
                server.uri(), signer.classicClientBuilder().setRetryStrategy(retryAll))
            : SignedHttp.async(
                server.uri(), signer.asyncClientBuilder().setRetryStrategy(retryAll))) {
      assertThat(http.send("PUT", "/logs/_doc/1", "{}".getBytes(StandardCharsets.UTF_8)).status())
          .isEqualTo(200);
    }
    assertThat(server.recorded()).hasSize(2);
    assertThat(server.recorded().get(0).reason()).isEqualTo("dropped");
    assertThat(server.last().verified()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void signsARedirectedRequestAgainForItsNewPath(Mode mode) throws Exception {
    server.backend(
        r ->
            r.rawPath().equals("/old-index/_doc/1")
                ? new VerifyingServer.Response(
                    307, "application/json", new byte[0], Map.of("Location", "/new-index/_doc/1"))
                : new VerifyingServer.Response(200, "application/json", "{}".getBytes(UTF_8)));
    try (SignedHttp http = open(mode, signer)) {
      assertThat(http.send("PUT", "/old-index/_doc/1", "{\"a\":1}".getBytes(UTF_8)).status())
          .isEqualTo(200);
    }
    assertThat(server.recorded())
        .extracting(VerifyingServer.Recorded::rawPath)
        .containsExactly("/old-index/_doc/1", "/new-index/_doc/1");
    assertThat(server.recorded()).allMatch(VerifyingServer.Recorded::verified);
    assertThat(new String(server.last().body(), UTF_8)).isEqualTo("{\"a\":1}");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void correctsClockSkewFromTheServersDateOnce(Mode mode) throws Exception {
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
    try (SignedHttp http = open(mode, signer.copy(b -> b.clock(behind)))) {
      assertThat(http.send("POST", "/logs/_search", "{}".getBytes(StandardCharsets.UTF_8)).status())
          .isEqualTo(200);
      assertThat(http.send("GET", "/", null).status()).isEqualTo(200);
    }
    assertThat(server.recorded()).extracting(r -> r.verified()).containsExactly(false, true, true);
    assertThat(server.recorded().get(0).reason()).startsWith("Signature expired");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void retriesASkew403OnlyOnce(Mode mode) throws Exception {
    // The first request is dated 20 minutes behind and corrected; the re-signed one passes the
    // server's check and gets another skew error from the backend, which is returned as it is.
    server.backend(r -> SigningBoundsTest.skewError("InvalidSignatureException"));
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
    try (SignedHttp http = open(mode, signer.copy(b -> b.clock(behind)))) {
      assertThat(http.send("GET", "/", null).status()).isEqualTo(403);
    }
    assertThat(server.recorded()).extracting(r -> r.verified()).containsExactly(false, true);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void rejectsABodyLargerThanTheCapWithAClearError(Mode mode) throws Exception {
    try (SignedHttp http = open(mode, signer.copy(b -> b.maxBodyBytes(16)))) {
      for (SignedHttp.Body kind : SignedHttp.Body.values()) {
        assertThatThrownBy(
                () ->
                    http.send(
                        "POST",
                        "/_bulk?refresh=true",
                        new byte[64],
                        kind,
                        Map.<String, String>of()))
            .as(kind.name())
            .isInstanceOf(RequestBodyTooLargeException.class)
            .hasMessage(
                "request body of POST /_bulk is larger than the SigV4 signing buffer of 16 bytes;"
                    + " raise AwsSigV4Signer.Builder.maxBodyBytes or send smaller requests"
                    + " (Amazon OpenSearch Service accepts 10 to 100 MiB depending on the instance"
                    + " type)");
      }
    }
    assertThat(server.recorded()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRequestChangedAfterSigningGets403(Mode mode) throws Exception {
    byte[] json = "{\"q\":\"original\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, Consumer<HttpRequest>> tampers =
        Map.of(
            "path", r -> r.setPath("/other/_search"),
            "query", r -> r.setPath(r.getPath() + "&size=1000"),
            "header", r -> r.setHeader("Content-Type", "text/plain"),
            "date", r -> r.setHeader("X-Amz-Date", "20150830T123600Z"),
            "token", r -> r.setHeader("X-Amz-Security-Token", "forged"));
    for (Map.Entry<String, Consumer<HttpRequest>> t : tampers.entrySet()) {
      try (SignedHttp http = tampered(mode, t.getValue(), false)) {
        assertThat(http.send("POST", "/logs/_search?size=1", json).status())
            .as(t.getKey())
            .isEqualTo(403);
        assertThat(server.last().verified()).as(t.getKey()).isFalse();
      }
    }
    try (SignedHttp http = tampered(mode, r -> {}, true)) {
      assertThat(http.send("POST", "/logs/_search", json).status()).as("body").isEqualTo(403);
    }
    try (SignedHttp http = open(mode, signer.copy(b -> b.region(Region.US_WEST_2)))) {
      assertThat(http.send("GET", "/", null).status()).as("region").isEqualTo(403);
      assertThat(server.last().reason()).contains("region");
    }
    try (SignedHttp http = open(mode, signer.copy(b -> b.service("aoss")))) {
      assertThat(http.send("GET", "/", null).status()).as("service").isEqualTo(403);
    }
    try (SignedHttp http = tampered(mode, r -> {}, false)) {
      assertThat(http.send("POST", "/logs/_search", json).status()).as("untouched").isEqualTo(200);
    }
  }

  @Test
  void infersRegionAndServiceFromTheEndpoint() {
    AwsSigV4Signer es =
        AwsSigV4Signer.builder()
            .endpoint(
                java.net.URI.create("https://search-logs-abc123.ap-northeast-1.es.amazonaws.com"))
            .credentialsProvider(signer.credentialsProvider())
            .build();
    assertThat(es.region()).isEqualTo(Region.AP_NORTHEAST_1);
    assertThat(es.service()).isEqualTo("es");
    AwsSigV4Signer aoss =
        es.copy(
            b -> b.endpoint(java.net.URI.create("https://abc123.us-west-2.aoss.amazonaws.com")));
    assertThat(aoss.region()).isEqualTo(Region.AP_NORTHEAST_1);
    AwsSigV4Signer inferred =
        AwsSigV4Signer.builder()
            .endpoint(java.net.URI.create("https://abc123.us-west-2.aoss.amazonaws.com:443"))
            .credentialsProvider(signer.credentialsProvider())
            .build();
    assertThat(inferred.region()).isEqualTo(Region.US_WEST_2);
    assertThat(inferred.service()).isEqualTo("aoss");
    assertThatThrownBy(
            () ->
                AwsSigV4Signer.builder()
                    .endpoint(java.net.URI.create("https://search.example.com"))
                    .regionProvider(
                        () -> {
                          throw software.amazon.awssdk.core.exception.SdkClientException.create(
                              "Unable to load region from any of the providers in the chain");
                        })
                    .credentialsProvider(signer.credentialsProvider())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "region is required: none was set, the endpoint host search.example.com names none,"
                + " and the AWS SDK's region provider chain (aws.region, AWS_REGION, profile,"
                + " instance metadata) found none; set AwsSigV4Signer.Builder.region or"
                + " AWS_REGION");
  }

  @Test
  void neverShowsSecretsInToString() {
    assertThat(signer.toString())
        .isEqualTo(
            "AwsSigV4Signer[service=es, region=us-east-1,"
                + " credentialsProvider=StaticCredentialsProvider, maxBodyBytes=104857600,"
                + " allowedHosts=[127.0.0.1], allowPlainHttp]")
        .doesNotContain(VerifyingServer.SECRET);
  }
}
