/**
 * Signed OpenSearch clients: the OpenSearch Java client over {@code ApacheHttpClient5Transport} and
 * the OpenSearch low-level {@code RestClient}, both on HttpClient 5 async.
 *
 * <p>These need {@code org.opensearch.client:opensearch-java} or {@code
 * org.opensearch.client:opensearch-rest-client} on the class path; this module declares them
 * optional.
 *
 * @see dev.opskit.sigv4.opensearch.SignedOpenSearch
 */
@NullMarked
package dev.opskit.sigv4.opensearch;

import org.jspecify.annotations.NullMarked;
