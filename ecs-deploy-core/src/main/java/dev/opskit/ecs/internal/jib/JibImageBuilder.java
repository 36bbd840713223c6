package dev.opskit.ecs.internal.jib;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.opskit.ecs.image.ImageSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal to opskit; may change in any release. Builds an image with Jib core from a local base
 * image tar (see {@code BaseImageTar}) plus an {@link ImageSource#from(String)} source's files,
 * entrypoint, environment, working directory and user, and writes it as an OCI archive. Jib runs
 * offline: it reads the tar and writes the archive, and never reaches a registry (the publisher
 * pushes the archive with its own client). The only class that names Jib types.
 */
public final class JibImageBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(JibImageBuilder.class);

  private JibImageBuilder() {}

  /**
   * Builds the image.
   *
   * @param baseTar the base image as a {@code docker save}-style tar
   * @param source the files and settings
   * @param imageName the name written into the archive, such as the target reference
   * @param archive the OCI archive to write
   * @param cache a directory Jib may use for its layer caches (deleted by the caller)
   * @param executor the threads Jib runs on (the caller's, shut down by the caller)
   * @return the digest of the image's manifest
   * @throws IOException when Jib cannot read or write the files
   * @throws InterruptedException when interrupted
   * @throws IllegalStateException when Jib fails otherwise (its message kept)
   */
  public static String build(
      Path baseTar,
      ImageSource source,
      String imageName,
      Path archive,
      Path cache,
      ExecutorService executor)
      throws IOException, InterruptedException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("files");
    for (ImageSource.LayerFile f : source.files()) {
      layer.addEntryRecursive(
          f.source(), AbsoluteUnixPath.get(f.pathInImage()), JibImageBuilder::permissions);
    }
    JibContainerBuilder image = Jib.from(TarImage.at(baseTar)).setFormat(ImageFormat.OCI);
    if (!source.files().isEmpty()) {
      image.addFileEntriesLayer(layer.build());
    }
    if (!source.entrypoint().isEmpty()) {
      image.setEntrypoint(source.entrypoint());
    }
    source.env().forEach(image::addEnvironmentVariable);
    source.workingDirectory().ifPresent(d -> image.setWorkingDirectory(AbsoluteUnixPath.get(d)));
    source.user().ifPresent(image::setUser);
    try {
      Containerizer to =
          Containerizer.to(TarImage.at(archive).named(imageName))
              .setOfflineMode(true)
              .setExecutorService(executor)
              .setBaseImageLayersCache(cache.resolve("base"))
              .setApplicationLayersCache(cache.resolve("application"))
              .setToolName("opskit")
              .addEventHandler(LogEvent.class, JibImageBuilder::log);
      JibContainer built = image.containerize(to);
      return built.getDigest().toString();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(String.valueOf(cause.getMessage()), cause);
    } catch (com.google.cloud.tools.jib.api.RegistryException
        | com.google.cloud.tools.jib.api.CacheDirectoryCreationException
        | com.google.cloud.tools.jib.api.InvalidImageReferenceException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Keeps a file's POSIX permissions where the file system has them, else Jib's defaults. */
  private static FilePermissions permissions(Path file, AbsoluteUnixPath inImage) {
    try {
      return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(file));
    } catch (UnsupportedOperationException | IOException e) {
      return Files.isDirectory(file)
          ? FilePermissions.DEFAULT_FOLDER_PERMISSIONS
          : FilePermissions.DEFAULT_FILE_PERMISSIONS;
    }
  }

  private static void log(LogEvent e) {
    switch (e.getLevel()) {
      case ERROR, WARN -> LOG.warn("Jib: {}", e.getMessage());
      case LIFECYCLE, INFO -> LOG.debug("Jib: {}", e.getMessage());
      default -> LOG.trace("Jib: {}", e.getMessage());
    }
  }
}
