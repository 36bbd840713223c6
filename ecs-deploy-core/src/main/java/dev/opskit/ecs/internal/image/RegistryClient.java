package dev.opskit.ecs.internal.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opskit.ecs.image.ImagePublishEvent;
import dev.opskit.ecs.image.ImagePublishException;
import dev.opskit.ecs.image.ImagePublishException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal to opskit; may change in any release. The few OCI distribution calls a push needs, on
 * Apache HttpClient 5 classic: ping and auth (Basic, or a Bearer token from the challenge's realm),
 * {@code HEAD} of blobs and manifests, cross-repository mount, a blob upload as {@code POST}, one
 * streamed {@code PATCH} and {@code PUT ?digest=}, and a manifest {@code PUT} of exact bytes. A 401
 * renews the credentials once (see {@link RegistryAuth}) and restarts the step it hit: a blob
 * refused at any of its three requests is uploaded again from the start, in a new session, its
 * bytes read again from the source. 429 and 502-504 are retried with backoff. One client serves one
 * publish; it owns its connection pool and is closed after.
 */
public final class RegistryClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
  private static final String ACCEPT =
      String.join(
          ", ",
          ImageLoader.OCI_MANIFEST,
          ImageLoader.OCI_INDEX,
          ImageLoader.DOCKER_MANIFEST,
          ImageLoader.DOCKER_LIST);
  private static final int ATTEMPTS = 3;
  private static final int BUFFER = 1 << 16;

  /** The most of a body kept: the registry's cap on a manifest. */
  private static final int MAX_BODY = 4 << 20;

  private final String registry;
  private final URI base;
  private final UnaryOperator<String> howToCreate;
  private final Consumer<ImagePublishEvent> events;
  private final CloseableHttpClient http;
  private final RegistryAuth auth;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * A registry answer: status, headers (lower-case names), up to 4 MiB of body, and the {@code
   * Authorization} header the request carried (never shown by {@link #toString()}).
   */
  record Answer(int status, Map<String, String> headers, String body, @Nullable String sentWith) {
    @Nullable String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return "Answer[status=" + status + "]";
    }
  }

  /**
   * Opens a client for one registry.
   *
   * @param registry the registry host, for messages
   * @param base {@code https://host[:port]} or, for loopback, {@code http://...}
   * @param credentials where credentials come from, or null for anonymous access
   * @param howToCreate says how to create a missing repository, given its name
   * @param connections the most connections at once
   * @param events receives {@link ImagePublishEvent.Kind#CREDENTIALS_RENEWED} and {@link
   *     ImagePublishEvent.Kind#BLOB_RESTARTED}
   */
  public RegistryClient(
      String registry,
      URI base,
      @Nullable CredentialSource credentials,
      UnaryOperator<String> howToCreate,
      int connections,
      Consumer<ImagePublishEvent> events) {
    this.registry = registry;
    this.base = base;
    this.howToCreate = howToCreate;
    this.events = events;
    this.http =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(connections + 1)
                    .setMaxConnPerRoute(connections + 1)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.ofSeconds(15))
                            .setSocketTimeout(Timeout.ofMinutes(5))
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.ofMinutes(5)).build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableContentCompression()
            .build();
    this.auth = new RegistryAuth(registry, credentials, http);
  }

  /**
   * Checks that the registry answers and accepts the credentials, and gets a Bearer token for the
   * scopes when the registry asks for one.
   *
   * @param repository the target repository, for messages and events
   * @param repositoryScopes Bearer scopes such as {@code repository:app:pull,push}
   */
  public void login(String repository, List<String> repositoryScopes) {
    auth.start(repositoryScopes);
    RegistryStep step = new RegistryStep(repository, "", "", 0, "GET /v2/");
    Answer a = send("GET", "/v2/", null, Map.of(), step);
    if (a.status() != 200) {
      throw failure(a, step);
    }
  }

  /**
   * Tells whether a blob is in a repository.
   *
   * @param repository the repository
   * @param blob the blob
   * @return true when the registry has it there
   */
  public boolean blobExists(String repository, Blob blob) {
    RegistryStep step = step(repository, blob, "HEAD blob " + blob.digest());
    Answer a = send("HEAD", "/v2/" + repository + "/blobs/" + blob.digest(), null, Map.of(), step);
    if (a.status() == 200) {
      return true;
    }
    if (a.status() == 404) {
      return false;
    }
    throw failure(a, step);
  }

  /**
   * Asks the registry to mount a blob from another repository.
   *
   * @param repository the target repository
   * @param blob the blob
   * @param from the repository that has it
   * @return empty when mounted, else the upload session the registry opened instead
   */
  public Optional<String> mount(String repository, Blob blob, String from) {
    RegistryStep step = step(repository, blob, "mount " + blob.digest() + " from " + from);
    Answer a =
        send(
            "POST",
            "/v2/"
                + repository
                + "/blobs/uploads/?mount="
                + encode(blob.digest())
                + "&from="
                + encode(from),
            null,
            Map.of(),
            step);
    if (a.status() == 201) {
      return Optional.empty();
    }
    if (a.status() == 202 && a.header("Location") != null) {
      return Optional.of(a.header("Location"));
    }
    throw failure(a, step);
  }

  /**
   * Uploads a blob: {@code POST} (unless a session is given), one streamed {@code PATCH} and {@code
   * PUT ?digest=}. The bytes are hashed while they are sent; a blob whose bytes do not match its
   * digest is never committed. When the registry refuses the credentials at any of the three
   * requests, they are renewed once and the upload starts again in a new session.
   *
   * @param repository the repository
   * @param blob the blob
   * @param session an upload session the registry already opened, or null
   * @throws InvalidImageException when the blob's bytes do not match its digest or size
   */
  public void upload(String repository, Blob blob, @Nullable String session) {
    RegistryStep step = step(repository, blob, "upload of " + blob.digest());
    String location = session;
    int failures = 0;
    int refusals = 0;
    while (true) {
      try {
        uploadOnce(step, blob, location);
        return;
      } catch (RetryableException e) {
        if (++failures >= ATTEMPTS) {
          throw e.failure;
        }
        LOG.debug(
            "Upload of {} to {} failed ({}); starting it again", blob.digest(), repository, e);
        pause(failures, e.retryAfter);
      } catch (RefusedException e) {
        // RETRY and RENEWED are each bounded by RegistryAuth; the cap is a second guard
        if (++refusals > ATTEMPTS || !sendAgain(e.answer, step)) {
          throw failure(e.answer, new RegistryStep(repository, blob.digest(), "", 0, e.what));
        }
        if (e.location != null) {
          cancel(e.location);
        }
      }
      location = null;
      emit(ImagePublishEvent.Kind.BLOB_RESTARTED, step);
    }
  }

  private static RegistryStep step(String repository, Blob blob, String what) {
    return new RegistryStep(repository, blob.digest(), blob.mediaType(), blob.size(), what);
  }

  private void uploadOnce(RegistryStep step, Blob blob, @Nullable String session) {
    String repository = step.repository();
    String location = session;
    if (location == null) {
      Answer start =
          send("POST", "/v2/" + repository + "/blobs/uploads/", null, Map.of(), step, false);
      if (start.status() == 401) {
        throw new RefusedException(start, null, "start upload of " + blob.digest());
      }
      if (start.status() != 202 || start.header("Location") == null) {
        throw failure(start, step.repository(), "start upload of " + blob.digest());
      }
      location = start.header("Location");
    }
    MessageDigest sha = Digests.sha256();
    BlobEntity entity = new BlobEntity(blob, sha);
    Answer patch;
    try {
      patch = sendOnce("PATCH", location, entity, Map.of());
    } catch (IOException e) {
      if (entity.problem != null) {
        throw entity.problem;
      }
      if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
        throw interrupted(e);
      }
      throw new RetryableException(unreachable("PATCH blob " + blob.digest(), repository, e), 0);
    }
    if (entity.problem != null) {
      throw entity.problem;
    }
    if (patch.status() == 401) {
      throw new RefusedException(patch, location, "upload of " + blob.digest());
    }
    auth.accepted(patch.sentWith());
    if (patch.status() != 202) {
      throw retryableOr(failure(patch, repository, "upload of " + blob.digest()), patch);
    }
    String actual = Digests.of(sha);
    if (!actual.equals(blob.digest())) {
      cancel(location(patch, location));
      throw new InvalidImageException(
          blob.file(),
          blob.where() + " is corrupt: its bytes hash to " + actual + ", not " + blob.digest());
    }
    String next = location(patch, location);
    String commit = next + (next.contains("?") ? "&" : "?") + "digest=" + encode(blob.digest());
    Answer put = send("PUT", commit, null, Map.of(), step, false);
    if (put.status() == 401) {
      throw new RefusedException(put, next, "commit of " + blob.digest());
    }
    if (put.status() != 201) {
      throw retryableOr(failure(put, repository, "commit of " + blob.digest()), put);
    }
  }

  private static String location(Answer a, String previous) {
    String l = a.header("Location");
    return l == null ? previous : l;
  }

  private void cancel(String location) {
    try {
      sendOnce("DELETE", location, null, Map.of());
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not cancel upload session {}: {}", location, e.toString());
    }
  }

  /**
   * Returns the digest a manifest reference (a tag or digest) names now.
   *
   * @param repository the repository
   * @param reference a tag or digest
   * @return the digest, or empty when there is no such manifest
   */
  public Optional<String> manifestDigest(String repository, String reference) {
    RegistryStep step = new RegistryStep(repository, "", "", 0, "HEAD manifest " + reference);
    Answer a =
        send(
            "HEAD",
            "/v2/" + repository + "/manifests/" + reference,
            null,
            Map.of("Accept", ACCEPT),
            step);
    if (a.status() == 404) {
      return Optional.empty();
    }
    if (a.status() != 200) {
      throw failure(a, step);
    }
    return Optional.ofNullable(a.header("Docker-Content-Digest"));
  }

  /**
   * Stores a manifest's exact bytes under a tag or its digest; a 401 renews the credentials once
   * and sends the same bytes again.
   *
   * @param repository the repository
   * @param reference a tag or the manifest's digest
   * @param manifest the manifest
   */
  public void putManifest(String repository, String reference, ImageManifest manifest) {
    RegistryStep step =
        new RegistryStep(
            repository,
            manifest.digest(),
            manifest.mediaType(),
            manifest.bytes().length,
            "PUT manifest " + reference);
    Answer a =
        send(
            "PUT",
            "/v2/" + repository + "/manifests/" + reference,
            () -> new ByteArrayEntity(manifest.bytes(), ContentType.parse(manifest.mediaType())),
            Map.of(),
            step);
    if (a.status() != 201) {
      if (a.status() == 400
          && a.body().contains("TAG_INVALID")
          && a.body().toLowerCase(Locale.ROOT).contains("immutable")) {
        throw new ImagePublishException(
            Kind.TAG_IMMUTABLE,
            registry,
            repository,
            null,
            a.status(),
            "tag "
                + reference
                + " of "
                + registry
                + "/"
                + repository
                + " already names another image and the repository's tags are immutable;"
                + " publish under a new tag (registry said: "
                + errorText(a)
                + ")",
            null);
      }
      throw failure(a, step);
    }
    String stored = a.header("Docker-Content-Digest");
    if (stored != null && !stored.equals(manifest.digest())) {
      throw new ImagePublishException(
          Kind.REGISTRY_ERROR,
          registry,
          repository,
          null,
          a.status(),
          "the registry stored manifest "
              + reference
              + " of "
              + repository
              + " as "
              + stored
              + ", not as its digest "
              + manifest.digest(),
          null);
    }
  }

  /**
   * A manifest as the registry served it.
   *
   * @param bytes the exact bytes
   * @param mediaType its media type
   * @param digest the digest of the bytes
   */
  public record Pulled(byte[] bytes, String mediaType, String digest) {}

  /**
   * Reads a manifest (every manifest type is accepted), checking its digest when the reference is
   * one.
   *
   * @param repository the repository
   * @param reference a tag or digest
   * @return the manifest
   * @throws ImagePublishException when it does not exist or the registry refuses
   */
  public Pulled pullManifest(String repository, String reference) {
    RegistryStep step = new RegistryStep(repository, "", "", 0, "GET manifest " + reference);
    Answer a =
        send(
            "GET",
            "/v2/" + repository + "/manifests/" + reference,
            null,
            Map.of("Accept", ACCEPT),
            step);
    if (a.status() == 404) {
      throw new ImagePublishException(
          Kind.REGISTRY_ERROR,
          registry,
          repository,
          null,
          404,
          "the base image "
              + registry
              + "/"
              + repository
              + ":"
              + reference
              + " does not exist ("
              + errorText(a)
              + ")",
          null);
    }
    if (a.status() != 200) {
      throw failure(a, step);
    }
    byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
    String digest = Digests.of(bytes);
    if (reference.startsWith("sha256:") && !reference.equals(digest)) {
      throw new ImagePublishException(
          Kind.REGISTRY_ERROR,
          registry,
          repository,
          null,
          200,
          "the registry served manifest " + reference + " of " + repository + " as " + digest,
          null);
    }
    String type = a.header("Content-Type");
    return new Pulled(bytes, type == null ? "" : type.split(";", 2)[0].trim(), digest);
  }

  /**
   * Streams a blob into {@code out}, checking its size and digest; a redirect (ECR serves layers
   * from S3) is followed once, without the registry's credentials.
   *
   * @param repository the repository
   * @param digest the blob digest
   * @param size its size from the manifest
   * @param out where the bytes go
   * @throws ImagePublishException when the registry refuses or the bytes do not match
   */
  public void pullBlob(String repository, String digest, long size, OutputStream out) {
    RegistryStep step = new RegistryStep(repository, digest, "", size, "GET blob " + digest);
    URI uri = base.resolve("/v2/" + repository + "/blobs/" + digest);
    for (int attempt = 1; ; attempt++) {
      String authorization = auth.header();
      Answer a = fetch(uri, authorization, step, out);
      if (a.status() >= 300 && a.status() < 400 && a.header("Location") != null) {
        URI next = uri.resolve(a.header("Location"));
        boolean sameHost = next.getAuthority().equalsIgnoreCase(base.getAuthority());
        a = fetch(next, sameHost ? authorization : null, step, out);
      }
      if (a.status() == 200) {
        auth.accepted(authorization);
        return;
      }
      if (a.status() == 401 && attempt <= ATTEMPTS && sendAgain(a, step)) {
        continue;
      }
      throw failure(a, step);
    }
  }

  /** GETs a blob; on 200 streams it (hashing and counting) into out, else returns the answer. */
  private Answer fetch(
      URI uri, @Nullable String authorization, RegistryStep step, OutputStream out) {
    ClassicRequestBuilder b = ClassicRequestBuilder.get(uri);
    if (authorization != null) {
      b.addHeader("Authorization", authorization);
    }
    try {
      return http.execute(
          b.build(),
          response -> {
            Map<String, String> h = new LinkedHashMap<>();
            for (Header header : response.getHeaders()) {
              h.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
            }
            if (response.getCode() != 200 || response.getEntity() == null) {
              String text = "";
              if (response.getEntity() != null) {
                try (InputStream in = response.getEntity().getContent()) {
                  text = new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
                }
              }
              return new Answer(response.getCode(), h, text, authorization);
            }
            MessageDigest sha = Digests.sha256();
            long got = 0;
            byte[] buffer = new byte[BUFFER];
            try (InputStream in = response.getEntity().getContent()) {
              for (int n; (n = in.read(buffer)) > 0; ) {
                got += n;
                if (got > step.bytes()) {
                  break;
                }
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
              }
            }
            String actual = Digests.of(sha);
            if (got != step.bytes() || !actual.equals(step.digest())) {
              throw new ImagePublishException(
                  Kind.REGISTRY_ERROR,
                  registry,
                  step.repository(),
                  null,
                  200,
                  "blob "
                      + step.digest()
                      + " of "
                      + step.repository()
                      + " came back as "
                      + (got != step.bytes() ? got + " bytes, not " + step.bytes() : actual),
                  null);
            }
            return new Answer(200, h, "", authorization);
          });
    } catch (IOException e) {
      if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
        throw interrupted(e);
      }
      throw unreachable("GET blob " + step.digest(), step.repository(), e);
    }
  }

  @Override
  public void close() {
    http.close(CloseMode.IMMEDIATE);
  }

  private Answer send(
      String method,
      String pathOrUrl,
      @Nullable Supplier<HttpEntity> body,
      Map<String, String> headers,
      RegistryStep step) {
    return send(method, pathOrUrl, body, headers, step, true);
  }

  /**
   * Sends a request without a streamed body, retrying 429/5xx; a 401 is handled here (renew once,
   * send again) when {@code sendAgainOn401}, else returned to the caller to restart its step.
   */
  private Answer send(
      String method,
      String pathOrUrl,
      @Nullable Supplier<HttpEntity> body,
      Map<String, String> headers,
      RegistryStep step,
      boolean sendAgainOn401) {
    int refusals = 0;
    for (int attempt = 1; ; attempt++) {
      Answer a;
      try {
        a = sendOnce(method, pathOrUrl, body == null ? null : body.get(), headers);
      } catch (IOException e) {
        if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
          throw interrupted(e);
        }
        if (attempt >= ATTEMPTS) {
          throw unreachable(method + " " + pathOrUrl, step.repository(), e);
        }
        pause(attempt, 0);
        continue;
      }
      if (a.status() == 401) {
        if (sendAgainOn401 && ++refusals <= ATTEMPTS && sendAgain(a, step)) {
          attempt--;
          continue;
        }
        return a;
      }
      auth.accepted(a.sentWith());
      if (retryable(a.status()) && attempt < ATTEMPTS) {
        pause(attempt, retryAfter(a));
        continue;
      }
      return a;
    }
  }

  /** Asks {@link RegistryAuth} about a 401; tells the listener when it renewed. */
  private boolean sendAgain(Answer refused, RegistryStep step) {
    RegistryAuth.Outcome outcome =
        auth.refused(refused.header("WWW-Authenticate"), refused.sentWith(), step);
    if (outcome == RegistryAuth.Outcome.RENEWED) {
      emit(ImagePublishEvent.Kind.CREDENTIALS_RENEWED, step);
    }
    return outcome != RegistryAuth.Outcome.REFUSED;
  }

  private void emit(ImagePublishEvent.Kind kind, RegistryStep step) {
    events.accept(
        new ImagePublishEvent(
            kind, step.repository(), step.digest(), step.mediaType(), step.bytes()));
  }

  private Answer sendOnce(
      String method, String pathOrUrl, @Nullable HttpEntity entity, Map<String, String> headers)
      throws IOException {
    ClassicRequestBuilder b = ClassicRequestBuilder.create(method).setUri(base.resolve(pathOrUrl));
    String authorization = auth.header();
    if (authorization != null) {
      b.addHeader("Authorization", authorization);
    }
    headers.forEach(b::addHeader);
    if (entity != null) {
      b.setEntity(entity);
    } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
      b.setEntity(new ByteArrayEntity(new byte[0], null));
    }
    ClassicHttpRequest request = b.build();
    return http.execute(
        request,
        response -> {
          Map<String, String> h = new LinkedHashMap<>();
          for (Header header : response.getHeaders()) {
            h.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
          }
          String text = "";
          if (response.getEntity() != null) {
            try (InputStream in = response.getEntity().getContent()) {
              text = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
              in.transferTo(OutputStream.nullOutputStream());
            }
          }
          return new Answer(response.getCode(), h, text, authorization);
        });
  }

  private static boolean retryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  private RuntimeException retryableOr(ImagePublishException failure, Answer a) {
    return retryable(a.status()) ? new RetryableException(failure, retryAfter(a)) : failure;
  }

  private static long retryAfter(Answer a) {
    String h = a.header("Retry-After");
    if (h == null) {
      return 0;
    }
    try {
      return Math.min(TimeUnit.SECONDS.toMillis(Long.parseLong(h.trim())), 10_000);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void pause(int attempt, long retryAfterMillis) {
    long millis = Math.max(retryAfterMillis, 200L << (attempt - 1));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(e);
    }
  }

  private ImagePublishException interrupted(Exception cause) {
    return new ImagePublishException(
        Kind.INTERRUPTED,
        registry,
        null,
        null,
        0,
        "interrupted while publishing to " + registry + "; the tag was not written",
        cause);
  }

  private ImagePublishException unreachable(
      String what, @Nullable String repository, IOException e) {
    return new ImagePublishException(
        Kind.REGISTRY_ERROR,
        registry,
        repository,
        null,
        0,
        what + " on " + registry + " (" + base + ") failed: " + e,
        e);
  }

  private ImagePublishException failure(Answer a, RegistryStep step) {
    if (a.status() == 401) {
      String digest = step.digest().isEmpty() ? null : step.digest();
      boolean renewed = auth.renewed();
      return new ImagePublishException(
          Kind.AUTHENTICATION,
          registry,
          step.repository(),
          digest,
          401,
          renewed,
          registry
              + " refused "
              + auth.description()
              + (renewed ? ", also after renewing them once" : "")
              + " ("
              + step.what()
              + ": "
              + errorText(a)
              + ")",
          null);
    }
    return failure(a, step.repository(), step.what());
  }

  private ImagePublishException failure(Answer a, @Nullable String repository, String what) {
    String text = errorText(a);
    if (a.status() == 401) {
      return failure(a, new RegistryStep(repository == null ? "" : repository, "", "", 0, what));
    }
    if (a.status() == 403 || text.startsWith("DENIED")) {
      return new ImagePublishException(
          Kind.ACCESS_DENIED,
          registry,
          repository,
          null,
          a.status(),
          registry
              + " denied "
              + what
              + (repository == null ? "" : " in " + repository)
              + ": "
              + text,
          null);
    }
    if (text.startsWith("NAME_UNKNOWN") && repository != null) {
      return new ImagePublishException(
          Kind.REPOSITORY_NOT_FOUND,
          registry,
          repository,
          null,
          a.status(),
          "repository "
              + repository
              + " does not exist in "
              + registry
              + "; "
              + howToCreate.apply(repository)
              + " (registry said: "
              + text
              + ")",
          null);
    }
    return new ImagePublishException(
        Kind.REGISTRY_ERROR,
        registry,
        repository,
        null,
        a.status(),
        what + " on " + registry + " answered HTTP " + a.status() + ": " + text,
        null);
  }

  /** The first registry error as {@code CODE: message}, or the body's first line. */
  private String errorText(Answer a) {
    try {
      JsonNode errors = json.readTree(a.body()).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        JsonNode e = errors.get(0);
        return e.path("code").asText() + ": " + e.path("message").asText();
      }
    } catch (IOException | RuntimeException e) {
      // not JSON (ECR's 401 is text/plain)
    }
    String body = a.body().strip();
    int nl = body.indexOf('\n');
    body = nl >= 0 ? body.substring(0, nl) : body;
    return body.isEmpty() ? "HTTP " + a.status() : body.substring(0, Math.min(body.length(), 300));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A 401 to one of a blob upload's requests: renew once and start the upload again. */
  private static final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Answer answer;
    final transient @Nullable String location;
    final String what;

    RefusedException(Answer answer, @Nullable String location, String what) {
      super(what + ": HTTP 401", null, false, false);
      this.answer = answer;
      this.location = location;
      this.what = what;
    }
  }

  /** A failure worth restarting the blob upload for. */
  private static final class RetryableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ImagePublishException failure;
    final long retryAfter;

    RetryableException(ImagePublishException failure, long retryAfter) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
      this.retryAfter = retryAfter;
    }
  }

  /** Streams a blob with 64 KB writes, hashing what it sends and checking the size. */
  private static final class BlobEntity extends AbstractHttpEntity {
    private final Blob blob;
    private final MessageDigest sha;
    @Nullable InvalidImageException problem;

    BlobEntity(Blob blob, MessageDigest sha) {
      super(ContentType.APPLICATION_OCTET_STREAM, null);
      this.blob = blob;
      this.sha = sha;
    }

    @Override
    public long getContentLength() {
      return blob.size();
    }

    @Override
    public InputStream getContent() throws IOException {
      return blob.content().open();
    }

    @Override
    public boolean isRepeatable() {
      return false;
    }

    @Override
    public boolean isStreaming() {
      return true;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      byte[] buffer = new byte[BUFFER];
      long sent = 0;
      try (InputStream in = open()) {
        for (int n; (n = read(in, buffer)) > 0; ) {
          if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while uploading " + blob.digest());
          }
          if (sent + n > blob.size()) {
            problem = tooLong();
            throw new IOException(problem.getMessage());
          }
          sha.update(buffer, 0, n);
          out.write(buffer, 0, n);
          sent += n;
        }
      }
      if (sent != blob.size()) {
        problem =
            new InvalidImageException(
                blob.file(),
                blob.where() + " has " + sent + " bytes, the manifest says " + blob.size());
        throw new IOException(problem.getMessage());
      }
    }

    private InputStream open() throws IOException {
      try {
        return blob.content().open();
      } catch (IOException e) {
        problem = unreadable(e);
        throw e;
      }
    }

    private int read(InputStream in, byte[] buffer) throws IOException {
      try {
        return in.read(buffer);
      } catch (IOException e) {
        problem = unreadable(e);
        throw e;
      }
    }

    private InvalidImageException unreadable(IOException e) {
      return new InvalidImageException(
          blob.file(), "cannot read " + blob.where() + ": " + e.getMessage(), e);
    }

    private InvalidImageException tooLong() {
      return new InvalidImageException(
          blob.file(), blob.where() + " has more bytes than the manifest's " + blob.size());
    }

    @Override
    public void close() {}
  }
}
