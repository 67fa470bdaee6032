package dev.streamedge.edge.lifecycle;

import dev.streamedge.edge.cache.CacheKeyPolicy;
import dev.streamedge.edge.cache.CacheRules;
import dev.streamedge.edge.cache.OriginForwarding;
import dev.streamedge.edge.cache.TargetedFields;
import dev.streamedge.edge.cache.TtlPolicy;
import dev.streamedge.edge.config.CacheBehavior;

/**
 * A behavior's caching, built once from its configuration: the freshness and storage rules, the
 * cache key, and what a cache fill forwards to the origin.
 */
public record CacheSetup(CacheRules rules, CacheKeyPolicy keyPolicy, OriginForwarding forwarding) {
  public static CacheSetup of(CacheBehavior b, String targetedField) {
    TtlPolicy ttl = TtlPolicy.of(b.minTtl(), b.defaultTtl(), b.maxTtl()).withErrorCachingMinTtl(b.errorCachingMinTtl());
    TargetedFields targeted = targetedField == null ? TargetedFields.cdnOnly() : TargetedFields.withEdgeField(targetedField);
    CacheKeyPolicy key = b.cachePolicy();
    return new CacheSetup(new CacheRules(ttl, targeted, false), key,
        new OriginForwarding(key, b.originRequestPolicy()));
  }
}
