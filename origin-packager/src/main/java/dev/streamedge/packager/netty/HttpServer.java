package dev.streamedge.packager.netty;

import dev.streamedge.packager.http.Request;
import dev.streamedge.packager.http.Response;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packager's HTTP/1.1 server: epoll when available (sendfile), NIO otherwise. Limits: request line
 * 8 KiB (414), headers 16 KiB (431), idle connections closed. {@link #close()} stops accepting, lets
 * responses in flight finish (up to the grace period), then closes every connection.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
  private static final int MAX_INITIAL_LINE = 8 * 1024;
  private static final int MAX_HEADER_SIZE = 16 * 1024;

  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final ChannelGroup connections;
  private final ServerState state;
  private final HttpServerOptions options;

  private HttpServer(EventLoopGroup group, Channel serverChannel, ChannelGroup connections, ServerState state,
      HttpServerOptions options) {
    this.group = group;
    this.serverChannel = serverChannel;
    this.connections = connections;
    this.state = state;
    this.options = options;
  }

  /**
   * Binds and starts serving; {@code app} runs on {@code worker} threads.
   *
   * @throws IOException when the address cannot be bound
   */
  public static HttpServer start(
      HttpServerOptions options, Function<Request, Response> app, Executor worker, Clock clock) throws IOException {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(clock, "clock");
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.ioThreads(), io);
    ChannelGroup connections = new DefaultChannelGroup("packager-connections", GlobalEventExecutor.INSTANCE);
    ServerState state = new ServerState(app, worker, clock, options.serverName(), options.zeroCopy());
    long idleSeconds = Math.max(1, options.idleTimeout().toSeconds());
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(channelType)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.add(ch);
            ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS))
                .addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192))
                .addLast("chunked", new ChunkedWriteHandler())
                .addLast("requests", new RequestHandler(state));
          }
        });
    try {
      Channel server = b.bind(options.listen().toSocketAddress()).syncUninterruptibly().channel();
      log.debug("HTTP transport: {}", epoll ? "epoll" : "nio");
      return new HttpServer(group, server, connections, state, options);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("cannot listen on " + options.listen() + ": " + e.getMessage(), e);
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Graceful: no new connections, in-flight responses finish within the grace period, then everything closes. */
  @Override
  public void close() {
    if (state.closing()) {
      return;
    }
    state.startClosing();
    serverChannel.close().syncUninterruptibly();
    long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
    while (state.inFlight() > 0 && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    if (state.inFlight() > 0) {
      log.warn("closing with {} response(s) still in flight after {}", state.inFlight(), options.shutdownGrace());
    }
    connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
