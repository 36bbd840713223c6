package dev.opskit.testing.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The CNCF distribution registry (Debian package {@code docker-registry}, version 2.8) running as a
 * child process on {@code 127.0.0.1:<free port>}, plain HTTP, with htpasswd (bcrypt) auth for one
 * user, storage in a temporary directory. The password file is written with {@code htpasswd -B}
 * (package {@code apache2-utils}); the registry re-reads it when it changes, so {@link
 * #password(String)} rotates the password of a running registry.
 *
 * <pre>{@code
 * try (LocalRegistry registry = LocalRegistry.start()) {
 *   registry.host();                        // "127.0.0.1:41234"
 *   registry.manifest("app", "1.0");        // pulled back through the registry API
 * }
 * }</pre>
 *
 * <p>When the {@code docker-registry} or {@code htpasswd} binary is missing, {@link #start()} fails
 * (an {@link AssertionError} naming the package), in CI and locally alike: the tests never skip.
 * Start-up waits at most 20 seconds; {@link #close()} kills the process and deletes the storage.
 */
public final class LocalRegistry implements AutoCloseable {
  /** The registry user, as for Amazon ECR. */
  public static final String USER = "AWS";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final List<String> ACCEPT =
      List.of(
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");

  private final Process process;
  private final Path directory;
  private final int port;
  private volatile String password;

  /** The Debian packages of the registry and of {@code htpasswd}. */
  private static final String[] PACKAGES = {"docker-registry", "apache2-utils"};

  private static boolean installTried;

  private LocalRegistry(Process process, Path directory, int port, String password) {
    this.process = process;
    this.directory = directory;
    this.port = port;
    this.password = password;
  }

  /**
   * Tells whether the {@code docker-registry} and {@code htpasswd} binaries are installed, for
   * callers outside tests (a JShell script) that skip a step instead of failing.
   *
   * @return true when {@link #start()} can run
   */
  public static boolean available() {
    return find("docker-registry") != null && find("htpasswd") != null;
  }

  /**
   * Starts a registry with a random password for {@link #USER}.
   *
   * @return the running registry; close it to stop the process
   */
  public static LocalRegistry start() {
    Path registryBinary = binary("docker-registry", "docker-registry");
    binary("htpasswd", "apache2-utils");
    Path dir;
    try {
      dir = Files.createTempDirectory("opskit-registry-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String secret = randomHex(16);
    String password = randomHex(12);
    writeHtpasswd(dir, password);
    int port = freePort();
    String config =
        "version: 0.1\n"
            + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
            + "storage:\n  filesystem:\n    rootdirectory: "
            + dir.resolve("data")
            + "\n  delete:\n    enabled: true\n"
            + "http:\n  addr: 127.0.0.1:"
            + port
            + "\n  secret: "
            + secret
            + "\n"
            + "auth:\n  htpasswd:\n    realm: opskit-test\n    path: "
            + dir.resolve("htpasswd")
            + "\n";
    Process process;
    try {
      Files.writeString(dir.resolve("config.yml"), config);
      process =
          new ProcessBuilder(
                  registryBinary.toString(), "serve", dir.resolve("config.yml").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("registry.log").toFile())
              .start();
    } catch (IOException e) {
      deleteTree(dir);
      throw new UncheckedIOException(e);
    }
    LocalRegistry registry = new LocalRegistry(process, dir, port, password);
    registry.awaitStart();
    return registry;
  }

  /**
   * Returns the registry host, {@code 127.0.0.1:<port>}, as written in image references.
   *
   * @return the host and port
   */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /**
   * Returns the registry's base URL, {@code http://127.0.0.1:<port>}.
   *
   * @return the URL
   */
  public URI endpoint() {
    return URI.create("http://" + host());
  }

  /**
   * Returns the current password of {@link #USER}.
   *
   * @return the password
   */
  public String password() {
    return password;
  }

  /**
   * Replaces the password of {@link #USER}; the running registry picks it up on its next request.
   *
   * @param newPassword the new password
   */
  public void password(String newPassword) {
    writeHtpasswd(directory, newPassword);
    password = newPassword;
  }

  /**
   * Pulls a manifest back through the registry API, sending every manifest media type in {@code
   * Accept}.
   *
   * @param repository the repository
   * @param reference a tag or a digest
   * @return the manifest, or empty when the registry answers 404
   */
  public Optional<Manifest> manifest(String repository, String reference) {
    Reply r = send("GET", "/v2/" + repository + "/manifests/" + reference);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    expect(r, 200);
    return Optional.of(
        new Manifest(r.body(), r.header("Docker-Content-Digest"), r.header("Content-Type")));
  }

  /**
   * Tells whether a blob exists in a repository ({@code HEAD} on it).
   *
   * @param repository the repository
   * @param digest the blob digest
   * @return true on 200
   */
  public boolean blobExists(String repository, String digest) {
    Reply r = send("HEAD", "/v2/" + repository + "/blobs/" + digest);
    return r.statusCode() == 200;
  }

  /**
   * Returns the tags of a repository.
   *
   * @param repository the repository
   * @return the tags, empty when the repository does not exist
   */
  public List<String> tags(String repository) {
    Reply r = send("GET", "/v2/" + repository + "/tags/list");
    if (r.statusCode() == 404) {
      return List.of();
    }
    expect(r, 200);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    int start = body.indexOf("\"tags\":[");
    if (start < 0) {
      return List.of();
    }
    String list = body.substring(start + 8, body.indexOf(']', start));
    return list.isBlank()
        ? List.of()
        : Stream.of(list.split(",")).map(t -> t.trim().replace("\"", "")).toList();
  }

  /**
   * Returns what the registry process wrote to its log so far.
   *
   * @return the log text
   */
  public String log() {
    try {
      return Files.readString(directory.resolve("registry.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Kills the registry process and deletes its storage. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(directory);
  }

  @Override
  public String toString() {
    return "LocalRegistry[" + endpoint() + "]";
  }

  /** A registry's answer, read whole. */
  private record Reply(
      String method, URI uri, int statusCode, byte[] body, Map<String, String> headers) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
  }

  /**
   * Sends a request with HttpURLConnection: unlike the JDK's HttpClient on Java 17, it leaves no
   * selector thread behind for the leak check to find.
   */
  private Reply send(String method, String path) {
    URI uri = URI.create(endpoint() + path);
    try {
      HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
      try {
        c.setRequestMethod(method);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(30_000);
        c.setRequestProperty("Authorization", basic());
        c.setRequestProperty("Accept", String.join(", ", ACCEPT));
        int status = c.getResponseCode();
        java.io.InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        byte[] body = in == null ? new byte[0] : in.readAllBytes();
        if (in != null) {
          in.close();
        }
        Map<String, String> headers = new java.util.HashMap<>();
        c.getHeaderFields()
            .forEach(
                (k, v) -> {
                  if (k != null && !v.isEmpty()) {
                    headers.put(k.toLowerCase(Locale.ROOT), v.get(0));
                  }
                });
        return new Reply(method, uri, status, body, headers);
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String basic() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static void expect(Reply r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(
          r.method()
              + " "
              + r.uri()
              + " answered "
              + r.statusCode()
              + ": "
              + new String(r.body(), StandardCharsets.UTF_8));
    }
  }

  private void awaitStart() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        String log = log();
        deleteTree(directory);
        throw new IllegalStateException("docker-registry exited at start-up: " + log);
      }
      try {
        if (send("GET", "/v2/").statusCode() == 200) {
          return;
        }
      } catch (UncheckedIOException e) {
        // not listening yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        close();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting docker-registry", e);
      }
    }
    String log = log();
    close();
    throw new IllegalStateException(
        "docker-registry did not answer on " + host() + " within " + START_TIMEOUT + ": " + log);
  }

  private static void writeHtpasswd(Path dir, String password) {
    try {
      Process p =
          new ProcessBuilder(binary("htpasswd", "apache2-utils").toString(), "-Bbn", USER, password)
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "htpasswd failed: " + new String(out, StandardCharsets.UTF_8));
      }
      Path tmp = dir.resolve("htpasswd.tmp");
      Files.write(tmp, out);
      Files.move(
          tmp,
          dir.resolve("htpasswd"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running htpasswd", e);
    }
  }

  private static @Nullable Path find(String name) {
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean succeeds(List<String> command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process p = pb.start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path binary(String name, String debianPackage) {
    Path found = find(name);
    if (found == null && install()) {
      found = find(name);
    }
    if (found != null) {
      return found;
    }
    throw new AssertionError(
        name
            + " not found in /usr/bin, /usr/local/bin or /usr/sbin: install the Debian package "
            + debianPackage
            + " (.ci/run does); image-push tests never skip");
  }

  /**
   * Installs the registry's Debian packages when they are missing, as {@code .ci/mysql-servers.sh}
   * installs what the MySQL servers need, so {@code mvn verify} works on a fresh machine: only as
   * root with {@code apt-get}, once per JVM.
   *
   * @return true when the packages are installed now
   */
  public static synchronized boolean install() {
    if (available()) {
      return true;
    }
    if (installTried
        || find("apt-get") == null
        || !"root".equals(System.getProperty("user.name"))) {
      return false;
    }
    installTried = true;
    List<String> install =
        List.of(
            "apt-get", "install", "-y", "-qq", "--no-install-recommends", PACKAGES[0], PACKAGES[1]);
    if (!succeeds(install)) { // a fresh machine's package lists may be missing or stale
      succeeds(List.of("apt-get", "update", "-qq"));
      succeeds(install);
    }
    return available();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory
    }
  }

  /**
   * A manifest as the registry served it.
   *
   * @param bytes the exact bytes
   * @param digest the {@code Docker-Content-Digest} header
   * @param mediaType the {@code Content-Type} header
   */
  public record Manifest(byte[] bytes, String digest, String mediaType) {
    /**
     * Returns the manifest as text.
     *
     * @return the JSON text
     */
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
