/** Internal to opskit's Redash backup; may change in any release. */
@NullMarked
package dev.opskit.redash.internal.crypto;

import org.jspecify.annotations.NullMarked;
