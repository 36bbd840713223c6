/**
 * Backs up a Redash PostgreSQL metadata database by streaming it to S3 or a folder, keeps a
 * retention policy, and restores it safely, the {@code redash_reader} grants included.
 *
 * <p>Replaces {@code pg_dump | gzip} followed by {@code aws s3 cp} in cron.
 */
@NullMarked
package dev.opskit.redash;

import org.jspecify.annotations.NullMarked;
