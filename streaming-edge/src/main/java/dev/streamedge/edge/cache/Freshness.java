package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpDates;
import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Freshness lifetime for a shared cache, RFC 9111 §4.2.1–4.2.2, before any edge TTL policy:
 * {@code s-maxage}, else {@code max-age}, else {@code Expires - Date}, else (if allowed) a
 * heuristic. An invalid {@code Expires} (including "0") means already expired; several different
 * {@code Expires} lines are treated the same way (§4.2.1 offers "first" or "stale"; stale is the
 * safe one).
 */
public final class Freshness {
  /** RFC 9110 §15.1: statuses that are heuristically cacheable. */
  public static final Set<Integer> HEURISTICALLY_CACHEABLE =
      Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);

  /** The fraction of {@code Date - Last-Modified} used as heuristic lifetime (§4.2.2 suggests 10%). */
  public static final int HEURISTIC_PERCENT = 10;

  private Freshness() {}

  /** Where an explicit lifetime came from. */
  public enum Source { S_MAXAGE, MAX_AGE, EXPIRES }

  /**
   * An explicit freshness lifetime.
   *
   * @param seconds the lifetime, 0 or more
   */
  public record Lifetime(long seconds, Source source) {
    public Lifetime {
      Objects.requireNonNull(source, "source");
      if (seconds < 0) {
        throw new IllegalArgumentException("seconds " + seconds);
      }
    }
  }

  /**
   * The explicit lifetime, or empty when the response has none.
   *
   * @param useExpires false when a targeted field governs (RFC 9213 §2.2: Expires is ignored)
   */
  public static Optional<Lifetime> explicit(CacheControl cc, boolean useExpires, HttpFields headers, Instant responseTime) {
    OptionalLong sMaxAge = cc.sMaxAge();
    if (sMaxAge.isPresent()) {
      return Optional.of(new Lifetime(sMaxAge.getAsLong(), Source.S_MAXAGE));
    }
    OptionalLong maxAge = cc.maxAge();
    if (maxAge.isPresent()) {
      return Optional.of(new Lifetime(maxAge.getAsLong(), Source.MAX_AGE));
    }
    if (useExpires) {
      List<String> expires = headers.all("Expires");
      if (!expires.isEmpty()) {
        return Optional.of(new Lifetime(expiresLifetime(expires, headers, responseTime), Source.EXPIRES));
      }
    }
    return Optional.empty();
  }

  private static long expiresLifetime(List<String> expiresLines, HttpFields headers, Instant responseTime) {
    String first = expiresLines.get(0).trim();
    for (String line : expiresLines) {
      if (!line.trim().equals(first)) {
        return 0;
      }
    }
    Optional<Instant> expires = HttpDates.parse(first);
    if (expires.isEmpty()) {
      return 0;
    }
    long seconds = expires.get().getEpochSecond() - dateValue(headers, responseTime).getEpochSecond();
    return Math.max(0, Math.min(seconds, CacheControl.DELTA_MAX));
  }

  /**
   * The heuristic lifetime (§4.2.2): {@value #HEURISTIC_PERCENT}% of {@code Date - Last-Modified},
   * at most {@code capSeconds}; empty when the status is not heuristically cacheable or there is
   * no usable Last-Modified (absent, invalid, or after Date).
   */
  public static OptionalLong heuristic(int status, HttpFields headers, Instant responseTime, long capSeconds) {
    if (!HEURISTICALLY_CACHEABLE.contains(status)) {
      return OptionalLong.empty();
    }
    Optional<Instant> lastModified = HttpDates.parse(headers.get("Last-Modified"));
    if (lastModified.isEmpty()) {
      return OptionalLong.empty();
    }
    long since = dateValue(headers, responseTime).getEpochSecond() - lastModified.get().getEpochSecond();
    if (since < 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.min(since * HEURISTIC_PERCENT / 100, Math.max(0, capSeconds)));
  }

  /** {@code date_value}: the Date field, or {@code responseTime} when it is missing or invalid. */
  public static Instant dateValue(HttpFields headers, Instant responseTime) {
    return HttpDates.parse(headers.get("Date")).orElse(responseTime);
  }
}
