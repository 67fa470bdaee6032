package dev.streamedge.edge.netty;

import dev.streamedge.edge.admin.AdminApi;
import dev.streamedge.edge.config.EdgeSettings;
import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.lifecycle.RequestLifecycle;
import dev.streamedge.edge.accesslog.AccessLogWriter;
import dev.streamedge.edge.failover.OriginHealth;
import dev.streamedge.edge.metrics.EdgeMetrics;
import dev.streamedge.edge.proxy.RequestIds;
import dev.streamedge.store.SegmentStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's sockets: the viewer listener, the admin listener and the origin client, on one set of
 * event loops (native epoll when available). {@link #close()} stops accepting, lets in-flight
 * responses finish for a grace period, then closes everything.
 */
public final class EdgeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgeServer.class);

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final EdgeRuntime rt;
  private final OriginClient originClient;
  private final Channel viewerListener;
  private final TlsListener tlsListener;
  private final Channel adminListener;
  private final ExecutorService blocking;
  private final Duration grace;

  private EdgeServer(EventLoopGroup boss, EventLoopGroup workers, EdgeRuntime rt, OriginClient originClient,
      Channel viewerListener, TlsListener tlsListener, Channel adminListener, ExecutorService blocking, Duration grace) {
    this.boss = boss;
    this.workers = workers;
    this.rt = rt;
    this.originClient = originClient;
    this.viewerListener = viewerListener;
    this.tlsListener = tlsListener;
    this.adminListener = adminListener;
    this.blocking = blocking;
    this.grace = grace;
  }

  /**
   * Binds the listeners and starts serving.
   *
   * @param blocking the bounded executor for blocking work (admin calls, store, files); owned by
   *     the caller
   * @throws java.io.UncheckedIOException when a listener cannot be bound
   */
  public static EdgeServer start(EdgeSettings settings, RequestLifecycle lifecycle, AdminApi admin,
      ExecutorService blocking, SegmentStore store, Clock clock, OriginHealth health, List<Origin> origins,
      EdgeMetrics metrics, AccessLogWriter accessLog, String distributionHost) {
    // TLS material first: a bad PEM file is a ConfigException naming its key, before any thread starts.
    OriginTls originTls = OriginTls.of(origins, TlsListener.provider());
    TlsCertificates certificates = settings.listenTls() == null ? null
        : TlsCertificates.load(settings.tls(), TlsListener.provider(), clock);
    Transport transport = Transport.detect();
    int io = settings.ioThreads() > 0 ? settings.ioThreads() : defaultIoThreads(Runtime.getRuntime().availableProcessors());
    EventLoopGroup boss = transport.newGroup(1, "edge-accept");
    EventLoopGroup workers = transport.newGroup(io, "edge-io");
    OriginClient originClient = new OriginClient(transport, originTls);
    EdgeRuntime rt = new EdgeRuntime(settings, lifecycle, originClient, new RequestIds(), clock, health);
    long memory = settings.cache().memoryBytes(PlatformDependent.maxDirectMemory());
    HotObjects hot = new HotObjects(memory, settings.cache().memoryMaxObjectSize());
    rt.cache(new EdgeCache(store, blocking, hot));
    if (metrics != null && hot.enabled()) {
      metrics.memoryTier(new EdgeMetrics.MemoryTier(hot::bytes, hot.maxBytes(), hot::count, hot::hits, hot::copyBytes));
    }
    log.info("memory tier: {} MiB for objects up to {} KiB", memory >> 20, settings.cache().memoryMaxObjectSize() >> 10);
    rt.observability(metrics, new RequestLog(accessLog, metrics, distributionHost));
    try {
      Channel viewers = new ServerBootstrap()
          .group(boss, workers)
          .channel(transport.serverChannel())
          .option(ChannelOption.SO_BACKLOG, 1024)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.AUTO_READ, false)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(128 << 10, 512 << 10))
          .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, new RegionSizeEstimator()) // sendfile regions
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              addHttp1Viewer(ch.pipeline(), rt, "http");
            }
          })
          .bind(resolve(settings.listen())).syncUninterruptibly().channel();
      TlsListener tls = certificates == null ? null
          : TlsListener.start(settings, certificates, rt, transport, boss, workers, blocking);
      Channel adminCh = null;
      if (settings.adminListen() != null) {
        adminCh = new ServerBootstrap()
            .group(boss, workers)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(new IdleStateHandler(0, 0, 60, TimeUnit.SECONDS))
                    .addLast(new HttpServerCodec())
                    .addLast(new AdminHandler(admin, blocking));
              }
            })
            .bind(resolve(settings.adminListen())).syncUninterruptibly().channel();
      }
      EdgeServer server = new EdgeServer(boss, workers, rt, originClient, viewers, tls, adminCh, blocking,
          Duration.ofSeconds(10));
      log.info("edge '{}' listening on http://{} ({} event loops, {})", settings.name(),
          hostPort(server.viewerAddress()), io, transport.name());
      if (adminCh != null) {
        log.info("edge '{}' admin API on http://{}", settings.name(), hostPort(server.adminAddress()));
      }
      return server;
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      originClient.close();
      throw new IllegalStateException("cannot listen on " + settings.listen() + ": " + e.getMessage(), e);
    }
  }

  private static InetSocketAddress resolve(InetSocketAddress a) {
    return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
  }

  static String hostPort(InetSocketAddress a) {
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  public InetSocketAddress viewerAddress() {
    return (InetSocketAddress) viewerListener.localAddress();
  }

  /** The HTTPS listener's address, or null when there is none. */
  public InetSocketAddress tlsAddress() {
    return tlsListener == null ? null : tlsListener.address();
  }

  /** The admin listener's address, or null when there is none. */
  public InetSocketAddress adminAddress() {
    return adminListener == null ? null : (InetSocketAddress) adminListener.localAddress();
  }

  /**
   * Removes every cached object whose key starts with {@code prefix}: gone for every request that
   * starts after this returns; fills that began before will not commit. Blocks.
   *
   * @return the number of objects removed
   */
  public long purge(String prefix) {
    return rt.cache().purgePrefix(prefix);
  }

  /**
   * Serves a new distribution from now on: {@code lifecycle} replaces the current one (requests
   * already in flight finish as they were planned), and https origins get TLS contexts.
   *
   * @throws dev.streamedge.edge.config.ConfigException when an origin's CA file cannot be used
   */
  public void apply(RequestLifecycle lifecycle, List<Origin> origins) {
    rt.originClient().tls(OriginTls.of(origins, TlsListener.provider()));
    rt.lifecycle(lifecycle);
  }

  /** Where cache fills go first (the shield tier); {@code ShieldRouting.NONE} for none. */
  public void shields(dev.streamedge.edge.shield.ShieldRouting routing) {
    rt.shields(routing);
  }

  /** Cache fills waiting for their origin's response head. */
  public int fillsInFlight() {
    return rt.cache().fillsInFlight();
  }

  /** Open viewer connections. */
  public int openConnections() {
    return rt.viewers().size();
  }

  @Override
  public void close() {
    rt.startDraining();
    viewerListener.close().syncUninterruptibly();
    if (tlsListener != null) {
      tlsListener.stopAccepting();
    }
    if (adminListener != null) {
      adminListener.close().syncUninterruptibly();
    }
    // Idle keep-alive connections close now; busy ones close when their response is done.
    for (Channel ch : rt.viewers()) {
      ViewerHandler h = ch.pipeline().get(ViewerHandler.class);
      if (h != null) {
        ch.eventLoop().execute(h::closeIfIdle);
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (!rt.viewers().isEmpty() && System.nanoTime() < deadline) {
      try {
        rt.viewers().newCloseFuture().await(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!rt.viewers().isEmpty()) {
      log.warn("closing {} connection(s) still busy after the {} s grace period", rt.viewers().size(), grace.toSeconds());
    }
    rt.viewers().close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    originClient.close();
    rt.cache().hot().clear();
    log.info("edge '{}' stopped", rt.settings().name());
  }

  /**
   * The HTTP/1.1 viewer pipeline, for the plain listener and for a TLS connection that chose
   * {@code http/1.1}: time limits, send timeout, codec, observer, 100-continue, one message per
   * read, the viewer.
   */
  static void addHttp1Viewer(ChannelPipeline p, EdgeRuntime rt, String scheme) {
    EdgeSettings.ViewerLimits limits = rt.settings().limits();
    ViewerTimeouts timeouts = new ViewerTimeouts(limits.idleTimeout().toNanos(), limits.requestHeaderTimeout().toNanos());
    p.addLast("timeouts", timeouts)
        .addLast("send-timeout", new SendTimeout(limits.sendTimeout().toNanos()))
        .addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
            .setMaxInitialLineLength(limits.maxRequestLine())
            .setMaxHeaderSize(limits.maxHeaderSize())
            .setMaxChunkSize(256 << 10)))
        .addLast("observer", new ResponseObserver())
        .addLast("continue", new HttpServerExpectContinueHandler())
        .addLast("flow", new FlowControlHandler())
        .addLast("viewer", new ViewerHandler(rt, timeouts, scheme));
  }

  /**
   * Event loops when {@code edge.ioThreads} is 0: two per core, as Netty's own default. A loop is
   * busy for its whole batch of ready connections, and a {@code sendfile} whose bytes are not in
   * the page cache blocks it on the disk; with two loops per core the other half of the
   * connections keep moving meanwhile. Measured on cached hits: about 16-19% more requests per
   * second and a lower median than one loop per core. The p99 moved within the noise in that
   * measurement; a later one (12 interleaved pairs) gave one loop per core the lower p99, 6.15
   * against 8.55 ms, for 20% fewer requests per second (docs/benchmarks.md).
   */
  static int defaultIoThreads(int cores) {
    return 2 * Math.max(1, cores);
  }
}
