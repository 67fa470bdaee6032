package dev.streamedge.edge.shield;

import dev.streamedge.edge.config.Origin;
import java.util.List;

/**
 * Which shields (the regional tier between edges and the origins) a cache fill tries first, in
 * order, before the behavior's own origin group. Implementations choose per cache key (and slice)
 * so that each object is fetched from the origin by one shield only; the edge's failover moves to
 * the next shield, then to the origins, when one fails.
 */
@FunctionalInterface
public interface ShieldRouting {
  /** No shield tier: fills go straight to the origins. */
  ShieldRouting NONE = (key, slice) -> List.of();

  /**
   * @param cacheKey the object's cache key
   * @param sliceIndex the slice of a large object, or -1 for a whole object
   * @return shields to try in order; empty for none
   */
  List<Origin> shieldsFor(String cacheKey, long sliceIndex);
}
