package dev.streamedge.edge;

import dev.streamedge.edge.accesslog.AccessLogSettings;
import dev.streamedge.edge.accesslog.AccessLogWriter;
import dev.streamedge.edge.admin.AdminApi;
import dev.streamedge.edge.metrics.EdgeMetrics;
import dev.streamedge.edge.metrics.MetricsRoutes;
import dev.streamedge.edge.admin.AdminResponse;
import dev.streamedge.edge.admin.Invalidations;
import dev.streamedge.edge.failover.HealthChecks;
import dev.streamedge.edge.failover.OriginHealth;
import dev.streamedge.edge.config.EdgeSettings;
import dev.streamedge.store.SegmentStore;
import dev.streamedge.store.rocks.RocksSegmentStore;
import dev.streamedge.store.rocks.RocksStoreConfig;
import dev.streamedge.edge.auth.KeyGroupException;
import dev.streamedge.edge.auth.KeyGroupSource;
import dev.streamedge.edge.auth.SignedAccessGate;
import dev.streamedge.edge.auth.SignedAccessVerifier;
import dev.streamedge.edge.config.ConfigException;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.lifecycle.RequestLifecycle;
import dev.streamedge.edge.netty.EdgeServer;
import dev.streamedge.edge.proxy.ProxyHeaders;
import dev.streamedge.edge.route.BehaviorRouter;
import dev.streamedge.edge.shield.ShieldRouting;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running edge node: wires the configuration into the request lifecycle and the Netty server.
 * This is the programmatic entry point (tests, the demo); {@code ./streamedge edge} wraps it.
 */
