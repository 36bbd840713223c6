package dev.opskit.ecs.internal.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opskit.ecs.image.ImagePublishException;
import dev.opskit.ecs.image.ImagePublishException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Authorization} header of one publish, and what to do when the registry refuses it:
 * fetch a Bearer token when the registry asks for one, or renew the credentials (a new ECR token; a
 * new Bearer token) once. Renewal is bounded twice over: a step (one blob's upload, one manifest
 * {@code PUT}) renews at most once, and credentials that were renewed must be accepted by the
 * registry at least once before they may be renewed again. So a registry that refuses everything
 * costs one renewal, never a loop. Thread-safe: the upload threads share it, and threads refused
 * together share one renewal.
 */
final class RegistryAuth {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryAuth.class);
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** What to do after a 401. */
  enum Outcome {
    /** Send again: another thread renewed the credentials meanwhile, or a first Bearer token. */
    RETRY,
    /** The credentials were renewed now; send again. */
    RENEWED,
    /** Give up: the refusal is final. */
    REFUSED
  }

  private final String registry;
  private final @Nullable CredentialSource credentials;
  private final CloseableHttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Object lock = new Object();
  private volatile @Nullable String authorization;
  private volatile List<String> scopes = List.of();

  /** True from a renewal until the registry first accepts the renewed credentials. */
  private volatile boolean unproven;

  private volatile boolean renewed;

  RegistryAuth(String registry, @Nullable CredentialSource credentials, CloseableHttpClient http) {
    this.registry = registry;
    this.credentials = credentials;
    this.http = http;
  }

  /** Starts with the credentials' Basic header (sent preemptively) and the Bearer scopes. */
  void start(List<String> repositoryScopes) {
    synchronized (lock) {
      scopes = List.copyOf(repositoryScopes);
      authorization = credentials == null ? null : credentials.current().basic();
    }
  }

  /** Returns the header to send now, or null for anonymous access. */
  @Nullable String header() {
    return authorization;
  }

  /** Tells whether the credentials were renewed during this publish. */
  boolean renewed() {
    return renewed;
  }

  /** Says where the credentials come from, for messages. */
  String description() {
    return credentials == null ? "no credentials" : credentials.description();
  }

  /** Notes that the registry accepted a request sent with {@code sentWith}. */
  void accepted(@Nullable String sentWith) {
    if (unproven) {
      synchronized (lock) {
        if (Objects.equals(sentWith, authorization)) {
          unproven = false;
        }
      }
    }
  }

  /**
   * Decides what to do after the registry answered 401 to a request sent with {@code sentWith}.
   *
   * @param challenge the {@code WWW-Authenticate} header, or null
   * @param sentWith the {@code Authorization} header the refused request carried
   * @param step what the request was part of; it may renew once
   * @return whether and why to send again
   */
  Outcome refused(@Nullable String challenge, @Nullable String sentWith, RegistryStep step) {
    synchronized (lock) {
      if (!Objects.equals(authorization, sentWith)) {
        return Outcome.RETRY; // renewed by another upload thread meanwhile: send with the new ones
      }
      boolean bearer = challenge != null && challenge.regionMatches(true, 0, "Bearer", 0, 6);
      if (bearer && (sentWith == null || !sentWith.startsWith("Bearer "))) {
        authorization = "Bearer " + bearerToken(challenge, step);
        return Outcome.RETRY; // the first token of this publish, not a renewal
      }
      if (step.renewed() || unproven || credentials == null && !bearer) {
        return Outcome.REFUSED;
      }
      step.markRenewed();
      if (bearer) {
        authorization = "Bearer " + bearerToken(challenge, step);
      } else {
        Credentials fresh = Objects.requireNonNull(credentials).renew();
        if (fresh == null) {
          return Outcome.REFUSED;
        }
        authorization = fresh.basic();
      }
      renewed = true;
      unproven = true;
      LOG.info(
          "{} refused {} ({}); renewed them once",
          registry,
          bearer ? "the Bearer token" : description(),
          step.what());
      return Outcome.RENEWED;
    }
  }

  private String bearerToken(String challenge, RegistryStep step) {
    Map<String, String> p = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      p.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    String realm = p.get("realm");
    if (realm == null) {
      throw new ImagePublishException(
          Kind.AUTHENTICATION,
          registry,
          step.repository(),
          null,
          401,
          registry + " asked for a Bearer token without a realm: " + challenge,
          null);
    }
    StringBuilder url = new StringBuilder(realm);
    List<String> params = new ArrayList<>();
    if (p.containsKey("service")) {
      params.add("service=" + encode(p.get("service")));
    }
    List<String> wanted = new ArrayList<>(scopes);
    if (p.containsKey("scope") && !wanted.contains(p.get("scope"))) {
      wanted.add(p.get("scope"));
    }
    wanted.forEach(s -> params.add("scope=" + encode(s)));
    if (!params.isEmpty()) {
      url.append(realm.contains("?") ? '&' : '?').append(String.join("&", params));
    }
    ClassicRequestBuilder b = ClassicRequestBuilder.get(URI.create(url.toString()));
    if (credentials != null) {
      b.addHeader("Authorization", credentials.current().basic());
    }
    int status;
    String body;
    try {
      String[] text = new String[1];
      status =
          http.execute(
              b.build(),
              response -> {
                text[0] =
                    response.getEntity() == null
                        ? ""
                        : new String(
                            response.getEntity().getContent().readNBytes(1 << 16),
                            StandardCharsets.UTF_8);
                return response.getCode();
              });
      body = text[0];
    } catch (IOException e) {
      throw new ImagePublishException(
          Kind.REGISTRY_ERROR,
          registry,
          step.repository(),
          null,
          0,
          "GET " + realm + " (the token service of " + registry + ") failed: " + e,
          e);
    }
    if (status != 200) {
      throw new ImagePublishException(
          status == 401 ? Kind.AUTHENTICATION : Kind.REGISTRY_ERROR,
          registry,
          step.repository(),
          null,
          status,
          "the token service of "
              + registry
              + " ("
              + realm
              + ") refused "
              + (credentials == null ? "anonymous access" : credentials.description())
              + " with HTTP "
              + status,
          null);
    }
    String token;
    try {
      JsonNode node = json.readTree(body);
      token = node.path("token").asText(node.path("access_token").asText(""));
    } catch (IOException e) {
      token = "";
    }
    if (token.isEmpty()) {
      throw new ImagePublishException(
          Kind.REGISTRY_ERROR,
          registry,
          step.repository(),
          null,
          status,
          "the token service of " + registry + " (" + realm + ") returned no token",
          null);
    }
    return token;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
