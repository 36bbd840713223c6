package dev.opskit.ecs.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Jib core is an optional dependency: in a class loader without it, publishing an archive works (so
 * nothing on that path touches a Jib class) and {@link ImageSource#from(String)} fails with a
 * message naming the artifact and version to add.
 */
class JibIsOptionalTest {
  @Test
  void archivesPublishWithoutJibAndFromBaseNamesTheArtifactToAdd() throws Exception {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.contains("/com/google/cloud/tools/jib")) {
        left.add(entry);
      } else if (!entry.isBlank()) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    assertThat(left).as("jib-core is on the test class path, and left out here").isNotEmpty();
    assertThat(urls).anyMatch(u -> u.getPath().endsWith("ecs-deploy-core/target/classes/"));

    List<?> result;
    try (URLClassLoader withoutJib =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Callable<?> run =
          (Callable<?>)
              withoutJib
                  .loadClass(WithoutJib.class.getName())
                  .getDeclaredConstructor()
                  .newInstance();
      result = (List<?>) run.call();
    }

    assertThat(result.get(1)).as("the archive was published").isEqualTo(result.get(0));
    assertThat(result.get(2)).isEqualTo("MISSING_DEPENDENCY");
    assertThat(result.get(3))
        .asString()
        .startsWith("ImageSource.from(")
        .endsWith(
            ") builds the image with Jib core, which is not on the classpath: add the dependency"
                + " com.google.cloud.tools:jib-core:0.28.1 (optional in"
                + " dev.opskit:ecs-deploy-core)");
    assertThat(result.get(5)).isEqualTo("no Jib");
  }

  @Test
  void theVersionNamedIsTheOneOnTheClassPath() throws Exception {
    String jar =
        Class.forName("com.google.cloud.tools.jib.api.Jib")
            .getProtectionDomain()
            .getCodeSource()
            .getLocation()
            .getPath();
    assertThat(jar)
        .endsWith("/jib-core-" + dev.opskit.ecs.internal.jib.JibDependency.VERSION + ".jar");
  }
}
