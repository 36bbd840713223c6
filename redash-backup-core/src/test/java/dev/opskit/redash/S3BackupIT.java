package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.fixture.FakePgTools;
import dev.opskit.redash.fixture.PgShell;
import dev.opskit.redash.fixture.RedashFixture;
import dev.opskit.redash.fixture.S3Fixture;
import dev.opskit.redash.store.S3BackupStore;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** Backups streamed to S3 (Adobe S3Mock in-process) with faults injected between client and S3. */
class S3BackupIT {
  @TempDir static Path root;
  private static S3Fixture s3;
  private static int prefixes;

  private final TestDatabase db;
  private final List<ProgressEvent> events = new ArrayList<>();
  private final java.util.Set<Thread> listenerThreads =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private S3AsyncClient client;
  private String prefix;

  S3BackupIT(@Postgres TestDatabase db) {
    this.db = db;
  }

  @BeforeAll
  static void startS3() throws Exception {
    s3 = new S3Fixture(root.resolve("s3mock"));
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @BeforeEach
  void setUp() {
    RedashFixture.load(db);
    // About 9 MB of dump, so that an uncompressed backup takes two 5 MiB parts.
    PgShell.execute(
        db,
        "INSERT INTO query_results (org_id, data_source_id, query_hash, query, data, runtime, retrieved_at)"
            + " SELECT 1, 1, md5(g::text), 'SELECT 1', repeat(md5(g::text), 60), 0.1, now() FROM generate_series(1, 3000) g");
    client = s3.client(Duration.ofSeconds(10));
    prefix = "redash-" + (++prefixes) + "/";
  }

  @AfterEach
  void tearDown() {
    s3.heal();
    client.close();
    PgShell.dropDerived(db);
  }

  private RedashBackup.Builder redash(BackupStore store) {
    return RedashBackup.builder()
        .database(RedashFixture.database(db))
        .store(store)
        .secretKey(RedashFixture.secretKey())
        .listener(
            event -> {
              events.add(event);
              listenerThreads.add(Thread.currentThread());
            });
  }

  private BackupStore store() {
    return BackupStore.s3(client, S3Fixture.BUCKET, prefix);
  }

  @Test
  void multipartBackupRoundTripsAndCarriesEncryptionAndStorageClass() {
    BackupStore store =
        S3BackupStore.builder()
            .client(client)
            .bucket(S3Fixture.BUCKET)
            .prefix(prefix)
            .sseKms(S3Fixture.KMS_KEY_ID)
            .storageClass(StorageClass.STANDARD_IA)
            .build();
    RedashBackup redash = redash(store).compression(Compression.NONE).build();
    String copy = PgShell.copyName(db);

    BackupRecord record = redash.backup();
    RestoreResult restored = redash.restore(RestoreRequest.latest().toDatabase(copy));

    HeadObjectResponse head =
        client.headObject(r -> r.bucket(S3Fixture.BUCKET).key(prefix + record.dataObject())).join();
    assertThat(head.eTag()).as("uploaded in parts").matches("\"?[0-9a-f]+-2\"?");
    // S3Mock keeps SSE and storage class for single PUTs only, so they are checked on the manifest.
    HeadObjectResponse manifest =
        client
            .headObject(r -> r.bucket(S3Fixture.BUCKET).key(prefix + record.manifestObject()))
            .join();
    assertThat(manifest.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(manifest.ssekmsKeyId()).contains(S3Fixture.KMS_KEY_ID);
    assertThat(manifest.storageClass()).isEqualTo(StorageClass.STANDARD_IA);
    assertThat(record.storedBytes()).isGreaterThan(5L * 1024 * 1024);
    assertThat(restored.rowCounts()).isEqualTo(record.rowCounts());
    assertThat(PgShell.dump(db, copy, "--no-privileges"))
        .isEqualTo(PgShell.dump(db, db.name(), "--no-privileges"));
    assertThat(events)
        .filteredOn(e -> e.phase() == ProgressEvent.Phase.DUMP && e.bytesStored() > 0)
        .isNotEmpty();
    assertThat(listenerThreads)
        .as("listeners run on the calling thread")
        .containsExactly(Thread.currentThread());
  }

  @Test
  void anS3ErrorMidUploadAbortsTheUploadAndLeavesNoBackup() {
    s3.failWith500(S3Fixture::laterPart);
    RedashBackup redash = redash(store()).compression(Compression.NONE).build();

    assertThatThrownBy(redash::backup)
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("no complete backup was written");
    s3.heal();
    assertThat(s3.faults()).isPositive();
    assertThat(store().list()).isEmpty();
    assertThat(store().incompleteWrites()).as("the multipart upload was aborted").isEmpty();
    assertThat(redash.list()).isEmpty();
  }

  @Test
  void anS3TimeoutMidUploadAbortsTheUploadAndLeavesNoBackup() {
    s3.hold(S3Fixture::laterPart);
    client.close();
    client = s3.client(Duration.ofSeconds(1));
    RedashBackup redash = redash(store()).compression(Compression.NONE).build();

    assertThatThrownBy(redash::backup).isInstanceOf(BackupFailedException.class);
    s3.heal();
    assertThat(store().list()).isEmpty();
    assertThat(store().incompleteWrites()).as("the multipart upload was aborted").isEmpty();
    assertThat(redash.list()).isEmpty();
  }

  @Test
  void aCorruptedObjectIsRefusedBeforeTheRestoreTouchesTheServer() {
    RedashBackup redash = redash(store()).build();
    BackupRecord record = redash.backup();
    client
        .putObject(
            r -> r.bucket(S3Fixture.BUCKET).key(prefix + record.dataObject()),
            // Same size, other bytes: only the SHA-256 can tell.
            AsyncRequestBody.fromBytes(new byte[(int) record.storedBytes()]))
        .join();
    String before = PgShell.dump(db, db.name());

    assertThatThrownBy(() -> redash.restore(RestoreRequest.latest()))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("s3://" + S3Fixture.BUCKET + "/" + prefix + record.dataObject());
    assertThat(PgShell.dump(db, db.name())).isEqualTo(before);
    assertThat(PgShell.derived(db)).isEmpty();
  }

  @Test
  void aBackupObjectIsNeverOverwrittenAndTheLockRefusesOverlaps() {
    BackupStore store = store();
    RedashBackup redash = redash(store).build();
    String otherRun = redash.instance() + "/locks/other-run.json";
    byte[] otherLock =
        new dev.opskit.redash.internal.lock.LockOwner(
                "other-run",
                "backup",
                "ci-1",
                null,
                null,
                42,
                null,
                java.time.Instant.now(),
                java.time.Instant.now(),
                true,
                "nonce")
            .toJson();
    assertThat(store.writeIfAbsent(otherRun, otherLock)).isTrue();
    assertThat(store.writeIfAbsent(otherRun, "{}".getBytes())).as("If-None-Match: *").isFalse();

    assertThatThrownBy(redash::backup)
        .isInstanceOfSatisfying(
            BackupInProgressException.class, e -> assertThat(e.host()).isEqualTo("ci-1"));
    assertThat(store.list()).extracting(StoredObject::name).containsExactly(otherRun);
  }

  @Test
  void pruneAbortsOrphanedMultipartUploadsAndDeletesManifestlessObjects() {
    RedashBackup redash = redash(store()).retention(RetentionPolicy.keepLast(1)).build();
    BackupRecord first = redash.backup();
    BackupRecord second = redash.backup();
    String in = redash.instance() + "/";
    String crashed = in + "redash-20200101T000000000Z.sql.gz";
    client.createMultipartUpload(r -> r.bucket(S3Fixture.BUCKET).key(prefix + crashed)).join();
    String otherUpload =
        client
            .createMultipartUpload(r -> r.bucket(S3Fixture.BUCKET).key(prefix + "other-app.bin"))
            .join()
            .uploadId();
    put(prefix + in + "redash-20200102T000000000Z.sql.gz", "orphan");
    put(prefix + "other-app/data.bin", "not ours");

    PruneResult dry = redash.prune(true);
    assertThat(dry.deleted()).containsExactly(first);
    assertThat(dry.orphans())
        .containsExactlyInAnyOrder(in + "redash-20200102T000000000Z.sql.gz", crashed);
    assertThat(store().incompleteWrites()).hasSize(2);

    redash.prune(false);
    assertThat(redash.list()).containsExactly(second);
    assertThat(store().incompleteWrites())
        .as("only our upload is aborted")
        .containsExactly("other-app.bin");
    assertThat(store().list())
        .extracting(StoredObject::name)
        .containsExactlyInAnyOrder(
            second.dataObject(), second.manifestObject(), "other-app/data.bin");
    // The other application's upload is left to it by prune; this test plays that application.
    client
        .abortMultipartUpload(
            r -> r.bucket(S3Fixture.BUCKET).key(prefix + "other-app.bin").uploadId(otherUpload))
        .join();
  }

  @Test
  void aPgDumpKilledAfterPartsWereUploadedAbortsTheMultipartUpload(@TempDir Path tools)
      throws Exception {
    // pg_dump stalls after 12 MB of a ~20 MB dump, then dies: by then parts are in S3.
    PgShell.execute(
        db,
        "INSERT INTO query_results (org_id, data_source_id, query_hash, query, data, runtime, retrieved_at)"
            + " SELECT 1, 1, md5(g::text), 'SELECT 2', repeat(md5(g::text), 60), 0.1, now()"
            + " FROM generate_series(1, 6000) g");
    FakePgTools.create(
        tools, null, "/usr/bin/pg_dump \"$@\" | head -c 12000000; sleep 3; kill -9 $$");
    RedashBackup redash =
        redash(store())
            .database(RedashFixture.database(db).withToolsDirectory(tools))
            .compression(Compression.NONE)
            .build();
    int partsBefore = s3.partUploads();

    assertThatThrownBy(redash::backup)
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("pg_dump exited with status 137");
    assertThat(s3.partUploads() - partsBefore)
        .as("parts were uploaded before pg_dump died")
        .isPositive();
    assertThat(store().incompleteWrites()).as("the multipart upload was aborted").isEmpty();
    assertThat(store().list()).isEmpty();
  }

  private void put(String key, String content) {
    client
        .putObject(r -> r.bucket(S3Fixture.BUCKET).key(key), AsyncRequestBody.fromString(content))
        .join();
  }
}
