package dev.streamedge.edge.netty;

import dev.streamedge.edge.config.EdgeSettings;
import dev.streamedge.edge.lifecycle.RequestLifecycle;
import dev.streamedge.edge.proxy.RequestIds;
import io.netty.channel.Channel;
import dev.streamedge.edge.failover.LivePlaylistWatch;
import dev.streamedge.edge.metrics.EdgeMetrics;
import dev.streamedge.edge.failover.OriginHealth;
import java.time.Clock;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/** The services every viewer connection shares; wired once by {@link EdgeServer}. */
final class EdgeRuntime {
  private final EdgeSettings settings;
  private final RequestLifecycle lifecycle;
  private final OriginClient originClient;
  private final RequestIds requestIds;
  private final Clock clock;
  private EdgeCache cache;
  private EdgeMetrics metrics;
  private RequestLog requestLog = new RequestLog(null, null, null);
  private final OriginHealth health;
  private final LivePlaylistWatch playlists = new LivePlaylistWatch();
  private final ChannelGroup viewers = new DefaultChannelGroup("viewers", GlobalEventExecutor.INSTANCE);
  private volatile boolean draining;

  EdgeRuntime(EdgeSettings settings, RequestLifecycle lifecycle, OriginClient originClient, RequestIds requestIds,
      Clock clock, OriginHealth health) {
    this.health = health;
    this.settings = settings;
    this.clock = clock;
    this.lifecycle = lifecycle;
    this.originClient = originClient;
    this.requestIds = requestIds;
  }

  EdgeSettings settings() {
    return settings;
  }

  RequestLifecycle lifecycle() {
    return lifecycle;
  }

  OriginClient originClient() {
    return originClient;
  }

  /** The metrics, or null in setups without them. */
  EdgeMetrics metrics() {
    return metrics;
  }

  RequestLog requestLog() {
    return requestLog;
  }

  void observability(EdgeMetrics m, RequestLog log) {
    this.metrics = m;
    this.requestLog = log;
  }

  OriginHealth health() {
    return health;
  }

  LivePlaylistWatch playlists() {
    return playlists;
  }

  EdgeCache cache() {
    return cache;
  }

  void cache(EdgeCache c) {
    this.cache = c;
  }

  /** Purges every stored key starting with {@code prefix}, off the event loop. */
  void invalidate(String prefix) {
    EdgeCache c = cache;
    c.clearPass(prefix);
    c.blocking().execute(() -> c.store().purgePrefix(prefix));
  }

  Clock clock() {
    return clock;
  }

  RequestIds requestIds() {
    return requestIds;
  }

  boolean draining() {
    return draining;
  }

  void startDraining() {
    draining = true;
  }

  void connectionOpened(Channel ch) {
    viewers.add(ch);
  }

  void connectionClosed(Channel ch) {
    viewers.remove(ch);
  }

  ChannelGroup viewers() {
    return viewers;
  }
}
