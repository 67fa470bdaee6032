package dev.streamedge.edge.netty;

import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.proxy.EdgeError;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 connections to origins, pooled per event loop. An origin connection always lives on the
 * event loop of the viewer connection that uses it, so a request never crosses threads and the
 * pool needs no locks. Idle connections are reused most-recent-first and closed after the origin's
 * {@code keepaliveTimeout}. Connection attempts follow CloudFront: {@code connectionAttempts} tries
 * of {@code connectTimeout} each.
 */
final class OriginClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OriginClient.class);

  /** What an acquisition produced. */
  interface Callback {
    void connected(Channel channel, boolean reused);

    void failed(EdgeError error);
  }

  private final Transport transport;
  private volatile OriginTls tls;
  private final AddressResolverGroup<InetSocketAddress> resolver;
  private final FastThreadLocal<Map<String, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {
    @Override
    protected Map<String, ArrayDeque<Channel>> initialValue() {
      return new HashMap<>();
    }
  };

  OriginClient(Transport transport, OriginTls tls) {
    this.transport = transport;
    this.tls = tls;
    this.resolver = new DnsAddressResolverGroup(new DnsNameResolverBuilder()
        .datagramChannelType(transport.datagramChannel())
        .socketChannelType(transport.socketChannel()));
  }

  /** New TLS contexts for the origins of a new distribution (existing connections keep theirs). */
  void tls(OriginTls t) {
    this.tls = t;
  }

  /** Hands a connection to {@code callback}, on {@code loop}; must be called from {@code loop}. */
  void acquire(Origin origin, EventLoop loop, Callback callback) {
    ArrayDeque<Channel> pool = idle.get().get(origin.id());
    if (pool != null) {
      Channel ch;
      while ((ch = pool.pollLast()) != null) {
        if (ch.isActive()) {
          callback.connected(ch, true);
          return;
        }
      }
    }
    connect(origin, loop, callback, 1);
  }

  /** Opens a new connection even when pooled ones exist (a retry after a stale pooled one). */
  void connectFresh(Origin origin, EventLoop loop, Callback callback) {
    connect(origin, loop, callback, 1);
  }

  private void connect(Origin origin, EventLoop loop, Callback callback, int attempt) {
    Bootstrap b = new Bootstrap()
        .group(loop)
        .channel(transport.socketChannel())
        .resolver(resolver)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, origin.connectTimeout().toMillis()))
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 << 10, 256 << 10))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (origin.tls()) {
              ch.pipeline().addLast("tls", tls.newHandler(origin, ch.alloc()));
            }
            ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, origin.keepaliveTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast("codec", new HttpClientCodec(new HttpDecoderConfig()
                    .setMaxInitialLineLength(16 << 10)
                    .setMaxHeaderSize(64 << 10)
                    .setMaxChunkSize(256 << 10), false, false))
                .addLast("origin", new OriginHandler());
          }
        });
    ChannelFuture f = b.connect(InetSocketAddress.createUnresolved(origin.host(), origin.port()));
    f.addListener((ChannelFuture done) -> {
      if (done.isSuccess()) {
        Channel ch = done.channel();
        // Once per connection: a closed connection leaves the pool (listeners run on its loop).
        ch.closeFuture().addListener(c -> {
          ArrayDeque<Channel> pool = idle.get().get(origin.id());
          if (pool != null) {
            pool.remove(ch);
          }
        });
        if (origin.tls()) {
          OriginTls.awaitHandshake(ch, origin, callback); // a failed handshake is not retried
          return;
        }
        callback.connected(ch, false);
        return;
      }
      Throwable cause = done.cause();
      if (cause instanceof UnknownHostException) {
        callback.failed(new EdgeError(502, "origin '" + origin.id() + "' host '" + origin.host() + "' cannot be resolved"));
        return;
      }
      if (attempt < origin.connectionAttempts()) {
        log.debug("origin {} attempt {} failed: {}", origin.id(), attempt, cause.toString());
        connect(origin, loop, callback, attempt + 1);
        return;
      }
      String address = origin.host() + ":" + origin.port();
      boolean timeout = cause instanceof ConnectTimeoutException;
      log.warn("origin {} unreachable at {} after {} attempt(s): {}", origin.id(), address, attempt, cause.toString());
      callback.failed(timeout
          ? EdgeError.originConnectTimeout(origin.id(), address, attempt)
          : EdgeError.originRefused(origin.id(), address));
    });
  }

  /** Returns a healthy connection whose last response was fully read; called on its event loop. */
  void release(Origin origin, Channel ch) {
    OriginHandler h = ch.pipeline().get(OriginHandler.class);
    if (h == null || !ch.isActive()) {
      ch.close();
      return;
    }
    h.detach();
    ArrayDeque<Channel> pool = idle.get().computeIfAbsent(origin.id(), k -> new ArrayDeque<>());
    int max = origin.maxConnections() > 0 ? origin.maxConnections() : 256;
    if (pool.size() >= max) {
      ch.close();
      return;
    }
    pool.addLast(ch);
    // Keep a read pending so the origin's FIN (or stray bytes) closes the connection at once.
    ch.read();
  }

  @Override
  public void close() {
    resolver.close();
  }
}
