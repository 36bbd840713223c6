import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a Central Portal bundle as the Portal would, and a little more.
 *
 * <p>Usage: {@code java .ci/CheckReleaseBundle.java BUNDLE.zip PROJECT_DIR VERSION}. The published
 * artifacts are opskit-parent and opskit-bom (POMs) and the modules opskit-bom lists (jars). For each:
 * the POM, and for a jar module the jar, -sources.jar and -javadoc.jar; for each of those files a .asc
 * that {@code gpg --verify} accepts (GNUPGHOME from the environment), and .md5 and .sha1 files that match.
 * Every POM, with what it inherits from opskit-parent, has name, description, url, a license with name
 * and url, a developer and scm url and connection. Nothing else is in the bundle: no snapshot, no
 * unpublished module, no maven-metadata.xml. The javadoc jars show no {@code internal} package. Exits 1
 * with every problem listed, 0 with the figures.
 */
public class CheckReleaseBundle {
  private static final String GROUP_PATH = "dev/opskit/";
  private final List<String> problems = new ArrayList<>();
  private int filesChecked;
  private int signaturesVerified;

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: java CheckReleaseBundle.java BUNDLE.zip PROJECT_DIR VERSION");
      System.exit(2);
    }
    System.exit(new CheckReleaseBundle().check(Path.of(args[0]), Path.of(args[1]), args[2]));
  }

  int check(Path bundle, Path projectDir, String version) throws Exception {
    Map<String, byte[]> entries = read(bundle);
    Map<String, String> published = new LinkedHashMap<>(); // artifactId -> packaging
    published.put("opskit-parent", "pom");
    published.put("opskit-bom", "pom");
    Document bom = parse(Files.readAllBytes(projectDir.resolve("opskit-bom/pom.xml")));
    Element management = child(bom.getDocumentElement(), "dependencyManagement");
    for (Element dependency : children(child(management, "dependencies"), "dependency")) {
      published.put(text(dependency, "artifactId"), "jar");
    }
    if (version.endsWith("-SNAPSHOT")) {
      problems.add("version " + version + " is a snapshot: Central takes releases only");
    }

    TreeSet<String> expected = new TreeSet<>();
    for (Map.Entry<String, String> artifact : published.entrySet()) {
      String a = artifact.getKey();
      String dir = GROUP_PATH + a + "/" + version + "/";
      List<String> files = new ArrayList<>(List.of(a + "-" + version + ".pom"));
      if (artifact.getValue().equals("jar")) {
        files.add(a + "-" + version + ".jar");
        files.add(a + "-" + version + "-sources.jar");
        files.add(a + "-" + version + "-javadoc.jar");
      }
      for (String file : files) {
        String path = dir + file;
        expected.add(path);
        byte[] content = entries.get(path);
        if (content == null) {
          problems.add("missing " + path);
          continue;
        }
        filesChecked++;
        checksum(entries, path, content, "md5", "MD5");
        checksum(entries, path, content, "sha1", "SHA-1");
        expected.add(path + ".md5");
        expected.add(path + ".sha1");
        expected.add(path + ".asc");
        // maven-resolver also writes checksums of the signatures; the Portal accepts them.
        expected.add(path + ".asc.md5");
        expected.add(path + ".asc.sha1");
        byte[] signature = entries.get(path + ".asc");
        if (signature == null) {
          problems.add("missing " + path + ".asc");
        } else {
          filesChecked++;
          checksum(entries, path + ".asc", signature, null, null);
          verifySignature(path, content, signature);
        }
      }
      byte[] pom = entries.get(dir + a + "-" + version + ".pom");
      byte[] parentPom =
          entries.get(GROUP_PATH + "opskit-parent/" + version + "/opskit-parent-" + version + ".pom");
      if (pom != null) {
        checkMetadata(a, parse(pom), parentPom == null ? null : parse(parentPom), version);
      }
      byte[] javadoc = entries.get(dir + a + "-" + version + "-javadoc.jar");
      if (javadoc != null) {
        checkJavadoc(a, javadoc);
      }
      byte[] sources = entries.get(dir + a + "-" + version + "-sources.jar");
      if (sources != null && jarEntries(sources).stream().noneMatch(e -> e.endsWith(".java"))) {
        problems.add(a + ": the sources jar holds no .java file");
      }
      byte[] jar = entries.get(dir + a + "-" + version + ".jar");
      if (jar != null && jarEntries(jar).stream().noneMatch(e -> e.endsWith(".class"))) {
        problems.add(a + ": the jar holds no class");
      }
    }
    for (String name : entries.keySet()) {
      if (!expected.contains(name)) {
        problems.add("not expected in the bundle: " + name);
      }
    }

    if (!problems.isEmpty()) {
      System.err.println("release bundle " + bundle + ": " + problems.size() + " problem(s)");
      problems.forEach(p -> System.err.println("  " + p));
      return 1;
    }
    System.out.println(
        "release bundle "
            + bundle.getFileName()
            + ": ok: "
            + published.size()
            + " artifacts ("
            + String.join(", ", published.keySet())
            + ") at "
            + version
            + ", "
            + entries.size()
            + " files, "
            + filesChecked
            + " checksummed, "
            + signaturesVerified
            + " signatures verified");
    return 0;
  }

  private void checksum(
      Map<String, byte[]> entries, String path, byte[] content, String ext, String algorithm)
      throws Exception {
    List<String[]> sums =
        ext == null
            ? List.of(new String[] {"md5", "MD5"}, new String[] {"sha1", "SHA-1"})
            : List.<String[]>of(new String[] {ext, algorithm});
    for (String[] sum : sums) {
      byte[] file = entries.get(path + "." + sum[0]);
      if (file == null) {
        if (ext != null) {
          problems.add("missing " + path + "." + sum[0]);
        }
        continue;
      }
      String want =
          HexFormat.of().formatHex(MessageDigest.getInstance(sum[1]).digest(content));
      String got = new String(file, "US-ASCII").trim().split("\\s+")[0].toLowerCase();
      if (!want.equals(got)) {
        problems.add(path + "." + sum[0] + " says " + got + ", the file's is " + want);
      }
    }
  }

  private void verifySignature(String path, byte[] content, byte[] signature) throws Exception {
    Path dir = Files.createTempDirectory("opskit-verify");
    try {
      Path file = dir.resolve("file");
      Path asc = dir.resolve("file.asc");
      Files.write(file, content);
      Files.write(asc, signature);
      Process gpg =
          new ProcessBuilder("gpg", "--batch", "--verify", asc.toString(), file.toString())
              .redirectErrorStream(true)
              .start();
      byte[] output = gpg.getInputStream().readAllBytes();
      if (!gpg.waitFor(60, TimeUnit.SECONDS)) {
        gpg.destroyForcibly();
        problems.add(path + ".asc: gpg --verify did not finish within 60 s");
      } else if (gpg.exitValue() != 0) {
        problems.add(
            path + ".asc does not verify: " + new String(output, "UTF-8").trim().replace('\n', ' '));
      } else {
        signaturesVerified++;
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  private void checkMetadata(String artifactId, Document pom, Document parent, String version) {
    Element project = pom.getDocumentElement();
    Element parentProject = parent == null ? null : parent.getDocumentElement();
    Element parentRef = child(project, "parent");
    boolean inherits =
        parentRef != null && "opskit-parent".equals(text(parentRef, "artifactId"));
    if (parentRef != null && !inherits) {
      problems.add(artifactId + ": its parent is not opskit-parent");
    }
    if (inherits && !version.equals(text(parentRef, "version"))) {
      problems.add(artifactId + ": its parent version is " + text(parentRef, "version"));
    }
    for (String own : List.of("artifactId", "name", "description")) {
      if (text(project, own).isBlank()) {
        problems.add(artifactId + ": the POM has no <" + own + ">");
      }
    }
    if (!artifactId.equals(text(project, "artifactId"))) {
      problems.add(artifactId + ": the POM says artifactId " + text(project, "artifactId"));
    }
    String v = text(project, "version");
    if (!(v.isEmpty() && inherits) && !version.equals(v)) {
      problems.add(artifactId + ": the POM says version '" + v + "'");
    }
    String[][] required = {
      {"groupId"}, {"url"}, {"licenses", "license", "name"}, {"licenses", "license", "url"},
      {"developers", "developer", "name"}, {"scm", "url"}, {"scm", "connection"}
    };
    for (String[] path : required) {
      String value = text(project, path);
      if (value.isBlank() && inherits && parentProject != null) {
        value = text(parentProject, path);
      }
      if (value.isBlank()) {
        problems.add(artifactId + ": no <" + String.join("><", path) + "> (own or inherited)");
      } else if (value.contains("${")) {
        problems.add(artifactId + ": <" + String.join("><", path) + "> is '" + value + "'");
      }
    }
  }

  private void checkJavadoc(String artifactId, byte[] javadoc) throws IOException {
    List<String> names = jarEntries(javadoc);
    if (!names.contains("index.html")) {
      problems.add(artifactId + ": the javadoc jar has no index.html");
    }
    for (String name : names) {
      if (name.matches("(.*/)?internal/.*")) {
        problems.add(artifactId + ": the javadoc jar documents an internal package: " + name);
        return;
      }
    }
  }

  private static List<String> jarEntries(byte[] jar) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }

  private static Map<String, byte[]> read(Path zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream raw = Files.newInputStream(zip);
        ZipInputStream in = new ZipInputStream(raw)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.isDirectory()) {
          entries.put(e.getName().replaceFirst("^\\./", ""), in.readAllBytes());
        }
      }
    }
    return entries;
  }

  private static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  private static String text(Element parent, String... path) {
    Element e = parent;
    for (String name : path) {
      e = e == null ? null : child(e, name);
    }
    return e == null ? "" : e.getTextContent().trim();
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    return null;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> list = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element element && element.getTagName().equals(name)) {
        list.add(element);
      }
    }
    return list;
  }
}
