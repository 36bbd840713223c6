package dev.opskit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The BOM must list every published module, so users import one BOM and name no versions. */
class BomTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Set<String> UNPUBLISHED =
      Set.of("opskit-bom", "opskit-test-support", "examples", "benchmarks");

  @Test
  void listsEveryPublishedModuleAtTheProjectVersion() throws Exception {
    Document parent = parse(ROOT.resolve("pom.xml"));
    Document bom = parse(ROOT.resolve("opskit-bom/pom.xml"));

    List<String> published = new ArrayList<>();
    for (String module : texts(parent.getDocumentElement(), "modules", "module")) {
      if (!UNPUBLISHED.contains(module)) {
        published.add(module);
      }
    }
    List<String> managed = new ArrayList<>();
    Element management = child(bom.getDocumentElement(), "dependencyManagement");
    NodeList dependencies = child(management, "dependencies").getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      assertThat(text(dependency, "groupId")).isEqualTo("dev.opskit");
      assertThat(text(dependency, "version")).isEqualTo("${project.version}");
      managed.add(text(dependency, "artifactId"));
    }

    assertThat(published).hasSize(4);
    assertThat(managed).containsExactlyInAnyOrderElementsOf(published);
    assertThat(text(bom.getDocumentElement(), "version"))
        .isEqualTo(text(parent.getDocumentElement(), "version"));
  }

  private static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile());
  }

  private static List<String> texts(Element parent, String list, String item) {
    NodeList nodes = child(parent, list).getElementsByTagName(item);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      values.add(nodes.item(i).getTextContent().trim());
    }
    return values;
  }

  private static String text(Element parent, String name) {
    return child(parent, name).getTextContent().trim();
  }

  private static Element child(Element parent, String name) {
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    throw new AssertionError("<" + parent.getTagName() + "> has no <" + name + ">");
  }
}
