package dev.opskit.ecs.image;

import dev.opskit.ecs.image.ScriptedRegistry.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Runs inside a class loader that has everything on the test classpath except Jib (see {@link
 * JibIsOptionalTest}): publishes an archive, then tries {@link ImageSource#from(String)}. Returns
 * plain strings, which cross class loaders.
 */
public final class WithoutJib implements Callable<List<String>> {
  @Override
  public List<String> call() throws IOException {
    Path dir = Files.createTempDirectory("opskit-without-jib-");
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            r -> {
              if (r.method().equals("HEAD")) {
                return Response.of(404, "");
              }
              if (r.method().equals("POST")) {
                return Response.of(202, "", "Location", "/v2/app/blobs/uploads/s");
              }
              if (r.method().equals("PATCH")) {
                return Response.of(202, "", "Location", "/v2/app/blobs/uploads/s?_state=1");
              }
              return Response.of(r.method().equals("PUT") ? 201 : 200, "");
            })) {
      TestImages.Written image =
          TestImages.ociLayout(dir.resolve("layout"), "v1", TestImages.random(new Random(3), 500));
      ImagePublisher publisher = ImagePublisher.builder().allowInsecureRegistries(true).build();
      ImageReference pushed =
          publisher.publish(
              ImageSource.ociLayout(dir.resolve("layout")), registry.host() + "/app:v1");

      ImagePublishException missing;
      try {
        publisher.publish(
            ImageSource.from(registry.host() + "/base:1")
                .addFile(dir.resolve("layout/index.json"), "/app/index.json")
                .build(),
            registry.host() + "/app:v2");
        throw new AssertionError("ImageSource.from published without Jib");
      } catch (ImagePublishException e) {
        missing = e;
      }
      String jib;
      try {
        Class.forName("com.google.cloud.tools.jib.api.Jib", false, getClass().getClassLoader());
        jib = "Jib is on this class path";
      } catch (ClassNotFoundException e) {
        jib = "no Jib";
      }
      return List.of(
          image.digest(),
          pushed.digest(),
          missing.kind().name(),
          missing.getMessage(),
          String.valueOf(registry.requests.size()),
          jib);
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
