/**
 * The signing machinery behind {@link dev.opskit.sigv4.AwsSigV4Signer}: request canonicalization,
 * body buffering and the HttpClient 5 exec-chain handlers.
 *
 * <p>Internal to opskit; may change in any release.
 *
 * @see dev.opskit.sigv4.AwsSigV4Signer
 */
@NullMarked
package dev.opskit.sigv4.internal;

import org.jspecify.annotations.NullMarked;
