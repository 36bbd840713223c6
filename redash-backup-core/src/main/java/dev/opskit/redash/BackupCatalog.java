package dev.opskit.redash;

import dev.opskit.redash.internal.manifest.ManifestCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a store holds, read from its listing and manifests: the complete backups, newest first, and
 * the orphans prune may delete.
 *
 * @param complete backups whose manifest and data are both present, newest first
 * @param orphans data objects without a manifest, and manifests without data
 */
record BackupCatalog(List<BackupRecord> complete, List<String> orphans) {
  private static final Logger LOG = LoggerFactory.getLogger(BackupCatalog.class);
  private static final java.util.regex.Pattern BACKUP_NAME =
      java.util.regex.Pattern.compile(
          "redash-\\d{8}T\\d{9}Z(\\.manifest\\.json|\\.(sql|dump)(\\.gz|\\.zst)?)");

  /**
   * The store's backups. Only names RedashBackup writes ({@code
   * redash-<time>.<format>[.<compression>]} and their manifests) are ever taken for orphans, so a
   * shared bucket prefix is safe; and a data object whose manifest exists is never an orphan, even
   * when that manifest cannot be read (a newer opskit's, or a damaged one).
   */
  static BackupCatalog read(BackupStore store) {
    List<StoredObject> objects = store.list();
    Set<String> names = objects.stream().map(StoredObject::name).collect(Collectors.toSet());
    List<BackupRecord> complete = new ArrayList<>();
    List<String> orphans = new ArrayList<>();
    for (StoredObject object : objects) {
      String name = object.name();
      if (!name.endsWith(RedashBackup.MANIFEST_SUFFIX) || !isBackupName(name)) {
        continue;
      }
      BackupRecord record;
      try (InputStream in = store.read(name)) {
        record = ManifestCodec.read(store.location() + name, in.readAllBytes());
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn(
            "ignoring unreadable manifest {}{}: {}; its data is kept",
            store.location(),
            name,
            e.getMessage());
        continue;
      }
      if (!names.contains(record.dataObject())) {
        LOG.warn(
            "manifest {}{} names a missing data object {}",
            store.location(),
            name,
            record.dataObject());
        orphans.add(name);
        continue;
      }
      complete.add(record);
    }
    for (StoredObject object : objects) {
      String name = object.name();
      if (isBackupName(name)
          && !name.endsWith(RedashBackup.MANIFEST_SUFFIX)
          && !names.contains(idOf(name) + RedashBackup.MANIFEST_SUFFIX)) {
        orphans.add(name);
      }
    }
    complete.sort(
        Comparator.comparing(BackupRecord::createdAt).thenComparing(BackupRecord::id).reversed());
    return new BackupCatalog(complete, orphans);
  }

  /** Whether a name is one RedashBackup writes: a backup's data or manifest. */
  static boolean isBackupName(String name) {
    return BACKUP_NAME.matcher(name).matches();
  }

  private static String idOf(String name) {
    return name.substring(0, name.indexOf('.'));
  }
}
