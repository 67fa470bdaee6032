package dev.streamedge.edge.route;

import dev.streamedge.edge.config.CacheBehavior;
import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.lifecycle.CacheSetup;

/**
 * Where a request goes: its behavior and that behavior's origin.
 *
 * @param behaviorIndex position in {@code cacheBehaviors}, or -1 for the default behavior
 * @param cache the behavior's caching rules and key
 */
public record Route(CacheBehavior behavior, Origin origin, int behaviorIndex, CacheSetup cache) {}
