package dev.opskit.redash;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A complete backup, as its manifest describes it. The manifest is written after the data, so a
 * record exists only for a backup whose dump reached the store whole.
 *
 * @param id the backup's id, such as {@code redash-20261126T020000123Z}; sorts by time
 * @param createdAt when the dump started
 * @param source the database that was dumped: instance, database name and server
 * @param format the pg_dump format
 * @param compression the compression applied by opskit
 * @param dataObject the name of the dump object in the store, {@code
 *     <instance>/<id>.<format>[.<compression>]}
 * @param dumpBytes bytes pg_dump wrote
 * @param storedBytes bytes stored (after compression)
 * @param sha256 hex SHA-256 of the stored bytes
 * @param serverVersion the PostgreSQL server version, such as {@code 15.20}
 * @param pgDumpVersion the pg_dump version that wrote the dump
 * @param alembicVersion Redash's schema revision ({@code alembic_version}), null when the database
 *     has none
 * @param rowCounts rows per table ({@code schema.table}), counted in the dump's own snapshot
 * @param secretKeyFingerprint a one-way fingerprint of the Redash secret key checked against the
 *     data, null when no key was given
 * @param duration how long the backup took
 */
public record BackupRecord(
    String id,
    Instant createdAt,
    SourceIdentity source,
    DumpFormat format,
    Compression compression,
    String dataObject,
    long dumpBytes,
    long storedBytes,
    String sha256,
    String serverVersion,
    String pgDumpVersion,
    @Nullable String alembicVersion,
    Map<String, Long> rowCounts,
    @Nullable String secretKeyFingerprint,
    Duration duration) {

  /** Checks the components and freezes the row counts in table order. */
  public BackupRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(dataObject, "dataObject");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(pgDumpVersion, "pgDumpVersion");
    Objects.requireNonNull(duration, "duration");
    rowCounts = Collections.unmodifiableMap(new TreeMap<>(rowCounts));
  }

  /**
   * The name of the database that was dumped.
   *
   * @return {@code source().database()}
   */
  public String database() {
    return source.database();
  }

  /**
   * The name of this backup's manifest in the store: its presence is what makes the backup exist.
   *
   * @return {@code <instance>/<id>.manifest.json}
   */
  public String manifestObject() {
    return source.instance() + "/" + id + RedashBackup.MANIFEST_SUFFIX;
  }
}
