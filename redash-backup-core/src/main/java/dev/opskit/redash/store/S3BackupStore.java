package dev.opskit.redash.store;

import dev.opskit.redash.BackupStore;
import dev.opskit.redash.BackupStoreException;
import dev.opskit.redash.StoredObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * A {@link BackupStore} in an S3 bucket. Dumps stream through {@link
 * AsyncRequestBody#fromInputStream} into the client's multipart upload, so memory stays at the
 * client's multipart buffer whatever the dump's size, and a stream that fails makes the client
 * abort the upload. Every object is created with {@code If-None-Match: *}: a backup is never
 * overwritten.
 *
 * <p>Works with S3-compatible stores through the client's endpoint override; for stores that reject
 * the SDK's default checksums, build the client with {@code
 * requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)}.
 *
 * <p>The AWS SDK is an optional dependency of this module: S3 users add {@code
 * software.amazon.awssdk:s3} to their build (they need it for the client anyway).
 *
 * <p>{@link Builder#build()} checks the settings, so that a wrong one fails there instead of at the
 * first backup: the client must upload streams of unknown length (multipart or CRT), the bucket
 * must be a bucket name (not {@code s3://...}), and the prefix must not start with {@code /}.
 */
public final class S3BackupStore implements BackupStore {
  private static final Logger LOG = LoggerFactory.getLogger(S3BackupStore.class);
  private static final int REPORT_EVERY = 1024 * 1024;

  private final S3AsyncClient client;
  private final String bucket;
  private final String prefix;
  private final @Nullable String kmsKeyId;
  private final @Nullable StorageClass storageClass;
  private final @Nullable ChecksumAlgorithm checksumAlgorithm;

  private S3BackupStore(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client");
    this.bucket = Objects.requireNonNull(b.bucket, "bucket");
    this.prefix = b.prefix;
    this.kmsKeyId = b.kmsKeyId;
    this.storageClass = b.storageClass;
    this.checksumAlgorithm = b.checksumAlgorithm;
  }

  /**
   * Starts building a store.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public long write(String name, InputStream content, LongConsumer progress) {
    PutObjectRequest.Builder request = putRequest(name);
    ExecutorService reader =
        Executors.newSingleThreadExecutor(
            dev.opskit.redash.internal.concurrent.NamedThreads.daemon("opskit-s3-upload-reader"));
    CountingStream counted = new CountingStream(content, progress);
    try {
      client
          .putObject(request.build(), AsyncRequestBody.fromInputStream(counted, null, reader))
          .join();
      progress.accept(counted.count);
      return counted.count;
    } catch (CompletionException | S3Exception e) {
      Throwable cause = unwrap(e);
      if (cause instanceof S3Exception s3 && s3.statusCode() == 412) {
        throw new BackupStoreException(location() + name + " already exists", s3);
      }
      // The SDK's multipart client does not always abort when the body fails after parts were
      // sent; the key is this run's alone (the lock), so its uploads are aborted here.
      abortUploadsOf(name);
      throw new BackupStoreException(
          "uploading "
              + location()
              + name
              + " failed after "
              + counted.count
              + " bytes; its multipart upload was aborted (prune retries any abort that failed): "
              + describe(cause),
          cause);
    } finally {
      reader.shutdownNow();
    }
  }

  private PutObjectRequest.Builder putRequest(String name) {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder().bucket(bucket).key(prefix + name).ifNoneMatch("*");
    if (kmsKeyId != null) {
      request.serverSideEncryption(ServerSideEncryption.AWS_KMS);
      if (!kmsKeyId.isEmpty()) {
        request.ssekmsKeyId(kmsKeyId);
      }
    }
    if (storageClass != null) {
      request.storageClass(storageClass);
    }
    if (checksumAlgorithm != null) {
      request.checksumAlgorithm(checksumAlgorithm);
    }
    return request;
  }

  @Override
  public boolean writeIfAbsent(String name, byte[] content) {
    try {
      client.putObject(putRequest(name).build(), AsyncRequestBody.fromBytes(content)).join();
      return true;
    } catch (CompletionException | S3Exception e) {
      Throwable cause = unwrap(e);
      if (cause instanceof S3Exception s3 && (s3.statusCode() == 412 || s3.statusCode() == 409)) {
        return false;
      }
      throw new BackupStoreException(
          "writing " + location() + name + " failed: " + describe(cause), cause);
    }
  }

  @Override
  public InputStream read(String name) {
    try {
      return client
          .getObject(
              // A range makes the multipart client send one plain GET instead of GETs by part
              // number, which S3-compatible stores such as S3Proxy refuse (501). The SHA-256 in the
              // manifest covers what the skipped response checksum would.
              r -> r.bucket(bucket).key(prefix + name).range("bytes=0-"),
              AsyncResponseTransformer.toBlockingInputStream())
          .join();
    } catch (CompletionException | S3Exception e) {
      Throwable cause = unwrap(e);
      if (cause instanceof NoSuchKeyException) {
        throw new BackupStoreException(location() + name + " does not exist", cause);
      }
      throw new BackupStoreException(
          "reading " + location() + name + " failed: " + describe(cause), cause);
    }
  }

  @Override
  public List<StoredObject> list() {
    return list("");
  }

  @Override
  public List<StoredObject> list(String folder) {
    List<StoredObject> objects = new ArrayList<>();
    try {
      client
          .listObjectsV2Paginator(
              ListObjectsV2Request.builder().bucket(bucket).prefix(prefix + folder).build())
          .contents()
          .subscribe(
              o ->
                  objects.add(
                      new StoredObject(
                          o.key().substring(prefix.length()), o.size(), o.lastModified())))
          .join();
    } catch (CompletionException | S3Exception e) {
      Throwable cause = unwrap(e);
      throw new BackupStoreException(
          "listing " + location() + " failed: " + describe(cause), cause);
    }
    objects.sort(Comparator.comparing(StoredObject::name));
    return objects;
  }

  @Override
  public void delete(String name) {
    try {
      client.deleteObject(r -> r.bucket(bucket).key(prefix + name)).join();
    } catch (CompletionException | S3Exception e) {
      Throwable cause = unwrap(e);
      throw new BackupStoreException(
          "deleting " + location() + name + " failed: " + describe(cause), cause);
    }
  }

  private List<MultipartUpload> uploads() {
    List<MultipartUpload> uploads = new ArrayList<>();
    try {
      client
          .listMultipartUploadsPaginator(
              ListMultipartUploadsRequest.builder().bucket(bucket).prefix(prefix).build())
          .uploads()
          .subscribe(uploads::add)
          .join();
    } catch (CompletionException | S3Exception e) {
      Throwable cause = unwrap(e);
      throw new BackupStoreException(
          "listing multipart uploads in " + location() + " failed: " + describe(cause), cause);
    }
    return uploads;
  }

  private void abortUploadsOf(String name) {
    try {
      abortIncompleteWrites(name::equals);
    } catch (RuntimeException e) {
      LOG.warn("could not abort the multipart upload of {}{}: {}", location(), name, e.toString());
    }
  }

  @Override
  public List<String> incompleteWrites() {
    return uploads().stream().map(u -> u.key().substring(prefix.length())).toList();
  }

  @Override
  public void abortIncompleteWrites(Predicate<String> names) {
    for (MultipartUpload upload : uploads()) {
      if (!names.test(upload.key().substring(prefix.length()))) {
        continue;
      }
      LOG.info("aborting incomplete multipart upload of s3://{}/{}", bucket, upload.key());
      try {
        client
            .abortMultipartUpload(
                r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()))
            .join();
      } catch (CompletionException | S3Exception e) {
        Throwable cause = unwrap(e);
        throw new BackupStoreException(
            "aborting the multipart upload of s3://"
                + bucket
                + "/"
                + upload.key()
                + " failed: "
                + describe(cause),
            cause);
      }
    }
  }

  @Override
  public String location() {
    return "s3://" + bucket + "/" + prefix;
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private static String describe(Throwable e) {
    if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
      return s3.statusCode()
          + " "
          + s3.awsErrorDetails().errorCode()
          + ": "
          + s3.awsErrorDetails().errorMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  @Override
  public void replace(String name, byte[] content) {
    PutObjectRequest.Builder request = putRequest(name).ifNoneMatch(null);
    try {
      client.putObject(request.build(), AsyncRequestBody.fromBytes(content)).join();
    } catch (CompletionException | S3Exception e) {
      Throwable cause = unwrap(e);
      throw new BackupStoreException(
          "writing " + location() + name + " failed: " + describe(cause), cause);
    }
  }

  @Override
  public java.util.Optional<StoredObject> stat(String name) {
    // A one-key listing rather than HeadObject: it gives the same size and time as list(), which
    // the catalog compares with, and works the same on every S3-compatible store. The exact key
    // sorts first among the keys it prefixes.
    try {
      return client
          .listObjectsV2(r -> r.bucket(bucket).prefix(prefix + name).maxKeys(1))
          .join()
          .contents()
          .stream()
          .filter(o -> o.key().equals(prefix + name))
          .findFirst()
          .map(o -> new StoredObject(name, o.size(), o.lastModified()));
    } catch (CompletionException | S3Exception e) {
      Throwable cause = unwrap(e);
      throw new BackupStoreException(
          "reading the attributes of " + location() + name + " failed: " + describe(cause), cause);
    }
  }

  @Override
  public String toString() {
    return "S3BackupStore[" + location() + "]";
  }

  /** Counts bytes handed to the SDK and reports them. */
  private static final class CountingStream extends FilterInputStream {
    private final LongConsumer progress;
    private volatile long count;
    private long reported;

    CountingStream(InputStream in, LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        advance(n);
      }
      return n;
    }

    private void advance(int n) {
      count += n;
      if (count - reported >= REPORT_EVERY) {
        reported = count;
        progress.accept(count);
      }
    }
  }

  /** Builds an {@link S3BackupStore}. */
  public static final class Builder {
    private @Nullable S3AsyncClient client;
    private @Nullable String bucket;
    private String prefix = "";
    private @Nullable String kmsKeyId;
    private @Nullable StorageClass storageClass;
    private @Nullable ChecksumAlgorithm checksumAlgorithm;

    private Builder() {}

    /**
     * The client; build it with {@code multipartEnabled(true)} and set the part size with {@code
     * multipartConfiguration(c -> c.minimumPartSizeInBytes(...))}, or use the CRT client ({@code
     * S3AsyncClient.crtBuilder()}). A backup streams a dump whose length is unknown until it ends,
     * which only these clients can upload: {@link #build()} refuses any other, also when wrapped in
     * {@link software.amazon.awssdk.services.s3.DelegatingS3AsyncClient}s.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(S3AsyncClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The bucket, by its name alone: {@code my-bucket}, never {@code s3://my-bucket/redash} (give
     * {@code redash/} as the {@link #prefix}). {@link #build()} checks S3's naming rules: 3 to 63
     * characters among lowercase letters, digits, {@code .} and {@code -}, starting and ending with
     * a letter or a digit, no {@code ..}, not an IP address. When the client's region is {@code
     * us-east-1}, that region's legacy names are accepted too (uppercase letters, {@code _}, up to
     * 255 characters). An access point ARN ({@code arn:...}) is passed to the SDK as it is.
     *
     * @param bucket the bucket's name
     * @return this builder
     */
    public Builder bucket(String bucket) {
      this.bucket = Objects.requireNonNull(bucket, "bucket");
      return this;
    }

    /**
     * The key prefix under which backups live, such as {@code redash/}: a folder of the bucket. It
     * must not start with {@code /}; without a trailing {@code /} it gets one ({@code redash} and
     * {@code redash/} are the same folder).
     *
     * @param prefix the prefix; may be empty for the bucket's top level
     * @return this builder
     */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * Encrypts objects with SSE-KMS.
     *
     * @param kmsKeyId the key's id or ARN; empty for the bucket's default {@code aws/s3} key
     * @return this builder
     */
    public Builder sseKms(String kmsKeyId) {
      this.kmsKeyId = Objects.requireNonNull(kmsKeyId, "kmsKeyId");
      return this;
    }

    /**
     * The storage class of new objects, such as {@code STANDARD_IA}.
     *
     * @param storageClass the class
     * @return this builder
     */
    public Builder storageClass(StorageClass storageClass) {
      this.storageClass = Objects.requireNonNull(storageClass, "storageClass");
      return this;
    }

    /**
     * The checksum S3 verifies on upload, such as {@code CRC32}; by default the client's.
     *
     * @param checksumAlgorithm the algorithm
     * @return this builder
     */
    public Builder checksumAlgorithm(ChecksumAlgorithm checksumAlgorithm) {
      this.checksumAlgorithm = Objects.requireNonNull(checksumAlgorithm, "checksumAlgorithm");
      return this;
    }

    /**
     * Builds the store, after checking the client, the bucket and the prefix (see their setters).
     *
     * @return the store
     * @throws IllegalArgumentException when the client cannot stream uploads (multipart disabled),
     *     the bucket is not a valid bucket name, or the prefix starts with {@code /}; the message
     *     says what to give instead
     */
    public S3BackupStore build() {
      S3Settings.requireStreamingClient(Objects.requireNonNull(client, "client"));
      S3Settings.checkBucket(Objects.requireNonNull(bucket, "bucket"), client);
      prefix = S3Settings.prefix(prefix);
      return new S3BackupStore(this);
    }
  }
}
