package dev.streamedge.edge.config;

import dev.streamedge.edge.auth.KeyGroupSpec;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The distribution an edge serves ({@code distribution:}): origins and the ordered cache behaviors
 * that route requests to them (CloudFront's model: first matching {@code cacheBehaviors} entry wins,
 * {@code defaultCacheBehavior} last).
 *
 * @param publicBaseUrl the distribution's public URL (scheme and host), used by signed policies;
 *     null to use the request's own
 * @param keyGroups public keys that may sign URLs and cookies, by group
 * @param originGroups origins tried in order with failover, by id
 */
public record Distribution(
    URI publicBaseUrl,
    List<Origin> origins,
    CacheBehavior defaultCacheBehavior,
    List<CacheBehavior> cacheBehaviors,
    List<KeyGroupSpec> keyGroups,
    List<OriginGroup> originGroups) {
  public Distribution {
    keyGroups = List.copyOf(keyGroups);
    originGroups = List.copyOf(originGroups);
    origins = List.copyOf(origins);
    cacheBehaviors = List.copyOf(cacheBehaviors);
    Objects.requireNonNull(defaultCacheBehavior, "defaultCacheBehavior");
  }

  public Optional<Origin> origin(String id) {
    for (Origin o : origins) {
      if (o.id().equals(id)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  /** The target a behavior's {@code targetOriginId} names: an origin group, or one origin as a group of one. */
  public Optional<OriginGroup> target(String id) {
    for (OriginGroup g : originGroups) {
      if (g.id().equals(id)) {
        return Optional.of(g);
      }
    }
    return origin(id).map(OriginGroup::of);
  }

  /** Origins by id, in declaration order. */
  public Map<String, Origin> originsById() {
    Map<String, Origin> m = new java.util.LinkedHashMap<>();
    origins.forEach(o -> m.put(o.id(), o));
    return m;
  }
}
