package dev.streamedge.edge.cache;

import java.util.Objects;

/**
 * What the edge decided, at store time, about how long and how a stored response may be reused.
 * Kept with the stored response (it is small and all-primitive, so it serializes trivially into
 * the store's metadata) and recomputed when a 304 refreshes the entry.
 *
 * @param ttlSeconds the edge's freshness lifetime (compared with the RFC 9111 current age)
 * @param source where {@code ttlSeconds} came from, for logs and the docs' examples
 * @param alwaysRevalidate {@code no-cache} honored: every reuse needs a successful validation
 * @param noStaleServing {@code must-revalidate}, {@code proxy-revalidate} or {@code no-cache}:
 *     never serve it stale, not even within stale-while-revalidate / stale-if-error
 * @param staleWhileRevalidateSeconds RFC 5861 window after expiry in which it may be served while
 *     one background revalidation runs (0 = none; capped at maxTtl as CloudFront does)
 * @param staleIfErrorSeconds RFC 5861 window after expiry in which it may be served when the
 *     origin fails (error status ≥ 500, refused connection, timeout)
 * @param reusableForAuthorized the response allows reuse for requests with {@code Authorization}
 *     (RFC 9111 §3.5: {@code public}, {@code s-maxage} or {@code must-revalidate})
 */
public record EdgeFreshness(
    long ttlSeconds,
    TtlSource source,
    boolean alwaysRevalidate,
    boolean noStaleServing,
    long staleWhileRevalidateSeconds,
    long staleIfErrorSeconds,
    boolean reusableForAuthorized) {
  public EdgeFreshness {
    Objects.requireNonNull(source, "source");
    if (ttlSeconds < 0 || staleWhileRevalidateSeconds < 0 || staleIfErrorSeconds < 0) {
      throw new IllegalArgumentException("negative duration");
    }
  }

  /** Where the edge's TTL came from. */
  public enum TtlSource {
    /** {@code s-maxage} (targeted field or Cache-Control), within [minTtl, maxTtl]. */
    S_MAXAGE,
    /** {@code max-age}, within [minTtl, maxTtl]. */
    MAX_AGE,
    /** {@code Expires - Date}, within [minTtl, maxTtl]. */
    EXPIRES,
    /** An explicit lifetime below minTtl, raised to it; or no-cache/no-store/private overridden by minTtl > 0. */
    MIN_TTL,
    /** An explicit lifetime above maxTtl, lowered to it. */
    MAX_TTL,
    /** No explicit lifetime: max(minTtl, defaultTtl). */
    DEFAULT_TTL,
    /** No explicit lifetime: the RFC 9111 §4.2.2 heuristic (when enabled). */
    HEURISTIC,
    /** {@code no-cache} honored (minTtl 0): stored, always revalidated. */
    NO_CACHE,
    /** A cacheable error: max(errorCachingMinTtl, the origin's max-age/s-maxage). */
    ERROR_CACHING
  }
}
