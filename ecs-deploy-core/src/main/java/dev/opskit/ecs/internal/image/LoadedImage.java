package dev.opskit.ecs.internal.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Internal to opskit; may change in any release. An image read from disk, ready to publish; {@link
 * #close()} deletes the temporary files a {@code docker save} conversion wrote.
 *
 * @param manifest the top manifest (an image manifest or an index)
 * @param converted true when the manifest was written here (its digest is new)
 * @param temporary the directory of temporary files, or null
 */
public record LoadedImage(ImageManifest manifest, boolean converted, @Nullable Path temporary)
    implements AutoCloseable {

  /** Deletes the temporary files, if any. */
  @Override
  public void close() {
    if (temporary == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(temporary)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: temporary files
    }
  }
}
