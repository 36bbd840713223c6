package dev.opskit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.testing.leaks.AllowLeak;
import dev.opskit.testing.leaks.LeakKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Java snippet in the README pastes into JShell: read line by line, as JShell reads a paste,
 * it splits into whole statements, none of which starts with a dot (a chain JShell ran half of).
 */
@AllowLeak(
    kind = LeakKind.THREAD,
    matching = "^\"Thread-\\d+\" \\(WAITING, daemon\\)",
    reason =
        "JShell's SourceCodeAnalysisImpl keeps a static, unnamed, daemon indexer pool"
            + " (INDEXER) for the JVM's lifetime; JShell.close() does not stop it")
class ReadmeSnippetsTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

  @TestFactory
  Stream<DynamicTest> readmeSnippetsPasteIntoJShell() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    List<DynamicTest> tests = new ArrayList<>();
    Matcher block = JAVA_BLOCK.matcher(readme);
    while (block.find()) {
      String code = block.group(1);
      int line = readme.substring(0, block.start()).split("\n", -1).length;
      tests.add(
          DynamicTest.dynamicTest(
              "README.md:" + line,
              () -> {
                List<String> statements = new ArrayList<>();
                String left = splitAsJShellReads(code, statements);
                assertThat(left).as("an unfinished statement at the end").isBlank();
                assertThat(statements)
                    .as("statements JShell would run one by one")
                    .isNotEmpty()
                    .noneMatch(statement -> statement.stripLeading().startsWith("."));
              }));
    }
    assertThat(tests).hasSizeGreaterThan(5);
    return tests.stream();
  }

  /** Feeds the code to JShell's own analysis a line at a time; returns what is left unfinished. */
  private static String splitAsJShellReads(String code, List<String> statements) {
    try (JShell shell = JShell.builder().executionEngine("local").build()) {
      SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
      String pending = "";
      for (String line : code.split("\n", -1)) {
        pending = pending.isEmpty() ? line : pending + "\n" + line;
        while (!pending.isBlank()) {
          SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(pending);
          if (info.completeness() == Completeness.EMPTY) {
            pending = "";
          } else if (info.completeness().isComplete()) {
            statements.add(info.source());
            pending = info.remaining();
          } else {
            break;
          }
        }
      }
      return pending;
    }
  }
}
