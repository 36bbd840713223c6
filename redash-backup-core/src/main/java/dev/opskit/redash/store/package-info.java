/**
 * The two {@link dev.opskit.redash.BackupStore}s: an S3 bucket streamed to with multipart uploads,
 * and a local folder.
 */
@NullMarked
package dev.opskit.redash.store;

import org.jspecify.annotations.NullMarked;
