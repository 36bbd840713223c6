/**
 * Renders the model as text: canonical {@code CREATE} statements (the shape {@code SHOW CREATE}
 * prints), unified diffs, JSON reports and summaries.
 *
 * @see dev.opskit.schemadiff.render.DdlRenderer
 */
@NullMarked
package dev.opskit.schemadiff.render;

import org.jspecify.annotations.NullMarked;
