package dev.opskit.testing.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * Checks what a module publishes: its jar, with {@code Automatic-Module-Name}, and the sources and
 * javadoc jars beside it. Call it from an integration test: Failsafe runs after {@code package} and
 * puts the module's jar, not its classes folder, on the test class path.
 */
public final class ModuleJar {
  private ModuleJar() {}

  /**
   * Checks the packaged jars of the module whose root package is given.
   *
   * @param rootPackage the module's root package, such as {@code dev.opskit.ecs}
   * @throws AssertionError naming what is missing
   */
  public static void assertPublishable(String rootPackage) {
    Path jar = jarOf(rootPackage);
    String packagePath = rootPackage.replace('.', '/');
    assertThat(jar.getFileName().toString())
        .as("the module's classes come from its packaged jar")
        .endsWith(".jar");
    try (JarFile classes = new JarFile(jar.toFile())) {
      assertThat(classes.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .as("Automatic-Module-Name of %s", jar.getFileName())
          .isEqualTo(rootPackage);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String base = jar.getFileName().toString().replaceFirst("\\.jar$", "");
    assertJarHolds(jar.resolveSibling(base + "-sources.jar"), packagePath + "/package-info.java");
    assertJarHolds(
        jar.resolveSibling(base + "-javadoc.jar"), packagePath + "/package-summary.html");
  }

  private static Path jarOf(String rootPackage) {
    try {
      Class<?> packageInfo = Class.forName(rootPackage + ".package-info");
      return Path.of(packageInfo.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(rootPackage + " has no package-info class on the class path", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertJarHolds(Path jar, String entry) {
    assertThat(jar).as("%s is built", jar.getFileName()).isRegularFile();
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getEntry(entry)).as("%s in %s", entry, jar.getFileName()).isNotNull();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
