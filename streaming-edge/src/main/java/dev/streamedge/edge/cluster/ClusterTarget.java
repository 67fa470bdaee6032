package dev.streamedge.edge.cluster;

import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.shield.ShieldRouting;

/**
 * What a cluster node drives: an edge (or shield) that can swap its distribution, purge its cache
 * and route fills through shields. {@link ClusterNode#start(dev.streamedge.edge.Edge, EtcdSettings)}
 * adapts a running {@link dev.streamedge.edge.Edge}.
 */
public interface ClusterTarget {
  /** The configuration being served. */
  EdgeConfig config();

  /**
   * Swaps in {@code config} atomically (same edge settings, another distribution).
   *
   * @throws RuntimeException when the edge refuses it (the previous one stays)
   */
  void apply(EdgeConfig config);

  /** Removes cached objects whose key starts with {@code prefix}; blocking. */
  long purge(String prefix);

  /** Where fills go first. */
  void shields(ShieldRouting routing);
}
