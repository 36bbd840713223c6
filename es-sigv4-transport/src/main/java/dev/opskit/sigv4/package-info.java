/**
 * Signs Apache HttpClient 5 requests with AWS Signature Version 4, so the OpenSearch and
 * Elasticsearch Java clients can talk to IAM-protected Amazon OpenSearch Service domains.
 *
 * <p>Replaces hand-signed requests and undocumented transports, with credentials from the AWS SDK.
 */
@NullMarked
package dev.opskit.sigv4;

import org.jspecify.annotations.NullMarked;
