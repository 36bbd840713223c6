/** Named worker threads for runs. Internal to opskit; may change in any release. */
@NullMarked
package dev.opskit.redash.internal.concurrent;

import org.jspecify.annotations.NullMarked;
