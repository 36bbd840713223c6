/**
 * The comparison itself (internal): matches objects and their parts and records typed differences,
 * as the ignore rules decide what counts. Not API: use {@link
 * dev.opskit.schemadiff.SchemaComparator}.
 */
@NullMarked
package dev.opskit.schemadiff.internal.compare;

import org.jspecify.annotations.NullMarked;
