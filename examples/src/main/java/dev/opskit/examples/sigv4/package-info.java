/**
 * Example: index, bulk-load and search an IAM-protected Amazon OpenSearch Service domain through a
 * SigV4-signed HttpClient.
 *
 * @see dev.opskit.examples.sigv4.SigV4Example
 */
@NullMarked
package dev.opskit.examples.sigv4;

import org.jspecify.annotations.NullMarked;
