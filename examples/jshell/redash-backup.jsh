// Nightly Redash backup with retention, then a restore drill.
// jshell --class-path "$(cat examples/target/classpath.txt):examples/target/examples-0.1.0-SNAPSHOT.jar" examples/jshell/redash-backup.jsh
// Settings: OPSKIT_REDASH_URL (default jdbc:postgresql://127.0.0.1:5432/redash), OPSKIT_REDASH_USER
// (default postgres), OPSKIT_REDASH_STORE (a folder, default /tmp/redash-backups), REDASH_SECRET_KEY.
import dev.opskit.redash.*;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

String url = System.getenv().getOrDefault("OPSKIT_REDASH_URL", "jdbc:postgresql://127.0.0.1:5432/redash");
String user = System.getenv().getOrDefault("OPSKIT_REDASH_USER", "postgres");
Path folder = Path.of(System.getenv().getOrDefault("OPSKIT_REDASH_STORE", "/tmp/redash-backups"));
// The store never creates its folder (a missing one may be an unmounted share): create it here.
Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

// JShell ends a statement at a complete line, so chained calls keep their dots at the line ends.
RedashBackup redash = RedashBackup.builder().
    database(RedashDatabase.jdbc(url, user, System.getenv("PGPASSWORD"))).
    store(BackupStore.directory(folder)).
    retention(RetentionPolicy.keepLast(14).and(RetentionPolicy.monthly(6))).
    secretKey(SecretKey.fromEnvironment()).
    listener(e -> System.out.println(e.phase() + " " + e.message())).
    build();

BackupRecord rec = redash.backup();
System.out.println(redash.prune(true));
VerifyResult drill = redash.verify(rec);
System.out.println(drill.ok() ? "restore drill ok" : "restore drill failed: " + drill.problems());
// A real restore: redash.restore(RestoreRequest.latest().readerPassword(System.getenv("REDASH_READER_PASSWORD")));
/exit
