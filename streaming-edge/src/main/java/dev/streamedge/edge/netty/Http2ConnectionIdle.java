package dev.streamedge.edge.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an HTTP/2 connection: closes it (GOAWAY, RFC 9113 §6.8) after
 * {@code edge.limits.idleTimeout} with no stream open, as an idle HTTP/1.1 keep-alive connection
 * is closed. PINGs and SETTINGS do not keep a connection alive; a long download does. Also the
 * sink for connection-level frames the multiplexer passes on, and for connection errors.
 */
final class Http2ConnectionIdle extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Http2ConnectionIdle.class);

  private final Http2Connection connection;
  private final long idleNanos;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;

  Http2ConnectionIdle(Http2Connection connection, long idleNanos) {
    this.connection = connection;
    this.idleNanos = idleNanos;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    connection.addListener(new Http2ConnectionAdapter() {
      @Override
      public void onStreamActive(Http2Stream stream) {
        cancel();
      }

      @Override
      public void onStreamClosed(Http2Stream stream) {
        schedule();
      }
    });
    schedule();
  }

  private void schedule() {
    cancel();
    timer = ctx.executor().schedule(this::expired, idleNanos, TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expired() {
    timer = null;
    // A stream that opened after the last close cancelled this timer; check anyway.
    if (connection.numActiveStreams() == 0 && ctx.channel().isActive()) {
      ctx.channel().close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg); // SETTINGS, PING, GOAWAY: already handled by the codec
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("HTTP/2 connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      log.warn("HTTP/2 connection {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
