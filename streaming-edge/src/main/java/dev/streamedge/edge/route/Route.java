package dev.streamedge.edge.route;

import dev.streamedge.edge.config.CacheBehavior;
import dev.streamedge.edge.config.Origin;

/**
 * Where a request goes: its behavior and that behavior's origin.
 *
 * @param behaviorIndex position in {@code cacheBehaviors}, or -1 for the default behavior
 */
public record Route(CacheBehavior behavior, Origin origin, int behaviorIndex) {}
