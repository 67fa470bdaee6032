/**
 * The edge's caching rules, pure and table-tested: Cache-Control and targeted cache-control
 * parsing (RFC 9111 §5.2, RFC 9213), freshness and age (RFC 9111 §4.2), the CloudFront
 * min/default/max TTL merge, storability (RFC 9111 §3), lookup and revalidation decisions, viewer
 * preconditions (RFC 9110 §13), Vary, cache keys in CloudFront's cache-policy vocabulary, what is
 * forwarded to the origin, and invalidation paths. No Netty, no I/O, time passed in; the Netty
 * edge calls these and does the I/O. docs/caching.md explains the rules with examples.
 */
package dev.streamedge.edge.cache;
