package dev.opskit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .ci/CheckReleaseBundle.java}, which the release dry run uses, accepts a bundle Central
 * would take and refuses each kind of bundle it would not. The bundles carry this tree's real POMs
 * (so the published POMs' metadata is checked in every build), small jars, and signatures of a
 * throwaway key.
 */
class ReleaseBundleCheckIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String VERSION = "9.8.7";
  private static final long TIMEOUT_SECONDS = 120;

  @TempDir static Path gnupgParent;
  @TempDir Path temp;
  private static Path gnupg;
  private static final Map<String, byte[]> SIGNATURES = new HashMap<>();

  @BeforeAll
  static void compileCheckAndMakeAThrowawayKey() throws Exception {
    // Compiled once here; the dry run runs the same source with `java .ci/CheckReleaseBundle.java`.
    Path classes = gnupgParent.resolve("classes");
    Files.createDirectories(classes);
    int javac =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                ROOT.resolve(".ci/CheckReleaseBundle.java").toString());
    assertThat(javac).as("javac .ci/CheckReleaseBundle.java").isZero();

    gnupg = gnupgParent.resolve("gnupg");
    Files.createDirectories(gnupg);
    Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
    Run key =
        run(
            "gpg",
            "--batch",
            "--passphrase",
            "",
            "--quick-generate-key",
            "opskit bundle check test <test@opskit.invalid>",
            "rsa2048",
            "sign",
            "1d");
    assertThat(key.exitCode()).as(key.output()).isZero();
  }

  @AfterAll
  static void stopAgent() throws Exception {
    run("gpgconf", "--kill", "gpg-agent");
  }

  @Test
  void acceptsACompleteSignedBundle() throws Exception {
    Run check = check(bundle(unsigned -> {}, signed -> {}));

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output())
        .contains("ok: 6 artifacts (opskit-parent, opskit-bom, ")
        .contains("72 files, 36 checksummed, 18 signatures verified");
  }

  @Test
  void refusesAMissingSignature() throws Exception {
    Run check =
        check(bundle(unsigned -> {}, signed -> signed.remove(path("opskit-bom", ".pom.asc"))));

    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.output()).contains("missing " + path("opskit-bom", ".pom.asc"));
  }

  @Test
  void refusesAFileChangedAfterSigning() throws Exception {
    String jar = path("schema-diff-core", ".jar");
    Run check = check(bundle(unsigned -> {}, signed -> signed.put(jar, jar("Other.class"))));

    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.output())
        .contains(jar + ".asc does not verify")
        .contains(jar + ".md5 says")
        .contains(jar + ".sha1 says");
  }

  @Test
  void refusesAnUnpublishedModule() throws Exception {
    String extra = "dev/opskit/opskit-test-support/" + VERSION + "/x.jar";
    Run check = check(bundle(unsigned -> unsigned.put(extra, jar("X.class")), signed -> {}));

    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.output()).contains("not expected in the bundle: " + extra);
  }

  @Test
  void refusesJavadocOfAnInternalPackage() throws Exception {
    String javadoc = path("redash-backup-core", "-javadoc.jar");
    Run check =
        check(
            bundle(
                unsigned ->
                    unsigned.put(
                        javadoc, jar("index.html", "dev/opskit/redash/internal/Secret.html")),
                signed -> {}));

    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.output())
        .contains("redash-backup-core: the javadoc jar documents an internal package");
  }

  @Test
  void refusesAPomWithoutCentralsMetadata() throws Exception {
    String parent = path("opskit-parent", ".pom");
    Run check =
        check(
            bundle(
                unsigned ->
                    unsigned.put(
                        parent,
                        new String(unsigned.get(parent), StandardCharsets.UTF_8)
                            .replaceFirst("<scm[^>]*>(?s:.*)</scm>", "")
                            .getBytes(StandardCharsets.UTF_8)),
                signed -> {}));

    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.output())
        .contains("opskit-parent: no <scm><url> (own or inherited)")
        .as("the modules inherit it")
        .contains("schema-diff-core: no <scm><connection> (own or inherited)");
  }

  /**
   * A bundle of this tree's POMs at {@link #VERSION} and small jars, signed and checksummed; {@code
   * unsigned} edits the files (path to content) before that, {@code signed} edits the bundle after.
   */
  private Path bundle(Consumer<Map<String, byte[]>> unsigned, Consumer<Map<String, byte[]>> signed)
      throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(path("opskit-parent", ".pom"), pom(ROOT.resolve("pom.xml")));
    files.put(path("opskit-bom", ".pom"), pom(ROOT.resolve("opskit-bom/pom.xml")));
    for (String module : bomModules()) {
      files.put(path(module, ".pom"), pom(ROOT.resolve(module).resolve("pom.xml")));
      files.put(path(module, ".jar"), jar("dev/opskit/A.class"));
      files.put(path(module, "-sources.jar"), jar("dev/opskit/A.java"));
      files.put(path(module, "-javadoc.jar"), jar("index.html", "dev/opskit/A.html"));
    }
    unsigned.accept(files);
    Map<String, byte[]> bundle = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      bundle.put(file.getKey(), file.getValue());
      bundle.put(file.getKey() + ".asc", sign(file.getValue()));
      bundle.put(file.getKey() + ".md5", hex("MD5", file.getValue()));
      bundle.put(file.getKey() + ".sha1", hex("SHA-1", file.getValue()));
    }
    signed.accept(bundle);
    Path zip = temp.resolve("central-bundle.zip");
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> file : bundle.entrySet()) {
        z.putNextEntry(new ZipEntry(file.getKey()));
        z.write(file.getValue());
        z.closeEntry();
      }
    }
    return zip;
  }

  private static String path(String artifactId, String suffix) {
    return "dev/opskit/" + artifactId + "/" + VERSION + "/" + artifactId + "-" + VERSION + suffix;
  }

  private static List<String> bomModules() throws IOException {
    String bom = Files.readString(ROOT.resolve("opskit-bom/pom.xml"));
    String managed =
        bom.substring(
            bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));
    List<String> modules = new ArrayList<>();
    Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(managed);
    while (m.find()) {
      modules.add(m.group(1));
    }
    assertThat(modules).hasSize(4);
    return modules;
  }

  /** The POM as a release at {@link #VERSION} publishes it. */
  private static byte[] pom(Path file) throws IOException {
    String version = Files.readString(ROOT.resolve("pom.xml"));
    Matcher m =
        Pattern.compile("<artifactId>opskit-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(version);
    assertThat(m.find()).isTrue();
    return Files.readString(file)
        .replace("<version>" + m.group(1) + "</version>", "<version>" + VERSION + "</version>")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A jar holding the named entries (each with its own name as content), in memory. */
  private static byte[] jar(String... entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      for (String entry : entries) {
        z.putNextEntry(new ZipEntry(entry));
        z.write(entry.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Signs with the throwaway key; each content once (the bundles share most files). */
  private byte[] sign(byte[] content) throws Exception {
    String key = new String(hex("SHA-256", content), StandardCharsets.US_ASCII);
    byte[] known = SIGNATURES.get(key);
    if (known != null) {
      return known;
    }
    Path file = Files.createTempFile(temp, "file", "");
    Files.write(file, content);
    Run gpg = run("gpg", "--batch", "--yes", "--armor", "--detach-sign", file.toString());
    assertThat(gpg.exitCode()).as(gpg.output()).isZero();
    byte[] signature = Files.readAllBytes(Path.of(file + ".asc"));
    SIGNATURES.put(key, signature);
    return signature;
  }

  private static byte[] hex(String algorithm, byte[] content) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance(algorithm).digest(content))
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static Run check(Path bundle) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return run(
        java,
        "-cp",
        gnupgParent.resolve("classes").toString(),
        "CheckReleaseBundle",
        bundle.toString(),
        ROOT.toString(),
        VERSION);
  }

  private static Run run(String... command) throws Exception {
    Path log = Files.createTempFile(gnupgParent, "run", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("GNUPGHOME", gnupg.toString());
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError(String.join(" ", command) + " did not finish and was killed");
    }
    return new Run(process.exitValue(), Files.readString(log));
  }

  private record Run(int exitCode, String output) {}
}
