package dev.opskit.ecs.image;

import dev.opskit.ecs.image.ImagePublishEvent.Kind;
import dev.opskit.ecs.internal.DaemonThreads;
import dev.opskit.ecs.internal.image.BaseImageTar;
import dev.opskit.ecs.internal.image.RegistryClient;
import dev.opskit.ecs.internal.jib.JibDependency;
import dev.opskit.ecs.internal.jib.JibImageBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publish of an {@link ImageSource#from(String)} source: pull the base with the publisher's
 * credentials into a temporary tar, build the image with Jib into a temporary OCI archive, publish
 * that archive, delete both. The base's blobs are remembered as being in its repository, so in the
 * same registry they are mounted, not uploaded.
 */
final class ImageBuild {
  private static final Logger LOG = LoggerFactory.getLogger(ImageBuild.class);
  private static final String DOCKER_HUB = "registry-1.docker.io";
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private final ImagePublisher publisher;
  private final ImageSource source;
  private final ImageReference target;
  private final String registry;

  ImageBuild(ImagePublisher publisher, ImageSource source, ImageReference target, String registry) {
    this.publisher = publisher;
    this.source = source;
    this.target = target;
    this.registry = registry;
  }

  ImageReference run() {
    if (!JibDependency.present()) {
      throw new ImagePublishException(
          ImagePublishException.Kind.MISSING_DEPENDENCY,
          registry,
          target.repository(),
          null,
          0,
          "ImageSource.from("
              + source.base().orElse("")
              + ") builds the image with Jib core, which is not on the classpath: add the"
              + " dependency "
              + JibDependency.ARTIFACT
              + ":"
              + JibDependency.VERSION
              + " (optional in dev.opskit:ecs-deploy-core)",
          null);
    }
    ImageReference base = ImageReference.parse(source.base().orElseThrow());
    String baseRegistry = base.registry() == null ? DOCKER_HUB : base.registry();
    String baseRepository =
        base.registry() == null && !base.repository().contains("/")
            ? "library/" + base.repository()
            : base.repository();
    String baseReference =
        base.digest() != null ? base.digest() : base.tag() != null ? base.tag() : "latest";
    Path work;
    try {
      work = Files.createTempDirectory("opskit-image-build-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
    try {
      BaseImageTar.Pulled pulled;
      ImageReference baseTarget =
          new ImageReference(baseRegistry, baseRepository, base.tag(), base.digest());
      try (RegistryClient client = publisher.client(baseTarget, baseRegistry)) {
        client.login(baseRepository, List.of("repository:" + baseRepository + ":pull"));
        pulled =
            BaseImageTar.pull(
                client, baseRegistry, baseRepository, baseReference, work.resolve("base.tar"));
      }
      publisher.emit(
          Kind.BASE_PULLED,
          baseRepository,
          pulled.digest(),
          pulled.mediaType(),
          size(pulled.tar()));
      if (baseRegistry.equalsIgnoreCase(registry)) {
        pulled.blobs().forEach(d -> publisher.remember(registry, d, baseRepository));
      }
      Path archive = work.resolve("image.tar");
      String digest = build(pulled.tar(), archive, work.resolve("cache"));
      publisher.emit(Kind.IMAGE_BUILT, target.repository(), digest, OCI_MANIFEST, size(archive));
      LOG.info("Built {} on {} ({})", source, base, digest);
      return publisher.publish(ImageSource.ociArchive(archive), target);
    } finally {
      delete(work);
    }
  }

  private String build(Path baseTar, Path archive, Path cache) {
    // Jib's steps wait on one another in the same pool, so a fixed-size one can deadlock; this
    // one grows with the steps of one build (a few per layer) and is shut down right after.
    ExecutorService pool = Executors.newCachedThreadPool(DaemonThreads.named("opskit-image-build"));
    String name =
        registry
            + "/"
            + target.repository()
            + ":"
            + (target.tag() == null ? "latest" : target.tag());
    try {
      return JibImageBuilder.build(baseTar, source, name, archive, cache, pool);
    } catch (IOException | IllegalStateException e) {
      throw new ImagePublishException(
          ImagePublishException.Kind.INVALID_IMAGE,
          registry,
          target.repository(),
          null,
          0,
          "Jib could not build " + source + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImagePublishException(
          ImagePublishException.Kind.INTERRUPTED,
          registry,
          target.repository(),
          null,
          0,
          "interrupted while building " + source + "; nothing was published",
          e);
    } finally {
      pool.shutdownNow();
      try {
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("Jib's build threads did not stop within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("Could not delete {}: {}", dir, e.toString());
    }
  }
}
