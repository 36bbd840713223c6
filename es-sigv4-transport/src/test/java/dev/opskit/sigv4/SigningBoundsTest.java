package dev.opskit.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.sun.net.httpserver.HttpServer;
import dev.opskit.sigv4.elasticsearch.SignedRest5Client;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.regions.Region;

/**
 * What the signer refuses to sign or to learn, and what it takes from the environment: hosts and
 * schemes, clock skew, proxies and the region from system properties.
 */
class SigningBoundsTest {
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

  @ParameterizedTest
  @EnumSource(SigningHandlerTest.Mode.class)
  void refusesToSignARedirectToAnotherHost(SigningHandlerTest.Mode mode) throws Exception {
    // The same server by another name: a host the signer was not built for.
    String elsewhere = "http://localhost:" + server.uri().getPort() + "/new-index/_doc/1";
    server.backend(
        r ->
            new VerifyingServer.Response(
                307, "text/plain", new byte[0], Map.of("Location", elsewhere)));
    try (SignedHttp http = open(mode, signer)) {
      assertThatThrownBy(() -> http.send("PUT", "/old-index/_doc/1", "{}".getBytes(UTF_8)))
          .isInstanceOfSatisfying(
              SigningRefusedException.class,
              e -> {
                assertThat(e.host()).isEqualTo("localhost");
                assertThat(e.redirectedFrom()).contains("127.0.0.1");
                assertThat(e.allowedHosts()).containsExactly("127.0.0.1");
              })
          .hasMessage(
              "refusing to sign a http request for localhost (redirected from 127.0.0.1): this"
                  + " signer signs only for 127.0.0.1; add the host with"
                  + " AwsSigV4Signer.Builder.addAllowedHost to trust it");
    }
    assertThat(server.recorded()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(SigningHandlerTest.Mode.class)
  void signsAnotherHostOnlyWhenAllowed(SigningHandlerTest.Mode mode) throws Exception {
    AwsSigV4Signer both = signer.copy(b -> b.addAllowedHost("LOCALHOST."));
    try (SignedHttp http =
        mode == SigningHandlerTest.Mode.CLASSIC
            ? SignedHttp.classic(
                URI.create("http://localhost:" + server.uri().getPort()),
                both.classicClientBuilder())
            : SignedHttp.async(
                URI.create("http://localhost:" + server.uri().getPort()),
                both.asyncClientBuilder())) {
      assertThat(http.send("GET", "/", null).status()).isEqualTo(200);
    }
    assertThat(server.last().verified()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(SigningHandlerTest.Mode.class)
  void refusesPlainHttpUnlessAllowed(SigningHandlerTest.Mode mode) throws Exception {
    try (SignedHttp http = open(mode, signer.copy(b -> b.allowPlainHttp(false)))) {
      assertThatThrownBy(() -> http.send("GET", "/", null))
          .isInstanceOf(SigningRefusedException.class)
          .hasMessage(
              "refusing to sign a http request for 127.0.0.1: plain HTTP would send the signature"
                  + " and any session token in clear text; use https or set"
                  + " AwsSigV4Signer.Builder.allowPlainHttp(true)");
    }
    assertThat(server.recorded()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(SigningHandlerTest.Mode.class)
  void refusesEveryHostWhenBuiltWithoutOne(SigningHandlerTest.Mode mode) throws Exception {
    AwsSigV4Signer hostless = signer.copy(b -> b.allowedHosts(List.of()));
    assertThat(hostless.allowedHosts()).isEmpty();
    try (SignedHttp http = open(mode, hostless)) {
      assertThatThrownBy(() -> http.send("GET", "/", null))
          .isInstanceOf(SigningRefusedException.class)
          .hasMessageEndingWith(
              ": this signer has no endpoint; set AwsSigV4Signer.Builder.endpoint(uri) or"
                  + " addAllowedHost(host)");
    }
    assertThat(server.recorded()).isEmpty();
  }

  @Test
  void clientFactoriesSignForTheEndpointTheyAreGiven() throws Exception {
    AwsSigV4Signer hostless = signer.copy(b -> b.allowedHosts(List.of()));
    try (Rest5Client rest = SignedRest5Client.create(server.uri(), hostless)) {
      assertThat(rest.performRequest(new Request("GET", "/")).getStatusCode()).isEqualTo(200);
    }
    assertThat(server.last().verified()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(SigningHandlerTest.Mode.class)
  void neverCorrectsTheClockByDecadesFromOneResponse(SigningHandlerTest.Mode mode)
      throws Exception {
    // A clock 73 years off gets a real skew error, but a correction that large is refused (and
    // logged) rather than learned: every request fails alike and none is sent twice.
    Clock decadesBehind = Clock.offset(Clock.systemUTC(), Duration.ofDays(-73 * 365));
    try (SignedHttp http = open(mode, signer.copy(b -> b.clock(decadesBehind)))) {
      assertThat(http.send("GET", "/", null).status()).isEqualTo(403);
      assertThat(http.send("GET", "/", null).status()).isEqualTo(403);
    }
    assertThat(server.recorded()).hasSize(2).noneMatch(VerifyingServer.Recorded::verified);
    assertThat(server.last().reason()).startsWith("Signature expired");
  }

  @ParameterizedTest
  @EnumSource(SigningHandlerTest.Mode.class)
  void correctsTheClockOnlyForSkewErrors(SigningHandlerTest.Mode mode) throws Exception {
    // Three minutes behind: still accepted, but a skewed Date on a 403 that is not a skew error
    // (an access denial, a proxy's 403) must not move the clock or resend the request.
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-3));
    server.backend(r -> skewError("AccessDeniedException"));
    try (SignedHttp http = open(mode, signer.copy(b -> b.clock(behind)))) {
      assertThat(http.send("GET", "/", null).status()).isEqualTo(403);
    }
    assertThat(server.recorded()).hasSize(1);
  }

  /** A 403 of the given type; the server dates every response with its real clock. */
  static VerifyingServer.Response skewError(String type) {
    return new VerifyingServer.Response(
        403,
        "application/json",
        "{\"message\":\"Signature expired\"}".getBytes(UTF_8),
        Map.of("x-amzn-ErrorType", type + VerifyingServer.CORAL_NAMESPACE));
  }

  @ParameterizedTest
  @EnumSource(SigningHandlerTest.Mode.class)
  void clientBuildersUseTheProxyFromSystemProperties(SigningHandlerTest.Mode mode)
      throws Exception {
    HttpServer proxy =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    List<String> proxied = new CopyOnWriteArrayList<>();
    proxy.createContext(
        "/",
        ex -> {
          try (ex) {
            proxied.add(
                ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"proxied\":true}".getBytes(UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
          }
        });
    proxy.start();
    Map<String, String> props =
        Map.of(
            "http.proxyHost", "127.0.0.1",
            "http.proxyPort", Integer.toString(proxy.getAddress().getPort()),
            "http.nonProxyHosts", ""); // else the JDK adds localhost|127.*
    try {
      props.forEach(System::setProperty);
      try (SignedHttp http = open(mode, signer)) {
        assertThat(http.send("GET", "/logs", null).body()).isEqualTo("{\"proxied\":true}");
      }
    } finally {
      props.keySet().forEach(System::clearProperty);
      proxy.stop(0);
    }
    assertThat(proxied).hasSize(1);
    assertThat(proxied.get(0)).startsWith(server.uri() + "/logs AWS4-HMAC-SHA256 ");
    assertThat(server.recorded()).isEmpty();
  }

  @Test
  void takesTheRegionFromTheSdkChainWhenNoneIsGiven() {
    System.setProperty("aws.region", "eu-west-3");
    try {
      AwsSigV4Signer fromChain =
          AwsSigV4Signer.builder()
              .endpoint(URI.create("https://search.example.com"))
              .credentialsProvider(signer.credentialsProvider())
              .build();
      assertThat(fromChain.region()).isEqualTo(Region.EU_WEST_3);
      assertThat(fromChain.allowedHosts()).containsExactly("search.example.com");
    } finally {
      System.clearProperty("aws.region");
    }
  }
}
