package dev.streamedge.edge.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a viewer that stops taking its response: while the channel (an HTTP/1.1 connection or an
 * HTTP/2 stream) is unwritable, its queued bytes must shrink at least once per {@code sendTimeout},
 * else it is closed (nginx's {@code send_timeout}). Without it, a client that stops reading would
 * hold its connection, its buffers and, on the uncached path, an origin connection forever. A slow
 * client that keeps reading, however slowly, is never cut.
 */
final class SendTimeout extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(SendTimeout.class);

  private final long timeoutNanos;
  private ScheduledFuture<?> timer;
  private long queuedAtLastCheck;

  SendTimeout(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      cancel();
    } else if (timer == null) {
      queuedAtLastCheck = ctx.channel().bytesBeforeWritable();
      timer = ctx.executor().schedule(() -> check(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  private void check(ChannelHandlerContext ctx) {
    timer = null;
    if (!ctx.channel().isActive() || ctx.channel().isWritable()) {
      return;
    }
    long queued = ctx.channel().bytesBeforeWritable();
    if (queued < queuedAtLastCheck) {
      // Progress, however slow: check again later.
      queuedAtLastCheck = queued;
      timer = ctx.executor().schedule(() -> check(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
      return;
    }
    log.info("viewer {} took none of its response for {} ms (edge.limits.sendTimeout): closed",
        ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
    ctx.close();
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
