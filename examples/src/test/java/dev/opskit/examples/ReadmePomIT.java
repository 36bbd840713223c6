package dev.opskit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The README's complete application POM and first call work as a new user copies them: written to
 * an empty folder, {@code mvn -o -q package} builds them with the Maven on the PATH (3.8 included)
 * against the opskit jars this reactor just packaged, and {@code Main} runs and logs through the
 * provider the POM adds.
 *
 * <p>The build runs offline on a local repository of its own: this build's own repository, linked
 * entry by entry, except {@code dev/opskit}, which holds copies of this reactor's POMs and jars (so
 * a {@code verify} that installs nothing tests the current code, not an older install).
 */
class ReadmePomIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final long TIMEOUT_SECONDS = 300;
  private static final Pattern XML_BLOCK = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL);
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

  @TempDir Path temp;

  @Test
  void readmeApplicationBuildsOfflineAndItsFirstCallRuns() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    String pom = onlyBlock(XML_BLOCK, readme, "<project");
    String main = onlyBlock(JAVA_BLOCK, readme, "class Main");
    Document project = parse(ROOT.resolve("pom.xml"));
    String version = text(project.getDocumentElement(), "version");

    Document app = parse(pom);
    Element bom = dependencyManagement(app).get("dev.opskit:opskit-bom");
    assertThat(bom).as("the README POM imports opskit-bom").isNotNull();
    assertThat(text(bom, "version")).as("the README's opskit version").isEqualTo(version);
    assertThat(text(child(app.getDocumentElement(), "properties"), "maven.compiler.release"))
        .isEqualTo("17");
    Map<String, String> pinned = pluginVersions(app);
    assertThat(pinned)
        .as("the README POM pins the compiler plugin: Maven 3.8's default compiles for Java 5")
        .containsKey("maven-compiler-plugin")
        .as("and pins what the project's build pins, so an offline build finds them")
        .containsAllEntriesOf(subset(pluginVersions(project), pinned.keySet()));

    Path dir = temp.resolve("app");
    Files.createDirectories(dir.resolve("src/main/java"));
    Files.writeString(dir.resolve("pom.xml"), pom, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("src/main/java/Main.java"), main, StandardCharsets.UTF_8);
    Path repository = repositoryWithThisBuild(version);

    Run packaged = run(dir, "mvn", "-B", "-o", "-q", "-Dmaven.repo.local=" + repository, "package");
    assertThat(packaged.exitCode()).as(packaged.output()).isZero();
    assertThat(dir.resolve("target/classes/Main.class")).exists();

    String dependencyPlugin = pluginVersions(project).get("maven-dependency-plugin");
    Run classpath =
        run(
            dir,
            "mvn",
            "-B",
            "-o",
            "-q",
            "-Dmaven.repo.local=" + repository,
            "org.apache.maven.plugins:maven-dependency-plugin:"
                + dependencyPlugin
                + ":build-classpath",
            "-Dmdep.includeScope=runtime",
            "-Dmdep.outputFile=classpath.txt");
    assertThat(classpath.exitCode()).as(classpath.output()).isZero();
    assertThat(Files.readString(dir.resolve("classpath.txt")))
        .as("the runtime class path")
        .contains("slf4j-simple-");
    String cp =
        dir.resolve("target/classes")
            + File.pathSeparator
            + Files.readString(dir.resolve("classpath.txt")).trim();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Run first = run(dir, java, "-cp", cp, "Main");

    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output())
        .contains("table: 1 changed")
        .as("a logging provider is on the class path")
        .doesNotContain("No SLF4J providers");
  }

  /**
   * A local repository made of links to every entry of this build's own repository except {@code
   * dev/opskit}, which holds copies of the opskit POMs and jars of this reactor at {@code version}.
   */
  private Path repositoryWithThisBuild(String version) throws Exception {
    Path real = buildRepository();
    Path repo = temp.resolve("repository");
    Files.createDirectories(repo.resolve("dev/opskit"));
    link(real, repo, "dev");
    if (Files.isDirectory(real.resolve("dev"))) {
      link(real.resolve("dev"), repo.resolve("dev"), "opskit");
    }
    install(repo, "opskit-parent", version, ROOT.resolve("pom.xml"), null);
    install(repo, "opskit-bom", version, ROOT.resolve("opskit-bom/pom.xml"), null);
    for (String module : dependencyManagement(parse(ROOT.resolve("opskit-bom/pom.xml"))).keySet()) {
      String artifactId = module.substring(module.indexOf(':') + 1);
      Path jar = ROOT.resolve(artifactId + "/target/" + artifactId + "-" + version + ".jar");
      assertThat(jar).as("packaged by this reactor before examples").exists();
      install(repo, artifactId, version, ROOT.resolve(artifactId + "/pom.xml"), jar);
    }
    return repo;
  }

  /** The local repository this build resolves from: where AssertJ's jar was found. */
  private static Path buildRepository() throws URISyntaxException {
    Path jar =
        Path.of(Assertions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // .../org/assertj/assertj-core/VERSION/assertj-core-VERSION.jar
    Path repo = jar.getParent().getParent().getParent().getParent().getParent();
    assertThat(repo.resolve("org/assertj/assertj-core")).as("a Maven local repository").exists();
    return repo;
  }

  private static void link(Path from, Path to, String except) throws IOException {
    try (Stream<Path> entries = Files.list(from)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals(except)) {
          Files.createSymbolicLink(to.resolve(entry.getFileName().toString()), entry);
        }
      }
    }
  }

  private static void install(Path repo, String artifactId, String version, Path pom, Path jar)
      throws IOException {
    Path dir = repo.resolve("dev/opskit").resolve(artifactId).resolve(version);
    Files.createDirectories(dir);
    Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"));
    if (jar != null) {
      Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"));
    }
  }

  private static String onlyBlock(Pattern block, String readme, String marker) {
    List<String> found = new ArrayList<>();
    Matcher m = block.matcher(readme);
    while (m.find()) {
      if (m.group(1).contains(marker)) {
        found.add(m.group(1));
      }
    }
    assertThat(found).as("README blocks holding " + marker).hasSize(1);
    return found.get(0);
  }

  /** groupId:artifactId of each dependencyManagement entry, to the entry. */
  private static Map<String, Element> dependencyManagement(Document pom) {
    Map<String, Element> out = new HashMap<>();
    Element management = child(pom.getDocumentElement(), "dependencyManagement");
    Element dependencies = management == null ? null : child(management, "dependencies");
    for (Element d : children(dependencies, "dependency")) {
      out.put(text(d, "groupId") + ":" + text(d, "artifactId"), d);
    }
    return out;
  }

  /** artifactId to version of the plugins in build/pluginManagement, ${property} resolved. */
  private static Map<String, String> pluginVersions(Document pom) {
    Map<String, String> out = new HashMap<>();
    Element build = child(pom.getDocumentElement(), "build");
    Element management = build == null ? null : child(build, "pluginManagement");
    Element plugins = management == null ? null : child(management, "plugins");
    Element properties = child(pom.getDocumentElement(), "properties");
    for (Element plugin : children(plugins, "plugin")) {
      String version = text(plugin, "version");
      Matcher property = Pattern.compile("\\$\\{(.+)}").matcher(version);
      if (property.matches()) {
        version = text(properties, property.group(1));
      }
      out.put(text(plugin, "artifactId"), version);
    }
    return out;
  }

  private static Map<String, String> subset(Map<String, String> map, Iterable<String> keys) {
    Map<String, String> out = new HashMap<>();
    keys.forEach(k -> out.put(k, map.get(k)));
    return out;
  }

  private Run run(Path dir, String... command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(temp, "run", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    // MAVEN_ARGS (read by Maven 3.9) must not add goals or flags to what is tested.
    builder.environment().remove("MAVEN_ARGS");
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          String.join(" ", command)
              + " did not finish within "
              + TIMEOUT_SECONDS
              + " s and was killed:\n"
              + Files.readString(log));
    }
    return new Run(process.exitValue(), Files.readString(log));
  }

  private record Run(int exitCode, String output) {}

  private static Document parse(Path file) throws Exception {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(Element parent, String name) {
    Element e = parent == null ? null : child(parent, name);
    return e == null ? "" : e.getTextContent().trim();
  }

  private static Element child(Element parent, String name) {
    List<Element> all = children(parent, name);
    return all.isEmpty() ? null : all.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }
}
