/**
 * The migration planner (internal): turns a diff into ordered statements a real server accepts,
 * classifies each safe or unsafe, and guards a script against a second run. Not API: use {@link
 * dev.opskit.schemadiff.SchemaDiff#migration}.
 */
@NullMarked
package dev.opskit.schemadiff.internal.migrate;

import org.jspecify.annotations.NullMarked;