public final class Edge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Edge.class);

  private volatile EdgeConfig config;
  private KeyRing keys;
  private Clock clock;
  private OriginHealth health;
  private Set<String> checked;
  private AdminApi admin;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  private final EdgeServer server;
  private final ExecutorService blocking;
  private final ScheduledExecutorService housekeeping;
  private final SegmentStore store;
  private final AccessLogWriter accessLog;
  private final EdgeMetrics metrics;

  private Edge(EdgeConfig config, EdgeServer server, ExecutorService blocking, ScheduledExecutorService housekeeping,
      SegmentStore store, AccessLogWriter accessLog, EdgeMetrics metrics) {
    this.accessLog = accessLog;
    this.metrics = metrics;
    this.config = config;
    this.server = server;
    this.blocking = blocking;
    this.housekeeping = housekeeping;
    this.store = store;
  }

  /** Starts an edge for {@code config}; fails with a clear message when it cannot listen. */
  public static Edge start(EdgeConfig config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * Starts an edge with an explicit clock (tests).
   *
   * @throws ConfigException when a file the configuration names (a key) cannot be used
   */
  public static Edge start(EdgeConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    ExecutorService blocking = blockingExecutor(config.edge().blockingThreads());
    ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "edge-housekeeping");
      t.setDaemon(true);
      return t;
    });
    SegmentStore store = null;
    AccessLogWriter accessLog = null;
    try {
      KeyRing keys = new KeyRing(config.edge().keyReloadInterval(), housekeeping);
      RequestLifecycle lifecycle = lifecycleFor(config, keys, clock);
      store = openStore(config);
      SegmentStore openStore = store;
      EdgeServer[] serverRef = new EdgeServer[1];
      accessLog = startAccessLog(config, clock);
      EdgeMetrics.Builder metricsBuilder = EdgeMetrics.builder().clock(clock).edgeName(config.edge().name())
          .behaviors(behaviorLabels(config))
          .origins(config.distribution().origins().stream().map(o -> o.id()).toList())
          .store(openStore::stats)
          .openConnections(() -> serverRef[0] == null ? 0 : serverRef[0].openConnections());
      if (accessLog != null) {
        metricsBuilder.accessLog(accessLog);
      }
      EdgeMetrics metrics = metricsBuilder.build();
      AdminApi admin = AdminApi.withHealth(() -> serverRef[0] != null);
      MetricsRoutes.mount(admin, metrics);
      new Invalidations(prefix -> serverRef[0].purge(prefix), clock).mount(admin);
      OriginHealth health = OriginHealth.defaults();
      Set<String> checked = new HashSet<>();
      startHealthChecks(config, health, housekeeping, checked);
      admin.add("GET", "/origins", r -> AdminResponse.json(200, HealthChecks.json(health)));
      String host = config.distribution().publicBaseUrl() == null ? null : config.distribution().publicBaseUrl().getHost();
      EdgeServer server = EdgeServer.start(config.edge(), lifecycle, admin, blocking, store, clock, health,
          config.distribution().origins(), metrics, accessLog, host);
      serverRef[0] = server;
      Edge edge = new Edge(config, server, blocking, housekeeping, store, accessLog, metrics);
      edge.admin = admin;
      edge.keys = keys;
      edge.clock = clock;
      edge.health = health;
      edge.checked = checked;
      return edge;
    } catch (RuntimeException e) {
      if (accessLog != null) {
        accessLog.close();
      }
      blocking.shutdownNow();
      housekeeping.shutdownNow();
      if (store != null) {
        store.close();
      }
      throw e;
    }
  }

  private static List<String> behaviorLabels(EdgeConfig config) {
    List<String> labels = new ArrayList<>();
    config.distribution().cacheBehaviors().forEach(b -> labels.add(b.label()));
    labels.add(config.distribution().defaultCacheBehavior().label());
    return labels;
  }

  private static AccessLogWriter startAccessLog(EdgeConfig config, Clock clock) {
    AccessLogSettings s = config.edge().accessLog();
    if (s == null) {
      return null;
    }
    try {
      return AccessLogWriter.start(s, clock);
    } catch (UncheckedIOException e) {
      throw new ConfigException("edge.accessLog.path", "cannot open " + s.path() + ": " + e.getMessage());
    }
  }

  private static SegmentStore openStore(EdgeConfig config) {
    EdgeSettings.CacheSettings c = config.edge().cache();
    try {
      return RocksSegmentStore.open(RocksStoreConfig.of(c.dir(), c.maxSize()));
    } catch (RuntimeException e) {
      throw new ConfigException("edge.cache.dir", "cannot open the cache store in " + c.dir() + ": " + e.getMessage());
    }
  }

  /** The request lifecycle for a configuration: routes, signed access, TLS redirect port. */
  private static RequestLifecycle lifecycleFor(EdgeConfig config, KeyRing keys, Clock clock) {
    SignedAccessGate gate = keys.gateFor(config);
    RequestLifecycle lifecycle = new RequestLifecycle(
        new BehaviorRouter(config.distribution(), config.edge().targetedCacheControlField()),
        new ProxyHeaders(config.edge().name()), gate, clock, config.distribution().publicBaseUrl());
    if (config.edge().listenTls() != null) {
      lifecycle.httpsPort(config.edge().listenTls().getPort());
    }
    return lifecycle;
  }

  private static void startHealthChecks(EdgeConfig config, OriginHealth health, ScheduledExecutorService housekeeping,
      Set<String> checked) {
    List<dev.streamedge.edge.config.Origin> fresh = new ArrayList<>();
    for (dev.streamedge.edge.config.Origin o : config.distribution().origins()) {
      if (o.healthCheck() != null && checked.add(o.id())) {
        fresh.add(o);
      }
    }
    HealthChecks.start(fresh, health, housekeeping);
  }

  /**
   * The key groups the signed-access check verifies with: loaded once, re-read every
   * {@code edge.keyReloadInterval} (a rotated key works without a restart), replaced by a new
   * distribution's groups on {@link #apply}.
   */
  private static final class KeyRing {
    private final AtomicReference<KeyGroupSource> source = new AtomicReference<>();

    KeyRing(java.time.Duration every, ScheduledExecutorService housekeeping) {
      long ms = every.toMillis();
      housekeeping.scheduleWithFixedDelay(() -> {
        KeyGroupSource s = source.get();
        if (s == null) {
          return;
        }
        try {
          s.reload();
        } catch (RuntimeException e) {
          log.warn("key group reload failed: {}", e.toString());
        }
      }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The gate for {@code config}, or null when it has no key groups. */
    synchronized SignedAccessGate gateFor(EdgeConfig config) {
      if (config.distribution().keyGroups().isEmpty()) {
        return null;
      }
      KeyGroupSource s = source.get();
      if (s == null) {
        try {
          s = KeyGroupSource.load(config.distribution().keyGroups());
        } catch (KeyGroupException e) {
          throw new ConfigException("", e.getMessage());
        }
        source.set(s);
      } else if (!s.specs().equals(config.distribution().keyGroups())) {
        KeyGroupSource.ReloadOutcome r = s.reload(config.distribution().keyGroups());
        if (r instanceof KeyGroupSource.ReloadOutcome.Failed failed) {
          throw new ConfigException("distribution.keyGroups", failed.reason());
        }
      }
      return new SignedAccessGate(new SignedAccessVerifier(s),
          config.distribution().publicBaseUrl(), config.edge().clientIpHeader());
    }
  }

  /** A bounded pool for blocking work; a full queue is an overload the caller answers with 503. */
  private static ExecutorService blockingExecutor(int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor ex = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(10_000), r -> {
          Thread t = new Thread(r, "edge-blocking-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    ex.allowCoreThreadTimeOut(true);
    return ex;
  }

  public EdgeConfig config() {
    return config;
  }

  public InetSocketAddress address() {
    return server.viewerAddress();
  }

  public int port() {
    return server.viewerAddress().getPort();
  }

  /** The HTTPS listener's address, or null when {@code edge.listenTls} is not set. */
  public InetSocketAddress tlsAddress() {
    return server.tlsAddress();
  }

  /** The admin API's address, or null when {@code edge.adminListen} is not set. */
  public InetSocketAddress adminAddress() {
    return server.adminAddress();
  }

  public int openConnections() {
    return server.openConnections();
  }

  /** Stops accepting, lets in-flight responses finish (bounded), then releases everything. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return; // already stopped
    }
    housekeeping.shutdownNow();
    server.close();
    blocking.shutdown();
    try {
      if (!blocking.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("blocking work still running after 10 s; closing the store anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
    if (accessLog != null) {
      accessLog.close();
    }
    metrics.close();
  }

  /** The metrics registry's text exposition, as {@code GET /metrics} serves it. */
  public String scrapeMetrics() {
    return metrics.scrape();
  }

  /**
   * Serves {@code next} from now on: a new distribution (behaviors, origins, origin groups, key
   * groups) swapped in atomically — requests already in flight finish as they were planned, no
   * connection is dropped, nothing on the request path locks. The edge's own settings
   * ({@code edge:}) need a restart: a change there is refused. On any error the current
   * configuration stays.
   *
   * @throws ConfigException naming what is wrong
   */
  public synchronized void apply(EdgeConfig next) {
    Objects.requireNonNull(next, "next");
    if (!next.edge().equals(config.edge())) {
      throw new ConfigException("edge", "the edge's own settings changed; they take effect on a restart "
          + "(only the distribution is applied while running)");
    }
    RequestLifecycle lifecycle = lifecycleFor(next, keys, clock);
    server.apply(lifecycle, next.distribution().origins());
    startHealthChecks(next, health, housekeeping, checked);
    config = next;
    log.info("edge '{}' now serves a new distribution ({} behaviors, {} origins)", next.edge().name(),
        next.distribution().cacheBehaviors().size() + 1, next.distribution().origins().size());
  }

  /** The admin API, for components that add endpoints (a later registration replaces an earlier one). */
  public AdminApi admin() {
    return admin;
  }

  /** Where cache fills go first: the shield tier (null or {@code ShieldRouting.NONE} for none). */
  public void shields(ShieldRouting routing) {
    server.shields(routing == null ? ShieldRouting.NONE : routing);
  }

  /** The cache store (tests and tools). */
  public SegmentStore store() {
    return store;
  }

  /** Removes cached objects whose key starts with {@code prefix}. Blocks. */
  public long purge(String prefix) {
    return server.purge(prefix);
  }
}
