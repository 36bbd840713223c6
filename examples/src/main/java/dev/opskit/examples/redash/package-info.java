/** Redash backup examples: a nightly backup with retention, and a restore drill. */
@NullMarked
package dev.opskit.examples.redash;

import org.jspecify.annotations.NullMarked;
