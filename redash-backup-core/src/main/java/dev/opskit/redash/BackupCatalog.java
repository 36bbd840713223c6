package dev.opskit.redash;

import dev.opskit.redash.internal.manifest.ManifestCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a store holds for one instance (or for every instance), read from its listing and its
 * manifests: each backup with its {@link BackupState}, the orphans prune may delete, and the
 * manifests that could not be read. A backup counts only when its manifest exists and its data
 * object has the size the manifest recorded.
 *
 * @param entries every backup whose manifest could be read, newest first
 * @param orphans data objects without a manifest (a crashed or failed run's), which prune deletes
 * @param unreadableManifests manifests that could not be parsed (damaged, or a newer opskit's):
 *     their data is never deleted
 */
public record BackupCatalog(
    List<CatalogEntry> entries, List<String> orphans, List<String> unreadableManifests) {
  private static final Logger LOG = LoggerFactory.getLogger(BackupCatalog.class);
  private static final Pattern BACKUP_NAME =
      Pattern.compile(
          "([a-z0-9][a-z0-9._-]{0,62})/(redash-\\d{8}T\\d{9}Z)"
              + "(\\.manifest\\.json|\\.(sql|dump)(\\.gz|\\.zst)?)");

  /** Copies the components. */
  public BackupCatalog {
    entries = List.copyOf(entries);
    orphans = List.copyOf(orphans);
    unreadableManifests = List.copyOf(unreadableManifests);
  }

  /**
   * The complete backups, newest first.
   *
   * @return the backups whose data is whole
   */
  public List<BackupRecord> complete() {
    return entries.stream().filter(CatalogEntry::complete).map(CatalogEntry::backup).toList();
  }

  /**
   * The complete backups of one source, newest first.
   *
   * @param source the source
   * @return its complete backups
   */
  public List<BackupRecord> complete(SourceIdentity source) {
    return complete().stream().filter(b -> source.sameSourceAs(b.source())).toList();
  }

  /**
   * The backups whose data is damaged or missing, newest first.
   *
   * @return them
   */
  public List<CatalogEntry> damaged() {
    return entries.stream().filter(e -> !e.complete()).toList();
  }

  /**
   * The complete backups grouped by exact source (instance, database, server), each group newest
   * first: the unit retention works on.
   *
   * @return the groups
   */
  Map<SourceIdentity, List<BackupRecord>> completeBySource() {
    return complete().stream()
        .collect(
            Collectors.groupingBy(
                BackupRecord::source, java.util.LinkedHashMap::new, Collectors.toList()));
  }

  /**
   * Reads the catalog of a store.
   *
   * <p>Only names RedashBackup writes ({@code <instance>/redash-<time>.<format>[.<compression>]}
   * and their manifests) are ever taken for orphans, so a shared bucket prefix is safe; a data
   * object whose manifest exists is never an orphan, even when that manifest cannot be read.
   *
   * @param store the store
   * @param instance the instance folder to read, or null for every instance
   */
  static BackupCatalog read(BackupStore store, @Nullable String instance) {
    List<StoredObject> objects = instance == null ? store.list() : store.list(instance + "/");
    Map<String, StoredObject> byName =
        objects.stream().collect(Collectors.toMap(StoredObject::name, Function.identity()));
    List<CatalogEntry> entries = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    List<String> orphans = new ArrayList<>();
    for (StoredObject object : objects) {
      String name = object.name();
      if (!isManifestName(name)) {
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
        unreadable.add(name);
        continue;
      }
      if (!record.manifestObject().equals(name)) {
        // A manifest copied or renamed by hand: its folder, not its content, says where it lives.
        LOG.warn(
            "ignoring manifest {}{}: it describes {} of instance {}",
            store.location(),
            name,
            record.id(),
            record.source().instance());
        unreadable.add(name);
        continue;
      }
      StoredObject data = byName.get(record.dataObject());
      if (data == null) {
        LOG.warn("backup {}: {}{} is missing", record.id(), store.location(), record.dataObject());
        entries.add(new CatalogEntry(record, BackupState.DATA_MISSING, -1));
      } else if (data.size() != record.storedBytes()) {
        LOG.warn(
            "backup {} is damaged: {}{} holds {} bytes, its manifest says {}",
            record.id(),
            store.location(),
            record.dataObject(),
            data.size(),
            record.storedBytes());
        entries.add(new CatalogEntry(record, BackupState.DAMAGED, data.size()));
      } else {
        entries.add(new CatalogEntry(record, BackupState.COMPLETE, data.size()));
      }
    }
    for (StoredObject object : objects) {
      String name = object.name();
      if (isBackupName(name)
          && !isManifestName(name)
          && !byName.containsKey(manifestNameOf(name))) {
        orphans.add(name);
      }
    }
    entries.sort(
        Comparator.comparing((CatalogEntry e) -> e.backup().createdAt())
            .thenComparing(e -> e.backup().id())
            .reversed());
    return new BackupCatalog(entries, orphans, unreadable);
  }

  /**
   * Whether a name is one RedashBackup writes: a backup's data or manifest in an instance folder.
   */
  static boolean isBackupName(String name) {
    return BACKUP_NAME.matcher(name).matches();
  }

  private static boolean isManifestName(String name) {
    return isBackupName(name) && name.endsWith(RedashBackup.MANIFEST_SUFFIX);
  }

  /** The manifest that makes a data object part of a backup. */
  private static String manifestNameOf(String dataName) {
    Matcher m = BACKUP_NAME.matcher(dataName);
    if (!m.matches()) {
      throw new IllegalArgumentException(dataName);
    }
    return m.group(1) + "/" + m.group(2) + RedashBackup.MANIFEST_SUFFIX;
  }
}
