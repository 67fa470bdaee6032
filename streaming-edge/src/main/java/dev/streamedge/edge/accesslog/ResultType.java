package dev.streamedge.edge.accesslog;

/**
 * CloudFront's {@code x-edge-result-type} / {@code x-edge-response-result-type} values (standard
 * log fields 14 and 23). The first two are how the edge classified the response after the last
 * byte and before the first byte; they differ when something failed mid-body.
 */
public enum ResultType {
  /** Served from the edge cache without contacting the origin. */
  HIT("Hit"),
  /** Found in the cache but stale; the origin confirmed it (304) and the cached copy was served. */
  REFRESH_HIT("RefreshHit"),
  /** Not served from the cache: fetched from the origin (a cache fill or a pass-through). */
  MISS("Miss"),
  /** Refused because a configured limit was exceeded. */
  LIMIT_EXCEEDED("LimitExceeded"),
  /** Refused with 503 because the edge had no capacity for it at the time. */
  CAPACITY_EXCEEDED("CapacityExceeded"),
  /** A 4xx/5xx response, or a response that did not complete (viewer or origin went away). */
  ERROR("Error"),
  /** The edge redirected the viewer itself (CloudFront: HTTP to HTTPS). */
  REDIRECT("Redirect");

  private final String token;

  ResultType(String token) {
    this.token = token;
  }

  /** The exact word CloudFront writes in the log. */
  public String token() {
    return token;
  }
}
