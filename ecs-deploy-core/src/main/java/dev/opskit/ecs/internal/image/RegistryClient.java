package dev.opskit.ecs.internal.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * streamed {@code PATCH} and {@code PUT ?digest=}, and a manifest {@code PUT} of exact bytes. A
 * refused credential is renewed once (an ECR token); 429 and 502-504 are retried with backoff. One
 * client serves one publish; it owns its connection pool and is closed after.
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
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final String registry;
  private final URI base;
  private final @Nullable CredentialSource credentials;
  private final UnaryOperator<String> howToCreate;
  private final CloseableHttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Object authLock = new Object();
  private volatile @Nullable String authorization;
  private volatile List<String> scopes = List.of();
  private boolean renewAttempted;
  private boolean renewed;

  /** A registry answer: status, headers (lower-case names) and up to 64 KB of body. */
  record Answer(int status, Map<String, String> headers, String body) {
    @Nullable String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
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
   */
  public RegistryClient(
      String registry,
      URI base,
      @Nullable CredentialSource credentials,
      UnaryOperator<String> howToCreate,
      int connections) {
    this.registry = registry;
    this.base = base;
    this.credentials = credentials;
    this.howToCreate = howToCreate;
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
  }

  /**
   * Checks that the registry answers and accepts the credentials, and gets a Bearer token for the
   * scopes when the registry asks for one.
   *
   * @param repositoryScopes Bearer scopes such as {@code repository:app:pull,push}
   */
  public void login(List<String> repositoryScopes) {
    scopes = List.copyOf(repositoryScopes);
    synchronized (authLock) {
      authorization = credentials == null ? null : credentials.current().basic();
    }
    Answer a = send("GET", "/v2/", null, Map.of(), null);
    if (a.status() != 200) {
      throw failure(a, "GET /v2/", null);
    }
  }

  /**
   * Tells whether a blob is in a repository.
   *
   * @param repository the repository
   * @param digest the digest
   * @return true when the registry has it there
   */
  public boolean blobExists(String repository, String digest) {
    Answer a = send("HEAD", "/v2/" + repository + "/blobs/" + digest, null, Map.of(), repository);
    if (a.status() == 200) {
      return true;
    }
    if (a.status() == 404) {
      return false;
    }
    throw failure(a, "HEAD blob " + digest, repository);
  }

  /**
   * Asks the registry to mount a blob from another repository.
   *
   * @param repository the target repository
   * @param digest the blob
   * @param from the repository that has it
   * @return empty when mounted, else the upload session the registry opened instead
   */
  public Optional<String> mount(String repository, String digest, String from) {
    Answer a =
        send(
            "POST",
            "/v2/"
                + repository
                + "/blobs/uploads/?mount="
                + encode(digest)
                + "&from="
                + encode(from),
            null,
            Map.of(),
            repository);
    if (a.status() == 201) {
      return Optional.empty();
    }
    if (a.status() == 202 && a.header("Location") != null) {
      return Optional.of(a.header("Location"));
    }
    throw failure(a, "mount " + digest + " from " + from, repository);
  }

  /**
   * Uploads a blob: {@code POST} (unless a session is given), one streamed {@code PATCH} and {@code
   * PUT ?digest=}. The bytes are hashed while they are sent; a blob whose bytes do not match its
   * digest is never committed.
   *
   * @param repository the repository
   * @param blob the blob
   * @param session an upload session the registry already opened, or null
   * @throws InvalidImageException when the blob's bytes do not match its digest or size
   */
  public void upload(String repository, Blob blob, @Nullable String session) {
    String location = session;
    for (int attempt = 1; ; attempt++) {
      try {
        uploadOnce(repository, blob, location);
        return;
      } catch (RetryableException e) {
        if (attempt >= ATTEMPTS) {
          throw e.failure;
        }
        LOG.debug(
            "Upload of {} to {} failed ({}); starting it again", blob.digest(), repository, e);
        location = null;
        pause(attempt, e.retryAfter);
      }
    }
  }

  private void uploadOnce(String repository, Blob blob, @Nullable String session) {
    String location = session;
    if (location == null) {
      Answer start =
          send("POST", "/v2/" + repository + "/blobs/uploads/", null, Map.of(), repository);
      if (start.status() != 202 || start.header("Location") == null) {
        throw failure(start, "start upload of " + blob.digest(), repository);
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
    if (patch.status() != 202) {
      throw retryableOr(failure(patch, "upload of " + blob.digest(), repository), patch);
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
    Answer put = send("PUT", commit, null, Map.of(), repository);
    if (put.status() != 201) {
      throw retryableOr(failure(put, "commit of " + blob.digest(), repository), put);
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
    Answer a =
        send(
            "HEAD",
            "/v2/" + repository + "/manifests/" + reference,
            null,
            Map.of("Accept", ACCEPT),
            repository);
    if (a.status() == 404) {
      return Optional.empty();
    }
    if (a.status() != 200) {
      throw failure(a, "HEAD manifest " + reference, repository);
    }
    return Optional.ofNullable(a.header("Docker-Content-Digest"));
  }

  /**
   * Stores a manifest's exact bytes under a tag or its digest.
   *
   * @param repository the repository
   * @param reference a tag or the manifest's digest
   * @param manifest the manifest
   */
  public void putManifest(String repository, String reference, ImageManifest manifest) {
    Answer a =
        send(
            "PUT",
            "/v2/" + repository + "/manifests/" + reference,
            () -> new ByteArrayEntity(manifest.bytes(), ContentType.parse(manifest.mediaType())),
            Map.of(),
            repository);
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
      throw failure(a, "PUT manifest " + reference, repository);
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

  @Override
  public void close() {
    http.close(CloseMode.IMMEDIATE);
  }

  /** Sends a request without a streamed body, renewing auth once and retrying 429/5xx. */
  private Answer send(
      String method,
      String pathOrUrl,
      java.util.function.@Nullable Supplier<HttpEntity> body,
      Map<String, String> headers,
      @Nullable String repository) {
    for (int attempt = 1; ; attempt++) {
      Answer a;
      String sentWith = authorization;
      try {
        a = sendOnce(method, pathOrUrl, body == null ? null : body.get(), headers);
      } catch (IOException e) {
        if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
          throw interrupted(e);
        }
        if (attempt >= ATTEMPTS) {
          throw unreachable(method + " " + pathOrUrl, repository, e);
        }
        pause(attempt, 0);
        continue;
      }
      if (a.status() == 401 && reauthenticate(a, sentWith, repository)) {
        continue;
      }
      if (retryable(a.status()) && attempt < ATTEMPTS) {
        pause(attempt, retryAfter(a));
        continue;
      }
      return a;
    }
  }

  private Answer sendOnce(
      String method, String pathOrUrl, @Nullable HttpEntity entity, Map<String, String> headers)
      throws IOException {
    ClassicRequestBuilder b = ClassicRequestBuilder.create(method).setUri(base.resolve(pathOrUrl));
    String auth = authorization;
    if (auth != null) {
      b.addHeader("Authorization", auth);
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
              text = new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
              in.transferTo(OutputStream.nullOutputStream());
            }
          }
          return new Answer(response.getCode(), h, text);
        });
  }

  /**
   * Handles a 401: fetches a Bearer token when the registry asks for one, or renews the credentials
   * once. Returns true when the request should be sent again.
   */
  private boolean reauthenticate(Answer a, @Nullable String sentWith, @Nullable String repository) {
    String challenge = a.header("WWW-Authenticate");
    synchronized (authLock) {
      String used = authorization;
      if (!java.util.Objects.equals(used, sentWith)) {
        return true; // another upload thread renewed them meanwhile: send again with the new ones
      }
      if (challenge != null && challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
        if (used != null && used.startsWith("Bearer ")) {
          // a Bearer token was refused: renew the credentials behind it once
          if (!renewCredentials()) {
            return false;
          }
        }
        authorization = "Bearer " + bearerToken(challenge, repository);
        return true;
      }
      if (credentials == null || renewAttempted) {
        return false;
      }
      return renewCredentials() && (authorization = credentials.current().basic()) != null;
    }
  }

  private boolean renewCredentials() {
    if (credentials == null || renewAttempted) {
      return false;
    }
    renewAttempted = true;
    Credentials fresh = credentials.renew();
    if (fresh == null) {
      return false;
    }
    renewed = true;
    LOG.info("{} refused {}; renewed them once", registry, credentials.description());
    authorization = fresh.basic();
    return true;
  }

  private String bearerToken(String challenge, @Nullable String repository) {
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
          repository,
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
    try {
      Answer a =
          http.execute(
              b.build(),
              response -> {
                String text =
                    response.getEntity() == null
                        ? ""
                        : new String(
                            response.getEntity().getContent().readNBytes(1 << 16),
                            StandardCharsets.UTF_8);
                return new Answer(response.getCode(), Map.of(), text);
              });
      if (a.status() != 200) {
        throw new ImagePublishException(
            a.status() == 401 ? Kind.AUTHENTICATION : Kind.REGISTRY_ERROR,
            registry,
            repository,
            null,
            a.status(),
            "the token service of "
                + registry
                + " ("
                + realm
                + ") refused "
                + (credentials == null ? "anonymous access" : credentials.description())
                + " with HTTP "
                + a.status(),
            null);
      }
      JsonNode body = json.readTree(a.body());
      String token = body.path("token").asText(body.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new ImagePublishException(
            Kind.REGISTRY_ERROR,
            registry,
            repository,
            null,
            a.status(),
            "the token service of " + registry + " (" + realm + ") returned no token",
            null);
      }
      return token;
    } catch (IOException e) {
      throw unreachable("GET " + realm, repository, e);
    }
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

  private ImagePublishException failure(Answer a, String what, @Nullable String repository) {
    String text = errorText(a);
    if (a.status() == 401) {
      String from = credentials == null ? "no credentials" : credentials.description();
      return new ImagePublishException(
          Kind.AUTHENTICATION,
          registry,
          repository,
          null,
          401,
          registry
              + " refused "
              + from
              + (renewed ? ", also after renewing them once" : "")
              + " ("
              + what
              + ": "
              + text
              + ")",
          null);
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
