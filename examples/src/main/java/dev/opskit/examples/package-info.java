/**
 * Runnable examples of the opskit modules, starting with {@link dev.opskit.examples.Tour}, which
 * prints what each module does and which local servers it found.
 *
 * <p>Unlike the library modules, examples print to standard output and read the environment.
 *
 * @see dev.opskit.examples.Tour
 */
@NullMarked
package dev.opskit.examples;

import org.jspecify.annotations.NullMarked;
