/**
 * Renders the model as text: canonical {@code CREATE} statements (the shape {@code SHOW CREATE}
 * prints). Reports of a comparison (unified diff, JSON) live with {@code SchemaDiff}, above the
 * comparison they describe.
 *
 * @see dev.opskit.schemadiff.internal.render.DdlRenderer
 */
@NullMarked
package dev.opskit.schemadiff.internal.render;

import org.jspecify.annotations.NullMarked;
