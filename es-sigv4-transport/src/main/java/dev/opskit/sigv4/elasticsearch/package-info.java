/**
 * A signed Elasticsearch low-level client: Elastic's {@code Rest5Client} on HttpClient 5 async.
 *
 * <p>Needs {@code co.elastic.clients:elasticsearch-rest5-client} on the class path; this module
 * declares it optional. The high-level {@code ElasticsearchClient} refuses servers that do not send
 * Elastic's {@code X-Elastic-Product} header, which Amazon OpenSearch Service and Amazon
 * Elasticsearch Service domains never send; use the low-level client, or the OpenSearch client.
 *
 * @see dev.opskit.sigv4.elasticsearch.SignedRest5Client
 */
@NullMarked
package dev.opskit.sigv4.elasticsearch;

import org.jspecify.annotations.NullMarked;
