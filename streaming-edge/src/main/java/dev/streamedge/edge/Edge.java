package dev.streamedge.edge;

import dev.streamedge.edge.admin.AdminApi;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.lifecycle.RequestLifecycle;
import dev.streamedge.edge.netty.EdgeServer;
import dev.streamedge.edge.proxy.ProxyHeaders;
import dev.streamedge.edge.route.BehaviorRouter;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running edge node: wires the configuration into the request lifecycle and the Netty server.
 * This is the programmatic entry point (tests, the demo); {@code ./streamedge edge} wraps it.
 */
public final class Edge implements AutoCloseable {
  private final EdgeConfig config;
  private final EdgeServer server;
  private final ExecutorService blocking;

  private Edge(EdgeConfig config, EdgeServer server, ExecutorService blocking) {
    this.config = config;
    this.server = server;
    this.blocking = blocking;
  }

  /** Starts an edge for {@code config}; fails with a clear message when it cannot listen. */
  public static Edge start(EdgeConfig config) {
    Objects.requireNonNull(config, "config");
    ExecutorService blocking = blockingExecutor(config.edge().blockingThreads());
    try {
      RequestLifecycle lifecycle = new RequestLifecycle(
          new BehaviorRouter(config.distribution()), new ProxyHeaders(config.edge().name()));
      AdminApi admin = AdminApi.withHealth(() -> true);
      EdgeServer server = EdgeServer.start(config.edge(), lifecycle, admin, blocking);
      return new Edge(config, server, blocking);
    } catch (RuntimeException e) {
      blocking.shutdownNow();
      throw e;
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
    server.close();
    blocking.shutdown();
  }
}
