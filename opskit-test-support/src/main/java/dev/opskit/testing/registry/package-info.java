/**
 * A real OCI distribution registry for tests: the CNCF distribution registry (Debian's {@code
 * docker-registry}) started on a free loopback port with htpasswd auth, one process per test class.
 *
 * @see dev.opskit.testing.registry.LocalRegistry
 */
@NullMarked
package dev.opskit.testing.registry;

import org.jspecify.annotations.NullMarked;
