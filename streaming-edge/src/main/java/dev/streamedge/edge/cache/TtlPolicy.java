package dev.streamedge.edge.cache;

/**
 * A cache behavior's TTL settings, in seconds, with CloudFront's meaning (see {@link CacheRules}
 * and docs/caching.md for the full table).
 *
 * @param minTtl lower bound for explicit lifetimes; when above 0, {@code no-cache}, {@code
 *     no-store} and {@code private} from the origin are overridden and the response is cached for
 *     {@code minTtl} (CloudFront's documented behavior)
 * @param defaultTtl lifetime when the origin sends no {@code s-maxage}/{@code max-age}/{@code
 *     Expires} (the edge uses {@code max(minTtl, defaultTtl)}); 0 with {@code minTtl} 0 makes the
 *     edge a plain RFC 9111 shared cache that invents no freshness
 * @param maxTtl upper bound for explicit lifetimes and for {@code stale-while-revalidate} / {@code
 *     stale-if-error} windows
 * @param errorCachingMinTtl how long cacheable 4xx/5xx responses are kept at least
 * @param heuristicFreshness when true, a response without explicit lifetime but with {@code
 *     Last-Modified} gets the RFC 9111 §4.2.2 heuristic (10% of its age at fetch time, at most
 *     {@code heuristicMaxTtl}, then clamped to [minTtl, maxTtl]) instead of {@code defaultTtl}
 * @param heuristicMaxTtl cap for the heuristic lifetime
 */
public record TtlPolicy(
    long minTtl,
    long defaultTtl,
    long maxTtl,
    long errorCachingMinTtl,
    boolean heuristicFreshness,
    long heuristicMaxTtl) {
  /** CloudFront's defaults: 0 / 1 day / 1 year. */
  public static final long DEFAULT_DEFAULT_TTL = 86_400;
  public static final long DEFAULT_MAX_TTL = 31_536_000;
  public static final long DEFAULT_ERROR_CACHING_MIN_TTL = 10;
  public static final long DEFAULT_HEURISTIC_MAX_TTL = 86_400;

  public TtlPolicy {
    check("minTtl", minTtl);
    check("defaultTtl", defaultTtl);
    check("maxTtl", maxTtl);
    check("errorCachingMinTtl", errorCachingMinTtl);
    check("heuristicMaxTtl", heuristicMaxTtl);
    if (minTtl > defaultTtl) {
      throw new IllegalArgumentException("minTtl (" + minTtl + ") must not exceed defaultTtl (" + defaultTtl + ")");
    }
    if (defaultTtl > maxTtl) {
      throw new IllegalArgumentException("defaultTtl (" + defaultTtl + ") must not exceed maxTtl (" + maxTtl + ")");
    }
  }

  /** min/default/max with the other settings at their defaults. */
  public static TtlPolicy of(long minTtl, long defaultTtl, long maxTtl) {
    return new TtlPolicy(minTtl, defaultTtl, maxTtl, DEFAULT_ERROR_CACHING_MIN_TTL, false, DEFAULT_HEURISTIC_MAX_TTL);
  }

  /** CloudFront's defaults: minTtl 0, defaultTtl 86400, maxTtl 31536000, errors 10 s. */
  public static TtlPolicy cloudFrontDefaults() {
    return of(0, DEFAULT_DEFAULT_TTL, DEFAULT_MAX_TTL);
  }

  public TtlPolicy withErrorCachingMinTtl(long seconds) {
    return new TtlPolicy(minTtl, defaultTtl, maxTtl, seconds, heuristicFreshness, heuristicMaxTtl);
  }

  public TtlPolicy withHeuristicFreshness(boolean enabled, long maxSeconds) {
    return new TtlPolicy(minTtl, defaultTtl, maxTtl, errorCachingMinTtl, enabled, maxSeconds);
  }

  /** {@code seconds} bounded to [minTtl, maxTtl]. */
  long clamp(long seconds) {
    return Math.max(minTtl, Math.min(seconds, maxTtl));
  }

  private static void check(String name, long v) {
    if (v < 0 || v > 3_153_600_000L) {
      throw new IllegalArgumentException(name + " must be between 0 and 3153600000 seconds (100 years), got " + v);
    }
  }
}
