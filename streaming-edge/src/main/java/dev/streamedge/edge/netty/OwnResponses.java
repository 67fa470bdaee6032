package dev.streamedge.edge.netty;

import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.proxy.EdgeError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Writes responses the edge makes itself: errors and small fixed bodies. */
final class OwnResponses {
  private OwnResponses() {}

  static ChannelFuture error(ChannelHandlerContext ctx, EdgeError error, HttpFields extra,
      boolean headRequest, boolean keepAlive) {
    return text(ctx, error.status(), EdgeError.reasonPhrase(error.status()), error.body(),
        extra.plus("Cache-Control", "no-store"), headRequest, keepAlive);
  }

  static ChannelFuture text(ChannelHandlerContext ctx, int status, String reason, String body,
      HttpFields extra, boolean headRequest, boolean keepAlive) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return bytes(ctx, status, reason, "text/plain; charset=utf-8", bytes, extra, headRequest, keepAlive);
  }

  static ChannelFuture bytes(ChannelHandlerContext ctx, int status, String reason, String contentType,
      byte[] bytes, HttpFields extra, boolean headRequest, boolean keepAlive) {
    ByteBuf content = headRequest ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
    FullHttpResponse r = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, NettyHeaders.status(status, reason), content);
    NettyHeaders.copyInto(extra, r.headers());
    if (contentType != null) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    if (!keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return ctx.writeAndFlush(r);
  }
}
