package dev.streamedge.edge.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an origin connection: hands everything to the exchange that holds the
 * connection, and closes the connection when it is idle in the pool and the origin speaks or
 * the keep-alive timeout passes.
 */
final class OriginHandler extends ChannelInboundHandlerAdapter {
  private OriginListener listener;
  private boolean closedReported;

  void attach(OriginListener l) {
    this.listener = l;
  }

  void detach() {
    this.listener = null;
  }

  boolean attached() {
    return listener != null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    OriginListener l = listener;
    if (l == null) {
      // Unsolicited bytes on a pooled connection: the connection is unusable.
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    l.onOriginMessage(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    OriginListener l = listener;
    if (l != null) {
      l.onOriginReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    OriginListener l = listener;
    if (l != null && ctx.channel().isWritable()) {
      l.onOriginWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    report(null);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    report(cause);
    ctx.close();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent && listener == null) {
      ctx.close();
      return;
    }
    ReferenceCountUtil.release(evt);
  }

  private void report(Throwable cause) {
    if (closedReported) {
      return;
    }
    closedReported = true;
    OriginListener l = listener;
    if (l != null) {
      l.onOriginClosed(cause);
    }
  }
}
