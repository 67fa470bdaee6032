package dev.streamedge.edge.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;

/**
 * Watches the responses a viewer connection writes, for the Log stage: status, the fields the
 * access log reports, when the first byte went out and how many bytes did. Sits next to the HTTP
 * codec, so it sees every response whichever exchange wrote it, and works the same for an
 * HTTP/1.1 connection and an HTTP/2 stream.
 */
final class ResponseObserver extends ChannelOutboundHandlerAdapter {
  int status;
  String cacheResult;
  String requestId;
  String contentType;
  long contentLength = -1;
  String contentRange;
  long headerBytes;
  long bodyBytes;
  long firstByteNanos;

  /** Forgets the previous response. */
  void reset() {
    status = 0;
    cacheResult = null;
    requestId = null;
    contentType = null;
    contentLength = -1;
    contentRange = null;
    headerBytes = 0;
    bodyBytes = 0;
    firstByteNanos = 0;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof HttpResponse r && r.status().code() >= 200) {
      if (firstByteNanos == 0) {
        firstByteNanos = System.nanoTime();
      }
      status = r.status().code();
      HttpHeaders h = r.headers();
      cacheResult = h.get("X-Cache");
      requestId = h.get("X-Edge-Request-Id");
      contentType = h.get("Content-Type");
      String len = h.get("Content-Length");
      contentLength = len == null ? -1 : parse(len);
      contentRange = h.get("Content-Range");
      long bytes = 17; // status line
      // CharSequence entries: the String view would make a String of every AsciiString value.
      Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
      while (it.hasNext()) {
        Map.Entry<CharSequence, CharSequence> e = it.next();
        bytes += e.getKey().length() + e.getValue().length() + 4;
      }
      headerBytes = bytes + 2;
    }
    if (msg instanceof HttpContent c) {
      bodyBytes += c.content().readableBytes();
    } else if (msg instanceof FileRegion f) {
      bodyBytes += f.count(); // a stored body sent with sendfile
    }
    ctx.write(msg, promise);
  }

  private static long parse(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
