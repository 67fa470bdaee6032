package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpFields;
import java.util.Objects;

/** What to do with a request given what is (or is not) stored for its key. */
public sealed interface LookupDecision {
  /** Serve the stored response; send {@code Age: ageSeconds}. */
  record Fresh(long ageSeconds) implements LookupDecision {}

  /**
   * The stored response needs validation: send {@code conditionalHeaders} (If-None-Match /
   * If-Modified-Since, possibly empty) to the origin. A 304 refreshes it ({@link
   * CacheRules#refresh}); a 200 replaces it.
   *
   * @param serveWhileRevalidating within stale-while-revalidate: answer now from the stored
   *     response and revalidate once in the background
   * @param serveOnError within stale-if-error now: if the origin fails (≥ 500, refused, timeout),
   *     answer with the stored response (re-check at failure time with {@link
   *     CacheRules#mayServeStaleOnError})
   */
  record Stale(
      long ageSeconds,
      long stalenessSeconds,
      HttpFields conditionalHeaders,
      boolean serveWhileRevalidating,
      boolean serveOnError) implements LookupDecision {
    public Stale {
      Objects.requireNonNull(conditionalHeaders, "conditionalHeaders");
    }
  }

  /** Not usable from cache: fetch (collapsed when cacheable). */
  record Miss(MissReason reason) implements LookupDecision {
    public Miss {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The request said {@code only-if-cached} and nothing usable is stored: answer 504. */
  record Unavailable() implements LookupDecision {}

  /** Why a lookup missed. */
  enum MissReason {
    /** Nothing stored under the key (or its Vary variant). */
    NOT_CACHED,
    /** The request has Authorization and the stored response may not be reused for it. */
    AUTHORIZATION
  }
}
