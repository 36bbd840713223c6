package dev.opskit.ecs.image;

import dev.opskit.ecs.image.ImagePublishEvent.Kind;
import dev.opskit.ecs.internal.DaemonThreads;
import dev.opskit.ecs.internal.image.Blob;
import dev.opskit.ecs.internal.image.CredentialSource;
import dev.opskit.ecs.internal.image.Credentials;
import dev.opskit.ecs.internal.image.EcrTokens;
import dev.opskit.ecs.internal.image.ImageLoader;
import dev.opskit.ecs.internal.image.ImageManifest;
import dev.opskit.ecs.internal.image.InvalidImageException;
import dev.opskit.ecs.internal.image.LoadedImage;
import dev.opskit.ecs.internal.image.RegistryClient;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Publishes an image built elsewhere (an OCI archive or layout, or a {@code docker save} archive),
 * or built here from a base image and files ({@link ImageSource#from(String)}, with Jib core), to
 * Amazon ECR or any OCI distribution registry, without a Docker daemon: the {@code docker build}
 * and {@code docker push} steps of a deploy.
 *
 * <pre>{@code
 * ImagePublisher publisher = ImagePublisher.builder()
 *     .ecrClient(ecr)                           // registry credentials from GetAuthorizationToken
 *     .listener(event -> log.info("{}", event))
 *     .build();
 * ImageReference pushed = publisher.publish(
 *     ImageSource.ociArchive(Path.of("app.tar")),
 *     "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:" + sha);
 * pushed.digest();                              // sha256:... of the manifest the registry stored
 * }</pre>
 *
 * <p>What a publish does, in order:
 *
 * <ol>
 *   <li>Reads the source and checks it: every blob a manifest names must be there with its size.
 *   <li>For each blob (config and layers, up to {@link Builder#uploadThreads(int)} at once): {@code
 *       HEAD} in the target repository, and if absent a cross-repository mount from a repository of
 *       the same registry where this publisher pushed it before or one given to {@link
 *       Builder#mountFrom(Collection)}, else an upload streamed from the file (memory stays bounded
 *       whatever the layer size) whose bytes are hashed on the way and never committed when they do
 *       not match the digest.
 *   <li>Puts the manifest's exact bytes by digest (an index's children first), so an OCI archive's
 *       digest is the one the registry stores: signatures made on it stay valid.
 *   <li>Writes the tag last, unless it already names this manifest (ECR's immutable tags refuse
 *       even an identical re-push). An interrupted or failed publish never leaves the tag pointing
 *       at an incomplete image.
 * </ol>
 *
 * <p>Credentials: {@link Builder#registryCredentials(String, String, String)} for a host wins;
 * otherwise, with an {@link Builder#ecrClient(EcrClient) ECR client}, ECR hosts (and the token's
 * {@code proxyEndpoint}) use its {@code GetAuthorizationToken} token, cached and renewed {@link
 * EcrTokens#RENEW_BEFORE} before it expires. When the registry refuses the credentials in the
 * middle of a push (a token that expired during a long upload), they are renewed once (a new ECR
 * token, or a new Bearer token) and the refused step starts again: a blob's upload from its first
 * byte in a new session, read again from the source; the listener sees {@link
 * ImagePublishEvent.Kind#CREDENTIALS_RENEWED} and {@link ImagePublishEvent.Kind#BLOB_RESTARTED}. If
 * the renewed credentials are refused too, the publish fails with an {@link ImagePublishException}
 * of kind {@link ImagePublishException.Kind#AUTHENTICATION} whose {@link
 * ImagePublishException#credentialsRenewed()} is true. Basic and Bearer (token service) challenges
 * are both understood. Registries are reached over HTTPS; {@link
 * Builder#allowInsecureRegistries(boolean)} allows plain HTTP for loopback hosts only.
 *
 * <p>Instances are immutable and thread-safe; the clients stay the caller's. Each publish opens its
 * own connections and closes them before it returns.
 */
public final class ImagePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ImagePublisher.class);
  private static final int KNOWN_BLOBS = 10_000;

  private final @Nullable EcrClient ecr;
  private final @Nullable EcrTokens tokens;
  private final Map<String, Credentials> credentials;
  private final boolean allowInsecure;
  private final Consumer<ImagePublishEvent> listener;
  private final List<String> mountFrom;
  private final int uploadThreads;
  private final Clock clock;
  private final ImageLoader loader = new ImageLoader();

  /** Where this publisher put blobs before, by registry and digest, for mounts. */
  private final Map<String, String> knownBlobs = new ConcurrentHashMap<>();

  private ImagePublisher(Builder b) {
    this.ecr = b.ecr;
    this.clock = b.clock;
    this.tokens = b.ecr == null ? null : new EcrTokens(b.ecr, b.clock);
    this.credentials = Map.copyOf(b.credentials);
    this.allowInsecure = b.allowInsecure;
    this.listener = b.listener;
    this.mountFrom = List.copyOf(b.mountFrom);
    this.uploadThreads = b.uploadThreads;
  }

  /**
   * Starts a builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this publisher's settings.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.ecr = ecr;
    b.credentials.putAll(credentials);
    b.allowInsecure = allowInsecure;
    b.listener = listener;
    b.mountFrom.addAll(mountFrom);
    b.uploadThreads = uploadThreads;
    b.clock = clock;
    return b;
  }

  /**
   * Publishes an image under a tag.
   *
   * @param source the image on disk
   * @param target such as {@code 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1f2e3d}
   * @return the target with the digest of the manifest the registry stored
   * @throws ImagePublishException when the source is not a valid image or the registry refuses
   * @throws IllegalArgumentException when the target has no registry or neither tag nor digest
   */
  public ImageReference publish(ImageSource source, String target) {
    return publish(source, ImageReference.parse(Objects.requireNonNull(target, "target")));
  }

  /**
   * Publishes an image under a tag (or only by digest, when the target has a digest and no tag; the
   * digest must then be the image's).
   *
   * @param source the image on disk
   * @param target the registry, repository and tag
   * @return the target with the digest of the manifest the registry stored
   * @throws ImagePublishException when the source is not a valid image or the registry refuses
   * @throws IllegalArgumentException when the target has no registry or neither tag nor digest
   */
  public ImageReference publish(ImageSource source, ImageReference target) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    String registry = target.registry();
    if (registry == null) {
      throw new IllegalArgumentException(
          "give the registry host in the target, such as registry.example.com/" + target);
    }
    if (target.tag() == null && target.digest() == null) {
      throw new IllegalArgumentException("give a tag (or a digest) in the target " + target);
    }
    if (source.format() == ImageSource.Format.FROM_BASE) {
      return new ImageBuild(this, source, target, registry).run();
    }
    String repository = target.repository();
    Target where = resolve(target, registry);
    LoadedImage loaded;
    try {
      loaded = loader.load(source, target.tag());
    } catch (InvalidImageException e) {
      throw invalid(registry, repository, e);
    }
    try (loaded;
        RegistryClient client =
            new RegistryClient(
                registry,
                where.base,
                where.credentials,
                where.howToCreate,
                uploadThreads,
                this::emit)) {
      ImageManifest top = loaded.manifest();
      if (target.digest() != null && !target.digest().equals(top.digest())) {
        throw new IllegalArgumentException(
            "the target names digest "
                + target.digest()
                + " but "
                + source
                + " is "
                + top.digest());
      }
      Set<String> mountSources = mountSources(registry, repository);
      List<String> scopes = new ArrayList<>();
      scopes.add("repository:" + repository + ":pull,push");
      mountSources.forEach(r -> scopes.add("repository:" + r + ":pull"));
      client.login(repository, scopes);
      LOG.info("Publishing {} to {} ({})", source, target, top.digest());
      pushBlobs(client, registry, repository, allBlobs(top), mountSources);
      stopIfInterrupted(registry, repository);
      pushManifests(client, repository, top);
      String tag = target.tag();
      if (tag != null) {
        stopIfInterrupted(registry, repository);
        Optional<String> current = client.manifestDigest(repository, tag);
        if (current.isPresent() && current.get().equals(top.digest())) {
          emit(Kind.TAG_UNCHANGED, repository, top.digest(), top.mediaType(), top.bytes().length);
        } else {
          client.putManifest(repository, tag, top);
          emit(Kind.TAG_WRITTEN, repository, top.digest(), top.mediaType(), top.bytes().length);
        }
      }
      ImageReference pushed = new ImageReference(registry, repository, tag, top.digest());
      LOG.info("Published {}", pushed);
      return pushed;
    } catch (InvalidImageException e) {
      throw invalid(registry, repository, e);
    }
  }

  private static void stopIfInterrupted(String registry, String repository) {
    if (Thread.currentThread().isInterrupted()) {
      throw new ImagePublishException(
          ImagePublishException.Kind.INTERRUPTED,
          registry,
          repository,
          null,
          0,
          "interrupted while publishing to "
              + registry
              + "/"
              + repository
              + "; the tag was not written",
          null);
    }
  }

  private record Target(
      URI base, @Nullable CredentialSource credentials, UnaryOperator<String> howToCreate) {}

  /** Opens a registry client with this publisher's credentials, for pulling a base image. */
  RegistryClient client(ImageReference image, String registry) {
    Target where = resolve(image, registry);
    return new RegistryClient(
        registry, where.base, where.credentials, where.howToCreate, uploadThreads, this::emit);
  }

  private Target resolve(ImageReference target, String registry) {
    String host =
        registry.startsWith("[")
            ? registry.substring(0, registry.indexOf(']') + 1)
            : registry.contains(":") ? registry.substring(0, registry.indexOf(':')) : registry;
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    URI base = URI.create((allowInsecure && loopback ? "http://" : "https://") + registry + "/");
    Credentials explicit = credentials.get(registry.toLowerCase(Locale.ROOT));
    if (explicit != null) {
      return new Target(base, fixed(explicit, registry), r -> genericCreate(r));
    }
    if (tokens != null) {
      EcrTokens.Token token;
      try {
        token = tokens.token();
      } catch (SdkException e) {
        throw new ImagePublishException(
            ImagePublishException.Kind.AUTHENTICATION,
            registry,
            target.repository(),
            null,
            0,
            "ECR GetAuthorizationToken failed, so there are no credentials for "
                + registry
                + ": "
                + e.getMessage(),
            e);
      }
      if (target.isEcr() || token.host().equalsIgnoreCase(registry)) {
        String region =
            target.ecrRegion().orElseGet(() -> Optional.ofNullable(ecrRegion()).orElse("<region>"));
        return new Target(base, ecrSource(registry), r -> ecrCreate(r, region));
      }
    }
    return new Target(base, null, r -> genericCreate(r));
  }

  private @Nullable String ecrRegion() {
    try {
      Region region = Objects.requireNonNull(ecr).serviceClientConfiguration().region();
      return region == null ? null : region.id();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String ecrCreate(String repository, String region) {
    return "create it first: aws ecr create-repository --repository-name "
        + repository
        + " --region "
        + region;
  }

  private static String genericCreate(String repository) {
    return "create repository " + repository + " in the registry first";
  }

  private static CredentialSource fixed(Credentials c, String registry) {
    return new CredentialSource() {
      @Override
      public Credentials current() {
        return c;
      }

      @Override
      public @Nullable Credentials renew() {
        return null;
      }

      @Override
      public String description() {
        return "the registryCredentials given for " + registry + " (user " + c.user() + ")";
      }
    };
  }

  private CredentialSource ecrSource(String registry) {
    EcrTokens t = Objects.requireNonNull(tokens);
    return new CredentialSource() {
      @Override
      public Credentials current() {
        return t.token().credentials();
      }

      @Override
      public Credentials renew() {
        try {
          return t.renew().credentials();
        } catch (SdkException e) {
          throw new ImagePublishException(
              ImagePublishException.Kind.AUTHENTICATION,
              registry,
              null,
              null,
              0,
              "renewing the ECR token failed: " + e.getMessage(),
              e);
        }
      }

      @Override
      public String description() {
        return "the token from ECR GetAuthorizationToken";
      }
    };
  }

  private Set<String> mountSources(String registry, String repository) {
    Set<String> out = new LinkedHashSet<>(mountFrom);
    String prefix = registry + "|";
    knownBlobs.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.add(v);
          }
        });
    out.remove(repository);
    return out;
  }

  private static List<Blob> allBlobs(ImageManifest m) {
    Map<String, Blob> blobs = new LinkedHashMap<>();
    for (ImageManifest child : m.children()) {
      for (Blob b : allBlobs(child)) {
        blobs.putIfAbsent(b.digest(), b);
      }
    }
    for (Blob b : m.blobs()) {
      blobs.putIfAbsent(b.digest(), b);
    }
    return List.copyOf(blobs.values());
  }

  private void pushBlobs(
      RegistryClient client,
      String registry,
      String repository,
      List<Blob> blobs,
      Set<String> mountSources) {
    if (blobs.isEmpty()) {
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(uploadThreads, blobs.size()), DaemonThreads.named("opskit-image-push"));
    List<Future<?>> futures = new ArrayList<>();
    AtomicBoolean failed = new AtomicBoolean();
    try {
      for (Blob blob : blobs) {
        futures.add(
            pool.submit(
                () -> {
                  if (failed.get()) {
                    return; // a blob failed: the push ends, nothing more is sent
                  }
                  try {
                    pushBlob(client, registry, repository, blob, mountSources);
                  } catch (RuntimeException | Error e) {
                    failed.set(true);
                    throw e;
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImagePublishException(
          ImagePublishException.Kind.INTERRUPTED,
          registry,
          repository,
          null,
          0,
          "interrupted while publishing to "
              + registry
              + "/"
              + repository
              + "; the tag was not written",
          e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (CancellationException e) {
      throw new ImagePublishException(
          ImagePublishException.Kind.INTERRUPTED,
          registry,
          repository,
          null,
          0,
          "publishing to " + registry + "/" + repository + " was cancelled",
          e);
    } finally {
      futures.forEach(f -> f.cancel(true));
      pool.shutdownNow();
    }
  }

  private void pushBlob(
      RegistryClient client,
      String registry,
      String repository,
      Blob blob,
      Set<String> mountSources) {
    if (client.blobExists(repository, blob)) {
      remember(registry, blob.digest(), repository);
      emit(Kind.BLOB_EXISTS, repository, blob.digest(), blob.mediaType(), blob.size());
      return;
    }
    String session = null;
    String preferred = knownBlobs.get(registry + "|" + blob.digest());
    List<String> candidates = new ArrayList<>();
    if (preferred != null && !preferred.equals(repository)) {
      candidates.add(preferred);
    }
    for (String r : mountSources) {
      if (!candidates.contains(r) && (preferred == null || mountFrom.contains(r))) {
        candidates.add(r);
      }
    }
    for (String from : candidates) {
      Optional<String> opened = client.mount(repository, blob, from);
      if (opened.isEmpty()) {
        remember(registry, blob.digest(), repository);
        emit(Kind.BLOB_MOUNTED, repository, blob.digest(), blob.mediaType(), blob.size());
        return;
      }
      session = opened.get();
      break;
    }
    client.upload(repository, blob, session);
    remember(registry, blob.digest(), repository);
    emit(Kind.BLOB_UPLOADED, repository, blob.digest(), blob.mediaType(), blob.size());
  }

  void remember(String registry, String digest, String repository) {
    if (knownBlobs.size() < KNOWN_BLOBS) {
      knownBlobs.put(registry + "|" + digest, repository);
    }
  }

  private void pushManifests(RegistryClient client, String repository, ImageManifest m) {
    for (ImageManifest child : m.children()) {
      pushManifests(client, repository, child);
    }
    client.putManifest(repository, m.digest(), m);
    emit(Kind.MANIFEST_PUSHED, repository, m.digest(), m.mediaType(), m.bytes().length);
  }

  void emit(Kind kind, String repository, String digest, String mediaType, long bytes) {
    emit(new ImagePublishEvent(kind, repository, digest, mediaType, bytes));
  }

  private void emit(ImagePublishEvent event) {
    LOG.debug("{}", event);
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      LOG.warn("The image publish listener failed on {}; publishing goes on", event, e);
    }
  }

  private static ImagePublishException invalid(
      String registry, String repository, InvalidImageException e) {
    return new ImagePublishException(
        ImagePublishException.Kind.INVALID_IMAGE,
        registry,
        repository,
        e.file(),
        0,
        "not a valid image: " + e.getMessage(),
        e);
  }

  @Override
  public String toString() {
    return "ImagePublisher[ecr="
        + (ecr != null)
        + ", registryCredentials="
        + credentials.keySet()
        + ", allowInsecureRegistries="
        + allowInsecure
        + ", uploadThreads="
        + uploadThreads
        + "]";
  }

  /** Builds an {@link ImagePublisher}; every setting has a default. */
  public static final class Builder {
    private @Nullable EcrClient ecr;
    private final Map<String, Credentials> credentials = new LinkedHashMap<>();
    private boolean allowInsecure;
    private Consumer<ImagePublishEvent> listener = e -> {};
    private final List<String> mountFrom = new ArrayList<>();
    private int uploadThreads = 3;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Takes registry credentials for ECR hosts from this client's {@code GetAuthorizationToken};
     * the client stays the caller's.
     *
     * @param client the ECR client (its region and credentials decide the token)
     * @return this builder
     */
    public Builder ecrClient(EcrClient client) {
      this.ecr = Objects.requireNonNull(client, "ecrClient");
      return this;
    }

    /**
     * Sets the user and password for one registry host (they win over an ECR token).
     *
     * @param host the registry host as in image references, such as {@code
     *     registry.example.com:5000}
     * @param user the user
     * @param password the password or token; never logged
     * @return this builder
     */
    public Builder registryCredentials(String host, String user, String password) {
      credentials.put(
          Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT),
          new Credentials(user, password));
      return this;
    }

    /**
     * Allows plain HTTP to registries on loopback ({@code localhost}, {@code 127.*}, {@code
     * [::1]}), such as a test registry; other hosts are always reached over HTTPS. Off by default.
     *
     * @param allow true to allow it
     * @return this builder
     */
    public Builder allowInsecureRegistries(boolean allow) {
      this.allowInsecure = allow;
      return this;
    }

    /**
     * Receives each step; it is called from upload threads, so it must be thread-safe and quick.
     *
     * @param l the listener
     * @return this builder
     */
    public Builder listener(Consumer<ImagePublishEvent> l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /**
     * Names repositories of the target registry that may hold the blobs (a base image's
     * repository), to mount them from instead of uploading.
     *
     * @param repositories repository names, such as {@code base/debian}
     * @return this builder
     */
    public Builder mountFrom(Collection<String> repositories) {
      this.mountFrom.clear();
      this.mountFrom.addAll(List.copyOf(repositories));
      return this;
    }

    /**
     * Sets how many blobs are sent at once (default 3).
     *
     * @param threads from 1 to 16
     * @return this builder
     */
    public Builder uploadThreads(int threads) {
      if (threads < 1 || threads > 16) {
        throw new IllegalArgumentException("uploadThreads must be 1 to 16, not " + threads);
      }
      this.uploadThreads = threads;
      return this;
    }

    /**
     * Sets the clock that decides when a cached ECR token is renewed (default UTC system clock).
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Builds the publisher.
     *
     * @return the publisher
     */
    public ImagePublisher build() {
      return new ImagePublisher(this);
    }
  }
}
