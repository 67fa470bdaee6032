package dev.streamedge.edge.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flow.FlowControlHandler;

/**
 * The pipeline of one HTTP/2 stream (a child channel of {@code Http2MultiplexHandler}): frames
 * become HTTP objects ({@link Http2StreamFrameToHttpObjectCodec}, which streams; never an
 * aggregating adapter), shaped as the HTTP/1.1 codec would shape them ({@link Http2RequestAdapter}),
 * then the same handlers as an HTTP/1.1 connection, ending in a {@link ViewerHandler} that serves
 * the stream's one request.
 *
 * <p>Backpressure: the stream channel reads with auto-read off (the viewer handler pulls one message
 * at a time, and unread DATA is not acknowledged with WINDOW_UPDATE, so an upload waits for the
 * origin); the channel is unwritable while more than its high-water mark of written frames wait in
 * the HTTP/2 flow controller or the connection's buffer, i.e. while the viewer's window or socket
 * is full, and the response body is pulled from the origin only while it is writable.
 */
final class Http2Streams extends ChannelInitializer<Channel> {
  private final EdgeRuntime rt;

  Http2Streams(EdgeRuntime rt) {
    this.rt = rt;
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.config().setAutoRead(false);
    ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64 << 10, 256 << 10));
    ch.pipeline()
        .addLast("send-timeout", new SendTimeout(rt.settings().limits().sendTimeout().toNanos()))
        .addLast("codec", new Http2StreamFrameToHttpObjectCodec(true))
        .addLast("observer", new ResponseObserver())
        .addLast("request", new Http2RequestAdapter())
        .addLast("continue", new HttpServerExpectContinueHandler())
        .addLast("flow", new FlowControlHandler())
        .addLast("viewer", new ViewerHandler(rt, null, "https"));
  }
}
