// Nightly Redash backup with retention, then a restore drill. Run from the repository root:
//   examples/jshell/opskit-jshell examples/jshell/redash-backup.jsh
// Settings: OPSKIT_REDASH_URL (default jdbc:postgresql://127.0.0.1:5432/redash), OPSKIT_REDASH_USER
// (default postgres), PGPASSWORD, OPSKIT_REDASH_STORE (a folder, default /tmp/redash-backups),
// REDASH_SECRET_KEY. The work runs in run(...) (opskit-startup.jsh): the first failure (a database
// that cannot be reached, a backup that fails) stops it before prune, and jshell exits 1.
import java.nio.file.attribute.PosixFilePermissions;

int status = 1;
status = run(() -> {
  String url = System.getenv().getOrDefault("OPSKIT_REDASH_URL", "jdbc:postgresql://127.0.0.1:5432/redash");
  String user = System.getenv().getOrDefault("OPSKIT_REDASH_USER", "postgres");
  Path folder = Path.of(System.getenv().getOrDefault("OPSKIT_REDASH_STORE", "/tmp/redash-backups"));
  // The store never creates its folder (a missing one may be an unmounted share): create it here.
  Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

  RedashBackup redash = RedashBackup.builder()
      .database(RedashDatabase.jdbc(url, user, System.getenv("PGPASSWORD")))
      .store(BackupStore.directory(folder))
      .retention(RetentionPolicy.keepLast(14).and(RetentionPolicy.monthly(6)))
      .secretKey(SecretKey.fromEnvironment())
      .listener(e -> System.out.println(e.phase() + " " + e.message()))
      .build();

  BackupRecord rec = redash.backup();
  System.out.println(redash.prune(true));
  VerifyResult drill = redash.verify(rec);
  if (!drill.ok()) {
    throw new IllegalStateException("restore drill failed: " + drill.problems());
  }
  System.out.println("restore drill ok");
  // A real restore: redash.restore(RestoreRequest.latest().readerPassword(System.getenv("REDASH_READER_PASSWORD")));
});
/exit status
