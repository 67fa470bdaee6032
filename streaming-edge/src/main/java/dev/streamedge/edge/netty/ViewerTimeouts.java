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
 *
 * <p>One lazy timer per connection: a state change only moves {@link #deadline}, and the timer,
 * when it fires, either acts, re-arms itself for what is left, or (while a request is served) does
 * nothing until the next {@link #idle()}. A keep-alive request whose head arrives in one read
 * schedules and cancels nothing (before: two schedules and two cancellations on the event loop's
 * timer queue per request).
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
  /** {@link System#nanoTime()} at which the current IDLE or HEAD state's limit runs out. */
  private long deadline;
  private ScheduledFuture<?> timer;
  /** When {@link #timer} fires; meaningful only while it is pending. */
  private long timerAt;

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
    limit(System.nanoTime() + idleNanos);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (state == State.IDLE && msg instanceof ByteBuf b && b.isReadable()) {
      long headDeadline = System.nanoTime() + headNanos;
      state = State.HEAD;
      try {
        super.channelRead(ctx, msg); // usually holds the whole head: requestStarted() runs in it
      } finally {
        if (state == State.HEAD) {
          limit(headDeadline);
        }
      }
      return;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    super.channelInactive(ctx);
  }

  /** A complete request head arrived: no viewer time limit while it is served. */
  void requestStarted() {
    state = State.BUSY; // a pending timer finds BUSY and lets idle() re-arm it
  }

  /** The response went out and the connection waits for the next request. */
  void idle() {
    state = State.IDLE;
    limit(System.nanoTime() + idleNanos);
  }

  /** Sets the deadline and makes sure a timer fires no later than it. */
  private void limit(long at) {
    deadline = at;
    if (timer != null) {
      if (timerAt - at <= 0) {
        return; // fires first and re-arms for the rest
      }
      timer.cancel(false);
    }
    arm(at);
  }

  private void arm(long at) {
    timerAt = at;
    timer = ctx.executor().schedule(this::check, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private void check() {
    timer = null;
    if (!ctx.channel().isActive() || state == State.BUSY) {
      return;
    }
    if (deadline - System.nanoTime() > 0) {
      arm(deadline);
      return;
    }
    expired();
  }

  private void expired() {
    if (state == State.HEAD) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT_408)).addListener(ChannelFutureListener.CLOSE);
    } else if (state == State.IDLE) {
      ctx.close();
    }
  }
}
