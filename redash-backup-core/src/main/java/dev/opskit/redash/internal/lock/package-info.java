/**
 * Who holds a store lock, and whether that owner is provably dead. Internal to opskit; may change
 * in any release.
 */
@NullMarked
package dev.opskit.redash.internal.lock;

import org.jspecify.annotations.NullMarked;
