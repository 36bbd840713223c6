package dev.opskit.redash.store;

import dev.opskit.redash.BackupStore;
import dev.opskit.redash.BackupStoreException;
import dev.opskit.redash.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * A {@link BackupStore} in a local folder. Objects are written under a {@code .partial} name,
 * forced to disk and renamed atomically, so a crash or a full disk never leaves a file under its
 * final name.
 */
public final class DirectoryBackupStore implements BackupStore {
  static final String PARTIAL = ".partial";
  private static final int REPORT_EVERY = 1024 * 1024;

  private final Path directory;

  /**
   * Creates a store in a folder.
   *
   * @param directory the folder; created on first write if missing
   */
  public DirectoryBackupStore(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
  }

  private Path resolve(String name) {
    Path path = directory.resolve(name).normalize();
    if (!path.startsWith(directory) || name.isEmpty()) {
      throw new IllegalArgumentException("object name escapes the store: " + name);
    }
    return path;
  }

  @Override
  public long write(String name, InputStream content, LongConsumer progress) {
    Path target = resolve(name);
    Path partial = target.resolveSibling(target.getFileName() + PARTIAL);
    long written = 0;
    try {
      Files.createDirectories(target.getParent());
      if (Files.exists(target)) {
        throw new BackupStoreException(location() + name + " already exists");
      }
      try (FileChannel channel =
              FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        byte[] buffer = new byte[256 * 1024];
        long reported = 0;
        int n;
        while ((n = content.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          written += n;
          if (written - reported >= REPORT_EVERY) {
            progress.accept(written);
            reported = written;
          }
        }
        channel.force(true);
      }
      moveAtomically(partial, target);
      progress.accept(written);
      return written;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(partial);
      if (e instanceof BackupStoreException b) {
        throw b;
      }
      throw new BackupStoreException(
          "writing " + location() + name + " failed after " + written + " bytes: " + e.getMessage(),
          e);
    }
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  @Override
  public boolean writeIfAbsent(String name, byte[] content) {
    Path target = resolve(name);
    Path partial =
        target.resolveSibling(target.getFileName() + PARTIAL + "-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(target.getParent());
      Files.write(
          partial,
          content,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE,
          StandardOpenOption.SYNC);
      try {
        // A hard link fails when the target exists: an atomic create-if-absent with full content.
        Files.createLink(target, partial);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException e) {
        try {
          Files.move(partial, target);
          return true;
        } catch (FileAlreadyExistsException exists) {
          return false;
        }
      }
    } catch (IOException e) {
      throw new BackupStoreException(
          "writing " + location() + name + " failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(partial);
    }
  }

  @Override
  public InputStream read(String name) {
    try {
      return Files.newInputStream(resolve(name));
    } catch (NoSuchFileException e) {
      throw new BackupStoreException(location() + name + " does not exist", e);
    } catch (IOException e) {
      throw new BackupStoreException(
          "reading " + location() + name + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<StoredObject> list() {
    return listFiles(false);
  }

  private List<StoredObject> listFiles(boolean partials) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<StoredObject> objects = new ArrayList<>();
    try {
      Files.walkFileTree(
          directory,
          new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(
                Path file, java.nio.file.attribute.BasicFileAttributes attributes) {
              String name = directory.relativize(file).toString().replace('\\', '/');
              if (attributes.isRegularFile() && name.contains(PARTIAL) == partials) {
                objects.add(
                    new StoredObject(
                        name, attributes.size(), attributes.lastModifiedTime().toInstant()));
              }
              return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e)
                throws IOException {
              if (e instanceof NoSuchFileException) {
                // Deleted while listing (another run's lock, say): it is not there any more.
                return java.nio.file.FileVisitResult.CONTINUE;
              }
              throw e;
            }
          });
    } catch (IOException e) {
      throw new BackupStoreException("listing " + location() + " failed: " + e.getMessage(), e);
    }
    objects.sort(java.util.Comparator.comparing(StoredObject::name));
    return objects;
  }

  @Override
  public void delete(String name) {
    try {
      Files.deleteIfExists(resolve(name));
    } catch (IOException e) {
      throw new BackupStoreException(
          "deleting " + location() + name + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> incompleteWrites() {
    return listFiles(true).stream().map(o -> objectOf(o.name())).toList();
  }

  @Override
  public void abortIncompleteWrites(Predicate<String> names) {
    for (StoredObject partial : listFiles(true)) {
      if (names.test(objectOf(partial.name()))) {
        delete(partial.name());
      }
    }
  }

  /** The object a partial file was writing: its name without {@code .partial[-pid]}. */
  private static String objectOf(String partialName) {
    return partialName.substring(0, partialName.lastIndexOf(PARTIAL));
  }

  @Override
  public String location() {
    return directory + java.io.File.separator;
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Left for prune, which removes partial files.
    }
  }

  @Override
  public void replace(String name, byte[] content) {
    Path target = resolve(name);
    Path temporary =
        target.resolveSibling(target.getFileName() + PARTIAL + "-" + java.util.UUID.randomUUID());
    try {
      Files.createDirectories(target.getParent());
      Files.write(
          temporary,
          content,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE,
          StandardOpenOption.SYNC);
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new BackupStoreException(
          "writing " + location() + name + " failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(temporary);
    }
  }

  @Override
  public java.util.Optional<StoredObject> stat(String name) {
    Path path = resolve(name);
    try {
      java.nio.file.attribute.BasicFileAttributes attributes =
          Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
      return java.util.Optional.of(
          new StoredObject(name, attributes.size(), attributes.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return java.util.Optional.empty();
    } catch (IOException e) {
      throw new BackupStoreException(
          "reading the attributes of " + location() + name + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "DirectoryBackupStore[" + directory + "]";
  }
}
