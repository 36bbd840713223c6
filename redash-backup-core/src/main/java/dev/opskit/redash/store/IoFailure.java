package dev.opskit.redash.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Why a file operation failed, and what to do about it, for the folder store's messages. The reason
 * comes from the exception's type ({@link AccessDeniedException}, {@link NoSuchFileException}, ...)
 * or, for the other {@link FileSystemException}s, from {@link FileSystemException#getReason()}: the
 * operating system's description of the error, such as {@code Read-only file system}. A plain
 * {@link IOException} (a failed write to an open file) carries that description as its message.
 */
final class IoFailure {
  private IoFailure() {}

  /**
   * Why an operation failed, in lower case: {@code permission denied}, {@code no such file or
   * directory}, {@code not a directory}, {@code read-only file system}, {@code no space left on
   * device}, ...
   */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "file exists";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    if (e instanceof FileSystemLoopException) {
      return "too many levels of symbolic links";
    }
    if (e instanceof FileSystemException fs) {
      return fs.getReason() == null ? "file system error" : lowerFirst(fs.getReason());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : lowerFirst(e.getMessage());
  }

  /**
   * The reason, the file it concerns and what to do, such as {@code permission denied
   * (/srv/backups/backup.lock); give the user running the backup write access to /srv/backups:
   * ...}.
   *
   * @param folder the store's folder, for the advice
   */
  static String describe(IOException e, Path folder) {
    String reason = reason(e);
    StringBuilder message = new StringBuilder(reason);
    String file = e instanceof FileSystemException fs ? fs.getFile() : null;
    if (file != null) {
      message.append(" (").append(file).append(')');
    }
    String advice = advice(e, reason, file, folder);
    if (advice != null) {
      message.append("; ").append(advice);
    }
    return message.toString();
  }

  private static @Nullable String advice(
      IOException e, String reason, @Nullable String file, Path folder) {
    if (e instanceof AccessDeniedException) {
      return "give the user running the backup write access to "
          + folder
          + " (make it the owner: chown <user> "
          + folder
          + " && chmod 700 "
          + folder
          + ")";
    }
    if (e instanceof NoSuchFileException) {
      return "check that "
          + folder
          + " exists (a network share may not be mounted); create it with mkdir -m 700 "
          + folder;
    }
    if (reason.equals("not a directory")) {
      Path blocker = file == null ? null : firstRegularFile(Path.of(file));
      return (blocker == null ? "a part of the path" : blocker + " is a file")
          + " where a folder is expected; move it away or point the store at another folder";
    }
    if (reason.equals("read-only file system")) {
      return "remount the file system of " + folder + " read-write, or use a writable folder";
    }
    if (reason.equals("no space left on device") || reason.equals("disk quota exceeded")) {
      return "free space on the file system of "
          + folder
          + " (prune deletes old backups), or use a folder with room";
    }
    return null;
  }

  /** The path itself or its nearest ancestor that is a regular file, if any. */
  private static @Nullable Path firstRegularFile(Path path) {
    for (Path p = path; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private static String lowerFirst(String s) {
    // "No space left on device" reads better mid-sentence; "SSL ..." and the like stay as they are.
    if (s.length() > 1
        && Character.isUpperCase(s.charAt(0))
        && Character.isLowerCase(s.charAt(1))) {
      return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
    return s;
  }
}
