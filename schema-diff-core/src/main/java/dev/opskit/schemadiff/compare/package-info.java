/**
 * Compares two schemas of the model: ignore rules that strip what a caller does not care about, and
 * the structured changes per object that reports and migrations are built from.
 *
 * @see dev.opskit.schemadiff.compare.IgnoreRules
 */
@NullMarked
package dev.opskit.schemadiff.compare;

import org.jspecify.annotations.NullMarked;
