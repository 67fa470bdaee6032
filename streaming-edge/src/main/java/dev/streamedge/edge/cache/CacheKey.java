package dev.streamedge.edge.cache;

import java.util.Objects;

/**
 * An explicit cache key. Its text always begins with the request's URL part — the raw path,
 * then {@code ?} and the query string as the cache policy keeps it — followed by one space, then
 * the header ({@code h}), cookie ({@code c}) and Vary variant ({@code v}) sections, each made of
 * length-prefixed tokens. A request path and query never contain a space (the request-target
 * check rejects it), so the URL part ends at the first space; every later part is
 * self-delimiting. Hence two different requests never share a key by accident, and all keys of
 * one URL — or of one path prefix — are contiguous in a sorted store, which is what prefix purge
 * and invalidation rely on.
 *
 * <p>Examples: {@code /videos/a/seg_1.ts?v=2 } (query in key, nothing else); {@code /index.html
 * h15:accept-language5:fr-FRc7:session3:abc}.
 */
public record CacheKey(String value) {
  public CacheKey {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.charAt(0) != '/' || value.indexOf(' ') < 0) {
      throw new IllegalArgumentException("not a cache key: '" + value + "'");
    }
  }

  /** The URL part: path and kept query, without the trailing space. */
  public String urlPart() {
    return value.substring(0, value.indexOf(' '));
  }

  /**
   * The key of one Vary variant of this key: the secondary key ({@link Vary#secondaryKey}) appended
   * as a {@code v} section. Variants start with their primary key, so they are purged with it.
   */
  public CacheKey withVariant(String secondaryKey) {
    StringBuilder sb = new StringBuilder(value).append(" v");
    CacheKeyCodec.appendToken(sb, secondaryKey);
    return new CacheKey(sb.toString());
  }

  /** The store prefix that covers every key (and variant) of exactly this URL part. */
  public static String urlPrefix(String urlPart) {
    return urlPart + " ";
  }

  @Override
  public String toString() {
    return value;
  }
}
