package dev.streamedge.edge.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Viewer-side time limits, in front of the HTTP codec so it sees raw bytes: a keep-alive connection
 * with nothing in flight is closed after {@code idleTimeout}; a request head that started arriving
 * but is not complete after {@code requestHeaderTimeout} gets a 408 (a slow-loris defence) instead
 * of holding the connection forever.
 */
final class ViewerTimeouts extends ChannelDuplexHandler {
  private static final byte[] TIMEOUT_408 = ("HTTP/1.1 408 Request Timeout\r\n"
      + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 58\r\nConnection: close\r\n\r\n"
      + "408 Request Timeout: the request head arrived too slowly\n").getBytes(StandardCharsets.US_ASCII);

  private enum State { IDLE, HEAD, BUSY }

  private final long idleNanos;
  private final long headNanos;
  private ChannelHandlerContext ctx;
  private State state = State.IDLE;
  private ScheduledFuture<?> timer;

  ViewerTimeouts(long idleNanos, long headNanos) {
    this.idleNanos = idleNanos;
    this.headNanos = headNanos;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    schedule(idleNanos);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (state == State.IDLE && msg instanceof ByteBuf b && b.isReadable()) {
      state = State.HEAD;
      schedule(headNanos);
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  /** A complete request head arrived: no viewer time limit while it is served. */
  void requestStarted() {
    state = State.BUSY;
    cancel();
  }

  /** The response went out and the connection waits for the next request. */
  void idle() {
    state = State.IDLE;
    schedule(idleNanos);
  }

  private void schedule(long nanos) {
    cancel();
    timer = ctx.executor().schedule(this::expired, nanos, TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expired() {
    timer = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    if (state == State.HEAD) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT_408)).addListener(ChannelFutureListener.CLOSE);
    } else if (state == State.IDLE) {
      ctx.close();
    }
  }
}
