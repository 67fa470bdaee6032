package dev.streamedge.edge.route;

import dev.streamedge.edge.config.CacheBehavior;
import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.config.OriginGroup;
import dev.streamedge.edge.lifecycle.CacheSetup;

/**
 * Where a request goes: its behavior and that behavior's origin group (a single origin is a
 * group of one).
 *
 * @param behaviorIndex position in {@code cacheBehaviors}, or -1 for the default behavior
 * @param cache the behavior's caching rules and key
 */
public record Route(CacheBehavior behavior, OriginGroup target, int behaviorIndex, CacheSetup cache) {
  /** The first origin to try: the group's primary member. */
  public Origin origin() {
    return target.primary();
  }
}
