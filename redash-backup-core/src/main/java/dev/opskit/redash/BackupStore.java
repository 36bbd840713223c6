package dev.opskit.redash;

import dev.opskit.redash.store.DirectoryBackupStore;
import dev.opskit.redash.store.S3BackupStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Where backups live: an S3 bucket (or S3-compatible store) under a prefix, or a folder. Object
 * names are relative to the prefix or folder.
 *
 * <p>Implementations guarantee that {@link #write} makes an object visible only when its content
 * ended without error, and that {@link #writeIfAbsent} never replaces an object.
 */
public interface BackupStore {

  /**
   * A store in an S3 bucket, with default options; see {@link S3BackupStore#builder()} for SSE-KMS,
   * storage class and checksums. Needs {@code software.amazon.awssdk:s3}, an optional dependency of
   * this module, in your build; {@link #directory} does not.
   *
   * @param client an S3 client with multipart enabled ({@code S3AsyncClient.builder()
   *     .multipartEnabled(true)}), or the CRT client; its multipart configuration sets the part
   *     size, and any other client is refused here
   * @param bucket the bucket
   * @param prefix the key prefix, such as {@code redash/}; may be empty
   * @return the store
   */
  static BackupStore s3(S3AsyncClient client, String bucket, String prefix) {
    return S3BackupStore.builder().client(client).bucket(bucket).prefix(prefix).build();
  }

  /**
   * A store in an existing local or mounted folder, which it never creates (a missing folder may be
   * an unmounted share); files 0600, folders 0700. See {@link DirectoryBackupStore}.
   *
   * @param directory the folder; it must exist
   * @return the store
   * @throws IllegalArgumentException when the folder does not exist or is not a folder (the message
   *     gives {@code mkdir -m 700 <folder>})
   */
  static BackupStore directory(Path directory) {
    return new DirectoryBackupStore(directory);
  }

  /**
   * Streams content into a new object. The object appears only if {@code content} ends normally;
   * when reading it throws, nothing named {@code name} is left behind (an S3 multipart upload is
   * aborted, a partial file deleted).
   *
   * @param name the object's name
   * @param content the bytes, read to the end
   * @param progress called with the number of bytes stored so far, now and then
   * @return the number of bytes stored
   * @throws BackupStoreException when the store fails or an object of that name exists
   */
  long write(String name, InputStream content, LongConsumer progress);

  /**
   * Writes a small object unless one of that name exists (S3 {@code If-None-Match: *}, or an
   * exclusive file create).
   *
   * @param name the object's name
   * @param content the bytes
   * @return true when written, false when an object of that name already existed
   * @throws BackupStoreException when the store fails
   */
  boolean writeIfAbsent(String name, byte[] content);

  /**
   * Writes a small object, replacing one of that name if it exists, atomically: a reader sees the
   * old content or the new, never a mix. Only used for objects a single owner writes (a run's own
   * lock).
   *
   * @param name the object's name
   * @param content the bytes
   * @throws BackupStoreException when the store fails
   */
  void replace(String name, byte[] content);

  /**
   * One object's size and time, without reading it (S3 {@code HeadObject}, a file's attributes).
   *
   * @param name the object's name
   * @return the object, or empty when it does not exist
   * @throws BackupStoreException when the store fails
   */
  java.util.Optional<StoredObject> stat(String name);

  /**
   * Opens an object for reading.
   *
   * @param name the object's name
   * @return its bytes
   * @throws BackupStoreException when it is missing or unreadable
   */
  InputStream read(String name);

  /**
   * Lists every object, all pages.
   *
   * @return the objects, in name order
   */
  List<StoredObject> list();

  /**
   * Lists the objects whose names start with a folder, all pages.
   *
   * @param folder the start of the names, such as {@code prod/locks/}
   * @return the objects, in name order
   */
  default List<StoredObject> list(String folder) {
    return list().stream().filter(o -> o.name().startsWith(folder)).toList();
  }

  /**
   * Deletes an object; deleting a missing object is not an error.
   *
   * @param name the object's name
   */
  void delete(String name);

  /**
   * Lists uploads that were started and never completed: S3 multipart uploads, partial files.
   *
   * @return the names of the objects they were writing
   */
  List<String> incompleteWrites();

  /**
   * Aborts the uploads that were started and never completed for the objects named.
   *
   * @param names which objects' incomplete uploads to abort
   */
  void abortIncompleteWrites(Predicate<String> names);

  /**
   * Where this store is, for messages, such as {@code s3://bucket/redash/}.
   *
   * @return the location
   */
  String location();
}
