package dev.opskit.redash.store;

import dev.opskit.redash.BackupStore;
import dev.opskit.redash.BackupStoreException;
import dev.opskit.redash.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BackupStore} in a local or mounted folder.
 *
 * <p><b>The folder must exist</b> when the store is built, and the store never creates it: on a
 * network share that is not mounted, creating it would put backups on the local disk under the
 * mount point (and listing it would report "no backups"). Point the store at a folder inside the
 * share, not at the mount point itself. The constructor (and so {@link
 * BackupStore#directory(Path)}) throws {@link IllegalArgumentException} when the path does not
 * exist or is not a folder; {@link #write}, {@link #writeIfAbsent}, {@link #read}, {@link #list},
 * {@link #incompleteWrites} and {@link #abortIncompleteWrites} throw {@link BackupStoreException}
 * when the folder has gone since. Both messages say how to create it ({@code mkdir -m 700
 * <folder>}). Writes do create the sub-folders of an object's name inside the folder, such as
 * {@code prod/} for {@code prod/redash-<time>.sql.gz}. {@link #delete} in a missing folder does
 * nothing, as for any missing object.
 *
 * <p><b>Only the owner can read a backup</b>: they hold password hashes, API keys and encrypted
 * data-source options. Every file the store creates is {@code 0600} and every folder {@code 0700},
 * set when it is created, never changed afterwards (the process's umask can only narrow these). A
 * store folder that its group or everyone can write to is logged as a warning, once, when the store
 * is built.
 *
 * <p><b>No object is ever half-written or replaced</b>: each write goes to a file of its own,
 * {@code <name>.partial-<random UUID>}, is forced to disk, then takes the object's name with a hard
 * link only if no object of that name exists (where the file system has no hard links, a rename
 * that refuses an existing name), and the folder is forced to disk. Writers of one name racing in
 * one JVM or several get exactly one winner; the others get {@code false} from {@link
 * #writeIfAbsent} or an "already exists" {@link BackupStoreException} from {@link #write}. Partial
 * files a crash left behind are {@link #incompleteWrites}.
 *
 * <p>Failures say what failed, where, why (permission denied, no such file or directory, not a
 * directory, read-only file system, no space left on device, ...) and what to do.
 */
public final class DirectoryBackupStore implements BackupStore {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryBackupStore.class);
  static final String PARTIAL = ".partial";
  private static final int REPORT_EVERY = 1024 * 1024;
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> FOLDER_MODE =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<OpenOption> CREATE_NEW =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  private final Path directory;
  private final FileAttribute<?>[] fileMode;
  private final FileAttribute<?>[] folderMode;

  /**
   * Creates a store in an existing folder.
   *
   * @param directory the folder; it must exist, the store never creates it
   * @throws IllegalArgumentException when the folder does not exist or is not a folder; the message
   *     says how to create it
   */
  public DirectoryBackupStore(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    String problem = folderProblem(this.directory);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    boolean posix = this.directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    this.fileMode =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
            : new FileAttribute<?>[0];
    this.folderMode =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FOLDER_MODE)}
            : new FileAttribute<?>[0];
    if (posix) {
      warnIfOthersCanWrite(this.directory);
    }
  }

  /** What makes the folder unusable as a store, or null: missing, not a folder, unreachable. */
  private static @Nullable String folderProblem(Path directory) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(directory, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return "the backup folder "
          + directory
          + " does not exist: if it is on a network share, the share may not be mounted (mount it;"
          + " the store never creates the folder, so backups cannot land on the local disk under"
          + " the mount point); otherwise create it with mkdir -m 700 "
          + directory;
    } catch (IOException e) {
      return "the backup folder "
          + directory
          + " cannot be used: "
          + IoFailure.describe(e, directory);
    }
    if (!attributes.isDirectory()) {
      return "the backup folder "
          + directory
          + " is not a directory (it is a file); point the store at a folder, or move the file"
          + " away and create the folder with mkdir -m 700 "
          + directory;
    }
    return null;
  }

  /** Throws when the folder has gone (an unmounted share) or was replaced by a file. */
  private void requireFolder() {
    String problem = folderProblem(directory);
    if (problem != null) {
      throw new BackupStoreException(problem);
    }
  }

  private static void warnIfOthersCanWrite(Path directory) {
    Set<PosixFilePermission> mode;
    try {
      mode = Files.getPosixFilePermissions(directory);
    } catch (IOException | RuntimeException e) {
      return;
    }
    List<String> writers = new ArrayList<>();
    if (mode.contains(PosixFilePermission.GROUP_WRITE)) {
      writers.add("its group");
    }
    if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
      writers.add("every user");
    }
    if (!writers.isEmpty()) {
      LOG.warn(
          "the backup folder {} is writable by {} ({}): they can delete or replace backups;"
              + " make it its owner's alone with chmod 700 {}",
          directory,
          String.join(" and ", writers),
          PosixFilePermissions.toString(mode),
          directory);
    }
  }

  private Path resolve(String name) {
    Path path = directory.resolve(name).normalize();
    if (!path.startsWith(directory) || name.isEmpty()) {
      throw new IllegalArgumentException("object name escapes the store: " + name);
    }
    return path;
  }

  /** A name of its own for one write of {@code target}: {@code <target>.partial-<uuid>}. */
  private static Path partialOf(Path target) {
    return target.resolveSibling(target.getFileName() + PARTIAL + "-" + UUID.randomUUID());
  }

  /**
   * Creates the missing folders between the store's folder and {@code target}, owner-only; never
   * the store's folder itself.
   */
  private void createParents(Path target) throws IOException {
    Path folder = directory;
    for (Path part : directory.relativize(target.getParent())) {
      folder = folder.resolve(part);
      try {
        Files.createDirectory(folder, folderMode);
        syncFolder(folder.getParent());
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(folder)) {
          throw new NotDirectoryException(folder.toString());
        }
      }
    }
  }

  /**
   * Gives the complete file {@code partial} the name {@code target} unless an object of that name
   * exists: a hard link fails when the target exists, an atomic create-if-absent of the full
   * content. Where the file system has no hard links, a rename that refuses an existing target.
   *
   * @return true when {@code target} was created, false when it existed
   */
  private static boolean publish(Path partial, Path target) throws IOException {
    try {
      Files.createLink(target, partial);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException e) {
      // No hard links here (some network file systems): move without REPLACE_EXISTING.
      try {
        Files.move(partial, target);
        return true;
      } catch (FileAlreadyExistsException exists) {
        return false;
      }
    }
  }

  /** Forces a folder's entries to disk after a link or rename; not every platform can. */
  private static void syncFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      // Windows cannot open a folder; the link or rename is atomic all the same.
    }
  }

  @Override
  public long write(String name, InputStream content, LongConsumer progress) {
    Path target = resolve(name);
    Path partial = partialOf(target);
    long written = 0;
    try {
      requireFolder();
      createParents(target);
      if (Files.exists(target)) {
        throw new BackupStoreException(location() + name + " already exists");
      }
      try (FileChannel channel = FileChannel.open(partial, CREATE_NEW, fileMode);
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
      if (!publish(partial, target)) {
        throw new BackupStoreException(location() + name + " already exists");
      }
      deleteQuietly(partial);
      syncFolder(target.getParent());
      progress.accept(written);
      return written;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(partial);
      if (e instanceof BackupStoreException b) {
        throw b;
      }
      throw new BackupStoreException(
          "writing "
              + location()
              + name
              + " failed after "
              + written
              + " bytes: "
              + (e instanceof IOException io ? IoFailure.describe(io, directory) : e.getMessage()),
          e);
    }
  }

  /** Writes a small object's bytes to its own partial file, forced to disk, owner-only. */
  private void writeSmall(Path target, Path partial, byte[] content) throws IOException {
    requireFolder();
    createParents(target);
    try (FileChannel channel = FileChannel.open(partial, CREATE_NEW, fileMode)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  @Override
  public boolean writeIfAbsent(String name, byte[] content) {
    Path target = resolve(name);
    Path partial = partialOf(target);
    try {
      writeSmall(target, partial, content);
      boolean created = publish(partial, target);
      if (created) {
        syncFolder(target.getParent());
      }
      return created;
    } catch (IOException e) {
      throw new BackupStoreException(
          "writing " + location() + name + " failed: " + IoFailure.describe(e, directory), e);
    } finally {
      deleteQuietly(partial);
    }
  }

  @Override
  public InputStream read(String name) {
    try {
      return Files.newInputStream(resolve(name));
    } catch (NoSuchFileException e) {
      requireFolder();
      throw new BackupStoreException(location() + name + " does not exist", e);
    } catch (IOException e) {
      requireFolder();
      throw new BackupStoreException(
          "reading " + location() + name + " failed: " + IoFailure.describe(e, directory), e);
    }
  }

  @Override
  public List<StoredObject> list() {
    return listFiles(false);
  }

  private List<StoredObject> listFiles(boolean partials) {
    requireFolder();
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
      throw new BackupStoreException(
          "listing " + location() + " failed: " + IoFailure.describe(e, directory), e);
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
          "deleting " + location() + name + " failed: " + IoFailure.describe(e, directory), e);
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

  /**
   * The object a partial file was writing: its name without {@code .partial[-<uuid>]} (or the
   * {@code -<pid>} of files an older version left).
   */
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
    Path partial = partialOf(target);
    try {
      writeSmall(target, partial, content);
      // A rename over the old file: readers see the old content or the new, never a mix.
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncFolder(target.getParent());
    } catch (IOException e) {
      throw new BackupStoreException(
          "writing " + location() + name + " failed: " + IoFailure.describe(e, directory), e);
    } finally {
      deleteQuietly(partial);
    }
  }

  @Override
  public java.util.Optional<StoredObject> stat(String name) {
    Path path = resolve(name);
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return java.util.Optional.of(
          new StoredObject(name, attributes.size(), attributes.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      requireFolder();
      return java.util.Optional.empty();
    } catch (IOException e) {
      throw new BackupStoreException(
          "reading the attributes of "
              + location()
              + name
              + " failed: "
              + IoFailure.describe(e, directory),
          e);
    }
  }

  @Override
  public String toString() {
    return "DirectoryBackupStore[" + directory + "]";
  }
}
