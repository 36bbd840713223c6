/**
 * The rules every opskit module follows, as checks a module's tests call: package layout and
 * library manners (ArchUnit) and the shape of its published jars.
 *
 * @see dev.opskit.testing.arch.OpskitArchitecture
 * @see dev.opskit.testing.arch.ModuleJar
 */
@NullMarked
package dev.opskit.testing.arch;

import org.jspecify.annotations.NullMarked;
