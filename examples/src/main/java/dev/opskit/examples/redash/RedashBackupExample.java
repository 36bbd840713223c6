package dev.opskit.examples.redash;

import dev.opskit.redash.BackupRecord;
import dev.opskit.redash.BackupStore;
import dev.opskit.redash.Compression;
import dev.opskit.redash.PruneResult;
import dev.opskit.redash.RedashBackup;
import dev.opskit.redash.RedashDatabase;
import dev.opskit.redash.RetentionPolicy;
import dev.opskit.redash.SecretKey;
import dev.opskit.redash.VerifyResult;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Replaces the cron line {@code pg_dump redash | gzip > x.gz && aws s3 cp x.gz s3://...} and the
 * housekeeping nobody wrote: a nightly backup streamed to S3 (or a folder), grandfather-father-son
 * retention, and a restore drill that proves last night's backup restores.
 *
 * <pre>
 * java -cp "$(cat examples/target/classpath.txt):examples/target/examples-0.1.0-SNAPSHOT.jar" \
 *     dev.opskit.examples.redash.RedashBackupExample \
 *     jdbc:postgresql://127.0.0.1:5432/redash redash s3://my-bucket/redash/
 * </pre>
 *
 * <p>The password comes from {@code PGPASSWORD}, the secret key from {@code REDASH_SECRET_KEY}; the
 * store is {@code s3://bucket/prefix/} (credentials from the AWS SDK's default chain) or a folder.
 */
public final class RedashBackupExample {
  private RedashBackupExample() {}

  /**
   * Backs up, prunes and test-restores.
   *
   * @param args JDBC URL, user, store
   */
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println(
          "usage: RedashBackupExample <jdbc:postgresql://host:port/db> <user> <s3://bucket/prefix/ | folder>");
      System.exit(2);
    }
    String password = System.getenv("PGPASSWORD");
    nightly(
        RedashDatabase.jdbc(
            args[0], args[1], password == null || password.isEmpty() ? null : password),
        store(args[2]),
        SecretKey.fromEnvironment(),
        System.out);
  }

  static BackupStore store(String location) {
    if (location.startsWith("s3://")) {
      URI uri = URI.create(location);
      S3AsyncClient s3 = S3AsyncClient.builder().multipartEnabled(true).build();
      String prefix = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
      return BackupStore.s3(s3, uri.getHost(), prefix);
    }
    return BackupStore.directory(Path.of(location));
  }

  /**
   * The nightly job: backup, prune, restore drill.
   *
   * @param database the Redash database
   * @param store where backups go
   * @param secretKey Redash's secret key, or null
   * @param out where to report
   * @return the verification of the new backup
   */
  public static VerifyResult nightly(
      RedashDatabase database, BackupStore store, @Nullable SecretKey secretKey, PrintStream out) {
    RedashBackup redash =
        RedashBackup.builder()
            .database(database)
            .store(store)
            .compression(Compression.GZIP)
            .retention(RetentionPolicy.gfs(7, 4, 12))
            .secretKey(secretKey)
            .listener(
                event -> {
                  if (event.phase() != dev.opskit.redash.ProgressEvent.Phase.DUMP) {
                    out.println("  " + event.phase() + ": " + event.message());
                  }
                })
            .build();

    BackupRecord backup = redash.backup();
    out.printf(
        "backup %s: %,d bytes dumped, %,d stored, alembic %s, %d tables%n",
        backup.id(),
        backup.dumpBytes(),
        backup.storedBytes(),
        backup.alembicVersion(),
        backup.rowCounts().size());

    PruneResult pruned = redash.prune(false);
    out.printf(
        "retention %s: kept %d, deleted %d, orphans %d%n",
        "gfs(7,4,12)", pruned.kept().size(), pruned.deleted().size(), pruned.orphans().size());

    VerifyResult drill = redash.verify(backup);
    out.println(
        drill.ok()
            ? "restore drill: ok (" + drill.duration().toMillis() + " ms)"
            : "restore drill FAILED: " + drill.problems());
    return drill;
  }
}
