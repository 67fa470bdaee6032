package dev.streamedge.edge.cluster;

import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.shield.ShieldRouting;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ClusterTarget} that records what it is told: for the sync tests, where no traffic flows. */
final class RecordingTarget implements ClusterTarget {
  private volatile EdgeConfig config;
  final List<EdgeConfig> applied = new CopyOnWriteArrayList<>();
  final List<String> purged = new CopyOnWriteArrayList<>();
  volatile ShieldRouting routing = ShieldRouting.NONE;

  RecordingTarget(EdgeConfig config) {
    this.config = config;
  }

  @Override
  public EdgeConfig config() {
    return config;
  }

  @Override
  public void apply(EdgeConfig c) {
    applied.add(c);
    config = c;
  }

  @Override
  public long purge(String prefix) {
    purged.add(prefix);
    return 0;
  }

  @Override
  public void shields(ShieldRouting r) {
    routing = r;
  }

  /** The first origin's URL of the distribution being served: what the tests vary. */
  String originUrl() {
    return config.distribution().origins().get(0).url().toString();
  }
}
