package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.opskit.redash.fixture.FolderOnlyMain;
import dev.opskit.redash.fixture.RedashFixture;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS SDK and zstd-jni are optional dependencies: a user who backs up to a folder with GZIP has
 * neither. This runs {@link FolderOnlyMain} in a child JVM whose class path holds only the module's
 * classes, its required dependencies' jars and that one test class, against the local PostgreSQL:
 * the backup must work, and {@link Compression#ZSTD} must say which artifact to add.
 */
class FolderOnlyClasspathIT {
  /**
   * The jars a folder-only user has besides this module, by a class of each: PostgreSQL's JDBC
   * driver, Jackson (core, databind, annotations), SLF4J's API and JSpecify.
   */
  private static final List<String> REQUIRED_JARS =
      List.of(
          "org.postgresql.Driver",
          "com.fasterxml.jackson.core.JsonFactory",
          "com.fasterxml.jackson.databind.ObjectMapper",
          "com.fasterxml.jackson.annotation.JsonProperty",
          "org.slf4j.Logger",
          "org.jspecify.annotations.NullMarked");

  private final TestDatabase db;
  @TempDir Path dir;

  FolderOnlyClasspathIT(@Postgres TestDatabase db) {
    this.db = db;
  }

  @Test
  void aFolderGzipBackupRunsWithoutTheAwsSdkAndZstdNamesTheMissingArtifact() throws Exception {
    RedashFixture.load(db);
    List<String> classPath = new ArrayList<>();
    classPath.add(codeSource(BackupStore.class).toString());
    classPath.add(copyOfTheMainClass().toString());
    classPath.addAll(requiredJars());
    assertThat(classPath)
        .as("the child's class path")
        .hasSize(2 + REQUIRED_JARS.size())
        .noneMatch(entry -> entry.contains("awssdk"))
        .noneMatch(entry -> entry.contains("zstd"))
        .noneMatch(entry -> entry.contains("netty"))
        .noneMatch(entry -> entry.contains("test-classes"));

    Path out = dir.resolve("child.out");
    Path err = dir.resolve("child.err");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            String.join(File.pathSeparator, classPath),
            FolderOnlyMain.class.getName(),
            db.jdbcUrl(),
            db.user(),
            dir.resolve("store").toString(),
            db.password());
    Process child =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!child.waitFor(120, TimeUnit.SECONDS)) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("the child JVM did not finish in 120 s; its output:%n%s", output(out, err));
    }

    assertThat(child.exitValue()).as("exit status; output:%n%s", output(out, err)).isZero();
    Map<String, List<String>> lines = keyed(out);
    assertThat(lines.get("s3 present")).containsExactly("false");
    assertThat(lines.get("zstd present")).containsExactly("false");
    assertThat(lines.get("backup")).singleElement().asString().endsWith(".gz");
    assertThat(lines.get("listed")).isEqualTo(lines.get("backup"));
    assertThat(lines.get("zstd backup"))
        .singleElement()
        .asString()
        .contains("Compression.ZSTD needs zstd-jni")
        .contains("com.github.luben:zstd-jni");
    assertThat(lines.get("zstd restore"))
        .singleElement()
        .asString()
        .startsWith(IllegalStateException.class.getName())
        .contains("com.github.luben:zstd-jni");
    assertThat(lines.get("listed after zstd")).containsExactly("1");
  }

  /** The jars of the module's required dependencies, where this JVM loads them from. */
  private static List<String> requiredJars() throws ReflectiveOperationException {
    List<String> jars = new ArrayList<>();
    for (String className : REQUIRED_JARS) {
      Path jar =
          codeSource(Class.forName(className, false, FolderOnlyClasspathIT.class.getClassLoader()));
      assertThat(jar.getFileName().toString())
          .as("where %s comes from", className)
          .endsWith(".jar");
      jars.add(jar.toString());
    }
    return jars;
  }

  /** A folder holding only {@link FolderOnlyMain}'s class file, so no other test class is seen. */
  private Path copyOfTheMainClass() throws IOException {
    String file = FolderOnlyMain.class.getName().replace('.', '/') + ".class";
    Path target = dir.resolve("main-class").resolve(file);
    Files.createDirectories(target.getParent());
    Files.copy(codeSource(FolderOnlyMain.class).resolve(file), target);
    return dir.resolve("main-class");
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, List<String>> keyed(Path out) throws IOException {
    Map<String, List<String>> lines = new LinkedHashMap<>();
    try (Stream<String> all = Files.lines(out, StandardCharsets.UTF_8)) {
      all.filter(line -> line.contains(": "))
          .forEach(
              line -> {
                int colon = line.indexOf(": ");
                lines
                    .computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>())
                    .add(line.substring(colon + 2));
              });
    }
    return lines;
  }

  private static String output(Path out, Path err) throws IOException {
    return "stdout:\n"
        + Files.readString(out, StandardCharsets.UTF_8)
        + "\nstderr:\n"
        + Files.readString(err, StandardCharsets.UTF_8);
  }
}
