/**
 * The steps of a backup: dump (pg_dump, compression, SHA-256, store) and seal (the manifest).
 * Internal to opskit; may change in any release.
 */
@NullMarked
package dev.opskit.redash.internal.backup;

import org.jspecify.annotations.NullMarked;
