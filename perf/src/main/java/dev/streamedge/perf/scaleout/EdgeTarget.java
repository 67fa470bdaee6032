package dev.streamedge.perf.scaleout;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.cluster.ClusterTarget;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.shield.ShieldRouting;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A running edge as a cluster target, noting when each prefix was purged (the measurement). The
 * distribution is never changed in these runs: {@link #apply} refuses.
 */
final class EdgeTarget implements ClusterTarget {
  private final Edge edge;
  /** Purge completion time (System.nanoTime) by prefix, first purge only. */
  final Map<String, Long> purgedAt = new ConcurrentHashMap<>();
  /** Purges per prefix, to count duplicates. */
  final Map<String, Integer> purges = new ConcurrentHashMap<>();

  EdgeTarget(Edge edge) {
    this.edge = edge;
  }

  @Override
  public EdgeConfig config() {
    return edge.config();
  }

  @Override
  public void apply(EdgeConfig config) {
    throw new UnsupportedOperationException("the scale-out runs never change the distribution");
  }

  @Override
  public long purge(String prefix) {
    long removed = edge.purge(prefix);
    purgedAt.putIfAbsent(prefix, System.nanoTime());
    purges.merge(prefix, 1, Integer::sum);
    return removed;
  }

  @Override
  public void shields(ShieldRouting routing) {
    // no shields in these runs
  }
}
