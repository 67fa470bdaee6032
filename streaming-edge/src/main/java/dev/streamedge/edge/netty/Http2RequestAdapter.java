package dev.streamedge.edge.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.List;

/**
 * Makes an HTTP/2 stream's request look as {@code HttpServerCodec} delivers an HTTP/1.1 one, so
 * {@link ViewerHandler} serves both alike:
 *
 * <ul>
 *   <li>always a head, then content ending with a {@code LastHttpContent}: a HEADERS frame that ends
 *       the stream arrives from the frame codec as one {@link FullHttpRequest}, split here;
 *   <li>version {@code HTTP/2.0}, so the access log and metrics say what the viewer spoke;
 *   <li>without the {@code x-http2-*} fields the conversion adds (stream id, scheme), which are not
 *       the viewer's and must not reach an origin or a cache key ({@code :authority} has become
 *       {@code Host}, RFC 9113 §8.3.1);
 *   <li>with one {@code Cookie} field: HTTP/2 clients may send each cookie as its own field, and
 *       they are joined with {@code "; "} before anything reads them (RFC 9113 §8.2.3), so signed
 *       cookies and cookie cache keys see what an HTTP/1.1 viewer would send.
 * </ul>
 */
final class Http2RequestAdapter extends ChannelInboundHandlerAdapter {
  static final HttpVersion HTTP_2 = new HttpVersion("HTTP", 2, 0, true);

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HttpRequest req)) {
      ctx.fireChannelRead(msg);
      return;
    }
    HttpHeaders headers = req.headers();
    for (HttpConversionUtil.ExtensionHeaderNames n : HttpConversionUtil.ExtensionHeaderNames.values()) {
      headers.remove(n.text());
    }
    List<String> cookies = headers.getAll(HttpHeaderNames.COOKIE);
    if (cookies.size() > 1) {
      headers.set(HttpHeaderNames.COOKIE, String.join("; ", cookies));
    }
    DefaultHttpRequest head = new DefaultHttpRequest(HTTP_2, req.method(), req.uri(), headers);
    head.setDecoderResult(req.decoderResult());
    ctx.fireChannelRead(head);
    if (msg instanceof FullHttpRequest full) {
      // The body buffer (empty: the HEADERS frame ended the stream) moves to the end marker.
      ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
    }
  }
}
