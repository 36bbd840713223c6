package dev.opskit.sigv4;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * A loopback HTTP server on 127.0.0.1 that checks every request's SigV4 signature independently,
 * with the AWS SDK's own signer as the oracle, the way the service does: it re-signs what arrived
 * on the wire (method, raw path and query, the headers named in {@code SignedHeaders}, the body
 * bytes) for its own region and service at the request's {@code X-Amz-Date}, and answers 403 when
 * the signature differs, the date is more than five minutes from its clock, or the body hash is
 * wrong. A valid request gets 200 with a small JSON echo, or is passed to a {@link Backend}.
 */
final class VerifyingServer implements AutoCloseable {
  static final String ACCESS_KEY = "AKIDEXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  /** What AWS appends to the error type in {@code x-amzn-ErrorType}. */
  static final String CORAL_NAMESPACE =
      ":http://internal.amazon.com/coral/com.amazon.coral.service/";

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** What a verified request is passed to. */
  interface Backend {
    Response handle(Recorded request) throws IOException;
  }

  record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    Response(int status, String contentType, byte[] body) {
      this(status, contentType, body, Map.of());
    }
  }

  /** One request as it arrived, and whether its signature was valid. */
  record Recorded(
      String method,
      String rawPath,
      @Nullable String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      boolean verified,
      String reason) {
    @Nullable String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private final HttpServer server;
  private final String region;
  private final String service;
  private final Map<String, AwsCredentials> keys = new ConcurrentHashMap<>();
  private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
  private final AtomicInteger dropNext = new AtomicInteger();
  private volatile Clock clock = Clock.systemUTC();
  private volatile @Nullable Backend backend;

  /**
   * Returns a signer builder for this server: its region, the test key, plain HTTP allowed (the
   * server is loopback HTTP); callers add the endpoint or hosts they sign for.
   */
  AwsSigV4Signer.Builder signer() {
    return AwsSigV4Signer.builder()
        .region(software.amazon.awssdk.regions.Region.of(region))
        .allowPlainHttp(true)
        .credentialsProvider(
            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                    ACCESS_KEY, SECRET)));
  }

  VerifyingServer(String region, String service) throws IOException {
    this.region = region;
    this.service = service;
    keys.put(ACCESS_KEY, AwsBasicCredentials.create(ACCESS_KEY, SECRET));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void accept(AwsCredentials credentials) {
    keys.put(credentials.accessKeyId(), credentials);
  }

  /**
   * Returns session credentials that rotate on every resolution, each accepted by this server: what
   * a role's credentials do over a long run, compressed.
   */
  software.amazon.awssdk.auth.credentials.AwsCredentialsProvider rotatingCredentials(
      String prefix, int count) {
    List<AwsCredentials> rotation = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      AwsSessionCredentials c =
          AwsSessionCredentials.create(
              "ASIA" + prefix + i,
              prefix.toLowerCase(Locale.ROOT) + "-secret-" + i,
              prefix + "-token-" + i);
      rotation.add(c);
      accept(c);
    }
    AtomicInteger calls = new AtomicInteger();
    return () -> rotation.get(Math.floorMod(calls.getAndIncrement(), rotation.size()));
  }

  void clock(Clock c) {
    this.clock = c;
  }

  void backend(Backend b) {
    this.backend = b;
  }

  /** Closes the next {@code n} connections without answering. */
  void dropNext(int n) {
    dropNext.set(n);
  }

  List<Recorded> recorded() {
    return List.copyOf(recorded);
  }

  Recorded last() {
    return recorded.get(recorded.size() - 1);
  }

  void clear() {
    recorded.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        recorded.add(record(ex, body, false, "dropped"));
        ex.getHttpContext().getServer();
        // Closing without a status line: the client sees the connection drop.
        ex.getResponseBody().close();
        return;
      }
      String reason = verify(ex, body);
      Recorded r = record(ex, body, reason.isEmpty(), reason);
      recorded.add(r);
      ex.getResponseHeaders()
          .add(
              "Date",
              DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)));
      Response response;
      if (!reason.isEmpty()) {
        response =
            new Response(
                403,
                "application/json",
                ("{\"message\":\"" + reason + "\"}").getBytes(StandardCharsets.UTF_8),
                Map.of(
                    "x-amzn-ErrorType",
                    errorType(reason) + CORAL_NAMESPACE,
                    "x-amzn-RequestId",
                    "req-" + recorded.size()));
      } else if (backend != null) {
        response = backend.handle(r);
      } else {
        String echo =
            "{\"method\":\"" + r.method() + "\",\"bytes\":" + body.length + ",\"ok\":true}";
        response = new Response(200, "application/json", echo.getBytes(StandardCharsets.UTF_8));
      }
      ex.getResponseHeaders().add("Content-Type", response.contentType());
      response.headers().forEach(ex.getResponseHeaders()::set);
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(
          response.status(), head || response.body().length == 0 ? -1 : response.body().length);
      if (!head) {
        ex.getResponseBody().write(response.body());
      }
    }
  }

  /** The {@code x-amzn-ErrorType} Amazon OpenSearch Service sends with each rejection. */
  static String errorType(String reason) {
    if (reason.startsWith("Missing Authentication Token")) {
      return "MissingAuthenticationTokenException";
    }
    if (reason.startsWith("The security token")) {
      return "UnrecognizedClientException";
    }
    return "InvalidSignatureException";
  }

  private Recorded record(HttpExchange ex, byte[] body, boolean ok, String reason) {
    Map<String, List<String>> headers = new java.util.TreeMap<>();
    for (Map.Entry<String, List<String>> e : ex.getRequestHeaders().entrySet()) {
      headers.put(e.getKey().toLowerCase(Locale.ROOT), List.copyOf(e.getValue()));
    }
    URI uri = ex.getRequestURI();
    return new Recorded(
        ex.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body, ok, reason);
  }

  /** Returns an empty string when the signature is valid, else why not. */
  private String verify(HttpExchange ex, byte[] body) {
    Headers h = ex.getRequestHeaders();
    String authorization = h.getFirst("Authorization");
    String amzDate = h.getFirst("X-Amz-Date");
    if (authorization == null || amzDate == null) {
      return "Missing Authentication Token";
    }
    if (h.containsKey("Transfer-Encoding")) {
      return "chunked transfer encoding cannot be signed";
    }
    String credential = part(authorization, "Credential=");
    String signedHeaders = part(authorization, "SignedHeaders=");
    String[] scope = credential.split("/");
    AwsCredentials key = keys.get(scope[0]);
    if (key == null) {
      return "The security token included in the request is invalid";
    }
    if (scope.length != 5 || !scope[2].equals(region) || !scope[3].equals(service)) {
      return "Credential should be scoped to a valid region and service";
    }
    Instant signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    if (Duration.between(signedAt, clock.instant()).abs().compareTo(Duration.ofMinutes(5)) > 0) {
      return "Signature expired: " + amzDate + " is now earlier or later than the server time";
    }
    URI uri = ex.getRequestURI();
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(ex.getRequestMethod()))
            .uri(URI.create("http://" + h.getFirst("Host") + target));
    List<String> names = new ArrayList<>(List.of(signedHeaders.split(";")));
    for (String name : names) {
      List<String> values = h.get(name);
      if (values == null) {
        return "signed header " + name + " missing";
      }
      for (String v : values) {
        request.appendHeader(name, v);
      }
    }
    AwsCredentials signingKey =
        key instanceof AwsSessionCredentials s
            ? AwsSessionCredentials.create(s.accessKeyId(), s.secretAccessKey(), s.sessionToken())
            : key;
    String expected =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(signingKey)
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(
                            AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
            .request()
            .firstMatchingHeader("Authorization")
            .orElse("");
    String token = h.getFirst("X-Amz-Security-Token");
    boolean tokenOk =
        key instanceof AwsSessionCredentials s ? s.sessionToken().equals(token) : token == null;
    if (!tokenOk) {
      return "The security token included in the request is invalid";
    }
    if (!expected.equals(authorization)) {
      return "The request signature we calculated does not match the signature you provided";
    }
    return "";
  }

  private static String part(String authorization, String prefix) {
    int i = authorization.indexOf(prefix);
    if (i < 0) {
      return "";
    }
    int end = authorization.indexOf(',', i);
    return authorization.substring(i + prefix.length(), end < 0 ? authorization.length() : end);
  }
}
