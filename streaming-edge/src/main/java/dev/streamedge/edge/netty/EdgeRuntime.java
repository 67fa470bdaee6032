package dev.streamedge.edge.netty;

import dev.streamedge.edge.config.EdgeSettings;
import dev.streamedge.edge.lifecycle.RequestLifecycle;
import dev.streamedge.edge.proxy.RequestIds;
import io.netty.channel.Channel;
import dev.streamedge.edge.failover.LivePlaylistWatch;
import dev.streamedge.edge.metrics.EdgeMetrics;
import dev.streamedge.edge.failover.OriginHealth;
import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.config.OriginGroup;
import dev.streamedge.edge.shield.ShieldRouting;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/** The services every viewer connection shares; wired once by {@link EdgeServer}. */
final class EdgeRuntime {
  private final EdgeSettings settings;
  private volatile RequestLifecycle lifecycle;
  private final OriginClient originClient;
  private final RequestIds requestIds;
  private final Clock clock;
  private EdgeCache cache;
  private EdgeMetrics metrics;
  private volatile ShieldRouting shields = ShieldRouting.NONE;
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

  /** Swaps the request lifecycle (a new distribution); requests already planned finish as they were. */
  void lifecycle(RequestLifecycle l) {
    this.lifecycle = l;
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

  ShieldRouting shields() {
    return shields;
  }

  void shields(ShieldRouting routing) {
    this.shields = routing == null ? ShieldRouting.NONE : routing;
  }

  /**
   * The members a cache fill tries: the shields chosen for this key first (when there is a shield
   * tier), then the behavior's origin group. Shields fail over on any 5xx as well as the group's codes.
   */
  OriginGroup fillTarget(OriginGroup group, String cacheKey, long sliceIndex) {
    List<Origin> chosen = shields.shieldsFor(cacheKey, sliceIndex);
    if (chosen.isEmpty()) {
      return group;
    }
    List<Origin> members = new java.util.ArrayList<>(chosen);
    for (Origin o : group.members()) {
      if (!members.contains(o)) {
        members.add(o);
      }
    }
    Set<Integer> codes = new java.util.HashSet<>(group.failoverStatusCodes());
    codes.addAll(List.of(500, 502, 503, 504));
    return new OriginGroup("shields>" + group.id(), members, codes);
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

  /**
   * Purges every stored key starting with {@code prefix}, off the event loop; copies in memory
   * stop being served at once ({@link EdgeCache#beginPurge}).
   */
  void invalidate(String prefix) {
    EdgeCache c = cache;
    c.beginPurge(prefix);
    try {
      c.blocking().execute(() -> {
        try {
          c.purgePrefix(prefix);
        } finally {
          c.endPurge(prefix);
        }
      });
    } catch (RuntimeException e) {
      c.endPurge(prefix);
      throw e;
    }
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
