package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opskit.redash.fixture.PgShell;
import dev.opskit.redash.fixture.RedashFixture;
import dev.opskit.redash.fixture.S3ProxyServer;
import dev.opskit.testing.db.Postgres;
import dev.opskit.testing.db.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** Backups through S3Proxy, which verifies every SigV4 signature. */
class S3ProxyIT {
  private static final String BUCKET = "redash-sigv4";
  @TempDir static Path work;
  private static S3ProxyServer proxy;

  private final TestDatabase db;

  S3ProxyIT(@Postgres TestDatabase db) {
    this.db = db;
  }

  @BeforeAll
  static void start() throws Exception {
    proxy = new S3ProxyServer(work);
    try (S3AsyncClient client = proxy.client(S3ProxyServer.SECRET_KEY)) {
      client.createBucket(r -> r.bucket(BUCKET)).join();
    }
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @AfterEach
  void dropCopies() {
    PgShell.dropDerived(db);
  }

  @Test
  void aSignedMultipartBackupRestores() {
    RedashFixture.load(db);
    PgShell.execute(
        db,
        "INSERT INTO query_results (org_id, data_source_id, query_hash, query, data, runtime, retrieved_at)"
            + " SELECT 1, 1, md5(g::text), 'SELECT 1', repeat(md5(g::text), 60), 0.1, now() FROM generate_series(1, 3000) g");
    try (S3AsyncClient client = proxy.client(S3ProxyServer.SECRET_KEY)) {
      RedashBackup redash =
          RedashBackup.builder()
              .database(RedashFixture.database(db))
              .store(BackupStore.s3(client, BUCKET, "nightly/"))
              .compression(Compression.NONE)
              .secretKey(RedashFixture.secretKey())
              .build();
      String copy = PgShell.copyName(db);

      BackupRecord record = redash.backup();
      redash.restore(RestoreRequest.of(record).toDatabase(copy));

      assertThat(record.storedBytes()).isGreaterThan(5L * 1024 * 1024);
      assertThat(PgShell.dump(db, copy, "--no-privileges"))
          .isEqualTo(PgShell.dump(db, db.name(), "--no-privileges"));
    }
  }

  @Test
  void aWrongAwsSecretIsRefusedAndStoresNothing() {
    RedashFixture.load(db);
    try (S3AsyncClient wrong = proxy.client("not-the-secret");
        S3AsyncClient right = proxy.client(S3ProxyServer.SECRET_KEY)) {
      RedashBackup redash =
          RedashBackup.builder()
              .database(RedashFixture.database(db))
              .store(BackupStore.s3(wrong, BUCKET, "denied/"))
              .build();

      assertThatThrownBy(redash::backup)
          .isInstanceOf(BackupStoreException.class)
          .hasMessageContaining("403")
          .hasMessageNotContaining("not-the-secret");
      assertThat(BackupStore.s3(right, BUCKET, "denied/").list()).isEmpty();
    }
  }

  @Test
  void aMultipartBackupNeverReplacesAnExistingObject() {
    // Here rather than on S3Mock: S3Mock 5.2.0's AbortMultipartUpload deletes the object under the
    // upload's key, which real S3 (and S3Proxy) keep.
    RedashFixture.load(db);
    PgShell.execute(
        db,
        "INSERT INTO query_results (org_id, data_source_id, query_hash, query, data, runtime, retrieved_at)"
            + " SELECT 1, 1, md5(g::text), 'SELECT 1', repeat(md5(g::text), 60), 0.1, now() FROM generate_series(1, 3000) g");
    java.time.Clock clock =
        java.time.Clock.fixed(
            java.time.Instant.parse("2026-11-26T02:00:00Z"), java.time.ZoneOffset.UTC);
    String taken = RedashFixture.database(db).name() + "/redash-20261126T020000000Z.sql";
    try (S3AsyncClient client = proxy.client(S3ProxyServer.SECRET_KEY)) {
      client
          .putObject(
              r -> r.bucket(BUCKET).key("taken/" + taken),
              software.amazon.awssdk.core.async.AsyncRequestBody.fromString(
                  "an earlier backup's data"))
          .join();
      RedashBackup redash =
          RedashBackup.builder()
              .database(RedashFixture.database(db))
              .store(BackupStore.s3(client, BUCKET, "taken/"))
              .compression(Compression.NONE)
              .clock(clock)
              .build();

      assertThatThrownBy(redash::backup)
          .isInstanceOf(BackupFailedException.class)
          .hasMessageContaining("already exists");
      assertThat(
              client
                  .getObject(
                      r -> r.bucket(BUCKET).key("taken/" + taken).range("bytes=0-"),
                      software.amazon.awssdk.core.async.AsyncResponseTransformer.toBytes())
                  .join()
                  .asUtf8String())
          .as("If-None-Match: * on CompleteMultipartUpload kept the existing object")
          .isEqualTo("an earlier backup's data");
    }
  }
}
