package dev.streamedge.edge.cluster;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.shield.ShieldRouting;
import java.util.Objects;

/** A running {@link Edge} as what a cluster node drives. */
final class EdgeClusterTarget implements ClusterTarget {
  private final Edge edge;

  EdgeClusterTarget(Edge edge) {
    this.edge = Objects.requireNonNull(edge, "edge");
  }

  @Override
  public EdgeConfig config() {
    return edge.config();
  }

  @Override
  public void apply(EdgeConfig config) {
    edge.apply(config);
  }

  @Override
  public long purge(String prefix) {
    return edge.purge(prefix);
  }

  @Override
  public void shields(ShieldRouting routing) {
    edge.shields(routing);
  }
}
