package dev.opskit.schemadiff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.opskit.testing.data.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cases of sqldef's MySQL test corpus in {@code ../shared/sqldef-mysql-tests}, in file order.
 */
final class SqldefCases {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private SqldefCases() {}

  /**
   * One case.
   *
   * @param name {@code <file>/<case>}
   * @param spec the case's YAML (current, desired, up, down, flavor, ...)
   */
  record SqldefCase(String name, JsonNode spec) {
    String flavor() {
      return spec.path("flavor").asText("");
    }
  }

  /**
   * Every case of every file, sorted by file; skips (or, with CI=true, fails) when the corpus is
   * absent.
   *
   * @return the cases
   * @throws IOException when a file cannot be read
   */
  static List<SqldefCase> all() throws IOException {
    Path corpus = SharedData.directory("sqldef-mysql-tests");
    List<SqldefCase> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        JsonNode specs = YAML.readTree(file.toFile());
        String prefix = file.getFileName().toString().replace(".yml", "") + "/";
        for (Iterator<Map.Entry<String, JsonNode>> it = specs.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          cases.add(new SqldefCase(prefix + entry.getKey(), entry.getValue()));
        }
      }
    }
    return cases;
  }
}
