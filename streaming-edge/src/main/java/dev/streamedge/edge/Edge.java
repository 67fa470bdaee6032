package dev.streamedge.edge;

import dev.streamedge.edge.admin.AdminApi;
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
import java.net.InetSocketAddress;
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

  private Edge(EdgeConfig config, EdgeServer server, ExecutorService blocking, ScheduledExecutorService housekeeping,
      SegmentStore store) {
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
    try {
      SignedAccessGate gate = signedAccess(config, housekeeping);
      RequestLifecycle lifecycle = new RequestLifecycle(
          new BehaviorRouter(config.distribution(), config.edge().targetedCacheControlField()),
          new ProxyHeaders(config.edge().name()), gate, clock, config.distribution().publicBaseUrl());
      if (config.edge().listenTls() != null) {
        lifecycle.httpsPort(config.edge().listenTls().getPort());
      }
      store = openStore(config);
      AdminApi admin = AdminApi.withHealth(() -> true);
      EdgeServer[] serverRef = new EdgeServer[1];
      new Invalidations(prefix -> serverRef[0].purge(prefix), clock).mount(admin);
      OriginHealth health = OriginHealth.defaults();
      HealthChecks.start(config.distribution().origins(), health, housekeeping);
      admin.add("GET", "/origins", r -> AdminResponse.json(200, HealthChecks.json(health)));
      EdgeServer server = EdgeServer.start(config.edge(), lifecycle, admin, blocking, store, clock, health,
          config.distribution().origins());
      serverRef[0] = server;
      return new Edge(config, server, blocking, housekeeping, store);
    } catch (RuntimeException e) {
      blocking.shutdownNow();
      housekeeping.shutdownNow();
      if (store != null) {
        store.close();
      }
      throw e;
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
