package dev.streamedge.edge.route;

import dev.streamedge.edge.config.CacheBehavior;
import dev.streamedge.edge.config.Distribution;
import dev.streamedge.edge.config.OriginGroup;
import dev.streamedge.edge.lifecycle.CacheSetup;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the cache behavior for a request path: {@code cacheBehaviors} in order, first match wins,
 * {@code defaultCacheBehavior} last (CloudFront's precedence rules). Immutable; built once per
 * configuration.
 */
public final class BehaviorRouter {
  private final List<Entry> entries;
  private final Route fallback;

  private record Entry(PathPattern pattern, Route route) {}

  /**
   * @param targetedCacheControlField the edge's RFC 9213 targeted field, or null
   */
  public BehaviorRouter(Distribution distribution, String targetedCacheControlField) {
    List<Entry> list = new ArrayList<>();
    int i = 0;
    for (CacheBehavior b : distribution.cacheBehaviors()) {
      list.add(new Entry(PathPattern.of(b.pathPattern()), route(distribution, b, i++, targetedCacheControlField)));
    }
    this.entries = List.copyOf(list);
    this.fallback = route(distribution, distribution.defaultCacheBehavior(), -1, targetedCacheControlField);
  }

  private static Route route(Distribution d, CacheBehavior b, int index, String targeted) {
    OriginGroup target = d.target(b.targetOriginId()).orElseThrow(
        () -> new IllegalArgumentException("no origin " + b.targetOriginId()));
    return new Route(b, target, index, CacheSetup.of(b, targeted));
  }

  /** The route for a request path (the path only: no query string). */
  public Route route(String path) {
    for (Entry e : entries) {
      if (e.pattern.matches(path)) {
        return e.route;
      }
    }
    return fallback;
  }
}
