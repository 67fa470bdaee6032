package dev.streamedge.edge.netty;

import dev.streamedge.edge.config.EdgeSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer HTTPS listener ({@code edge.listenTls}): TLS 1.2/1.3 with the certificate SNI picks,
 * then HTTP/2 or HTTP/1.1 by ALPN on the same port ({@link AlpnSetup}); both end in the same
 * {@link ViewerHandler} as the plain listener, with scheme {@code https}.
 *
 * <p>Connections start with auto-read off like every viewer connection: the ClientHello is read on
 * demand, a client that sends none is dropped after {@code edge.limits.requestHeaderTimeout}. The
 * PEM files are checked every {@code edge.tls.reloadInterval} on the blocking executor (file reads
 * never run on an event loop).
 */
final class TlsListener {
  private static final Logger log = LoggerFactory.getLogger(TlsListener.class);
  /** Far above a real ClientHello (a post-quantum key share makes it about 1.8 KB). */
  private static final int MAX_CLIENT_HELLO = 64 << 10;

  private final Channel listener;
  private final ChannelGroup connections;
  private final ScheduledFuture<?> reloads;

  private TlsListener(Channel listener, ChannelGroup connections, ScheduledFuture<?> reloads) {
    this.listener = listener;
    this.connections = connections;
    this.reloads = reloads;
  }

  /** OpenSSL (BoringSSL from netty-tcnative) when it loads with ALPN, otherwise the JDK's TLS. */
  static SslProvider provider() {
    return SslProvider.isAlpnSupported(SslProvider.OPENSSL) ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  /**
   * Binds {@code settings.listenTls()} and points the lifecycle's HTTPS redirects at the bound port.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  static TlsListener start(EdgeSettings settings, TlsCertificates certificates, EdgeRuntime rt, Transport transport,
      EventLoopGroup boss, EventLoopGroup workers, ExecutorService blocking) {
    ChannelGroup connections = new DefaultChannelGroup("tls-viewers", GlobalEventExecutor.INSTANCE);
    long handshakeMillis = Math.max(1, settings.limits().requestHeaderTimeout().toMillis());
    Channel ch;
    try {
      ch = new ServerBootstrap()
          .group(boss, workers)
          .channel(transport.serverChannel())
          .option(ChannelOption.SO_BACKLOG, 1024)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.AUTO_READ, false)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(128 << 10, 512 << 10))
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel c) {
              connections.add(c);
              c.pipeline()
                  .addLast("sni", new SniHandler(certificates, MAX_CLIENT_HELLO, handshakeMillis))
                  .addLast("alpn", new AlpnSetup(rt));
            }
          })
          .bind(resolve(settings.listenTls())).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      throw new IllegalStateException("edge.listenTls: cannot listen on " + settings.listenTls() + ": " + e.getMessage(), e);
    }
    InetSocketAddress bound = (InetSocketAddress) ch.localAddress();
    rt.lifecycle().httpsPort(bound.getPort());
    long every = certificates.reloadInterval().toMillis();
    AtomicBoolean running = new AtomicBoolean();
    ScheduledFuture<?> reloads = workers.next().scheduleWithFixedDelay(() -> {
      if (!running.compareAndSet(false, true)) {
        return;
      }
      try {
        blocking.execute(() -> {
          try {
            certificates.reload();
          } catch (RuntimeException e) {
            log.warn("TLS certificate reload failed: {}", e.toString());
          } finally {
            running.set(false);
          }
        });
      } catch (RejectedExecutionException e) {
        running.set(false); // busy or stopping: try at the next interval
      }
    }, every, every, TimeUnit.MILLISECONDS);
    log.info("edge '{}' listening on https://{} (HTTP/2 and HTTP/1.1, TLS by {})", settings.name(),
        EdgeServer.hostPort(bound), provider() == SslProvider.OPENSSL ? "BoringSSL" : "the JDK");
    return new TlsListener(ch, connections, reloads);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  /**
   * Stops accepting and reloading. HTTP/2 connections get a GOAWAY and close once their streams are
   * done; connections still in their handshake close now; HTTP/1.1 connections drain like the plain
   * listener's (they are among the runtime's viewers).
   */
  void stopAccepting() {
    reloads.cancel(false);
    listener.close().syncUninterruptibly();
    for (Channel c : connections) {
      if (c.pipeline().get(Http2FrameCodec.class) != null) {
        c.eventLoop().execute(c::close); // Http2ConnectionHandler: GOAWAY, then close when streams end
      } else if (c.pipeline().get(ViewerHandler.class) == null) {
        c.close();
      }
    }
  }

  private static InetSocketAddress resolve(InetSocketAddress a) {
    return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
  }
}
