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
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.util.Objects;
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

  private final EdgeConfig config;
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
      SignedAccessGate gate = signedAccess(config, housekeeping);
      RequestLifecycle lifecycle = new RequestLifecycle(
          new BehaviorRouter(config.distribution(), config.edge().targetedCacheControlField()),
          new ProxyHeaders(config.edge().name()), gate, clock, config.distribution().publicBaseUrl());
      if (config.edge().listenTls() != null) {
        lifecycle.httpsPort(config.edge().listenTls().getPort());
      }
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
      HealthChecks.start(config.distribution().origins(), health, housekeeping);
      admin.add("GET", "/origins", r -> AdminResponse.json(200, HealthChecks.json(health)));
      String host = config.distribution().publicBaseUrl() == null ? null : config.distribution().publicBaseUrl().getHost();
      EdgeServer server = EdgeServer.start(config.edge(), lifecycle, admin, blocking, store, clock, health,
          config.distribution().origins(), metrics, accessLog, host);
      serverRef[0] = server;
      return new Edge(config, server, blocking, housekeeping, store, accessLog, metrics);
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

  private static SignedAccessGate signedAccess(EdgeConfig config, ScheduledExecutorService housekeeping) {
    if (config.distribution().keyGroups().isEmpty()) {
      return null;
    }
    KeyGroupSource keys;
    try {
      keys = KeyGroupSource.load(config.distribution().keyGroups());
    } catch (KeyGroupException e) {
      throw new ConfigException("", e.getMessage());
    }
    long every = config.edge().keyReloadInterval().toMillis();
    housekeeping.scheduleWithFixedDelay(() -> {
      try {
        keys.reload();
      } catch (RuntimeException e) {
        log.warn("key group reload failed: {}", e.toString());
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return new SignedAccessGate(new SignedAccessVerifier(keys),
        config.distribution().publicBaseUrl(), config.edge().clientIpHeader());
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

  /** The cache store (tests and tools). */
  public SegmentStore store() {
    return store;
  }

  /** Removes cached objects whose key starts with {@code prefix}. Blocks. */
  public long purge(String prefix) {
    return server.purge(prefix);
  }
}
