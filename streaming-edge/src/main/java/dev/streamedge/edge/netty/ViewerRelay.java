package dev.streamedge.edge.netty;

import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.proxy.EdgeError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams an origin response to the viewer unchanged apart from the proxy's header rules (the
 * pass-through path: uncacheable methods and responses). Pulls the next piece from the origin only
 * while the viewer's channel is writable, so memory stays bounded by the channel's high-water mark
 * plus one socket read, whatever the body's size.
 */
final class ViewerRelay implements OriginStream.Sink {
  private static final Logger log = LoggerFactory.getLogger(ViewerRelay.class);

  private final EdgeRuntime rt;
  private final ViewerHandler viewer;
  private final ChannelHandlerContext vctx;
  private final boolean headRequest;
  private final boolean viewerHttp10;
  private final String requestId;
  private final String cacheResult;
  private final Consumer<Integer> onSuccessStatus;
  private boolean viewerKeepAlive;
  private boolean streaming;
  private boolean waitingForViewer;
  private OriginStream fetch;

  /**
   * @param onSuccessStatus called with the status once the response is complete (e.g. to
   *     invalidate after a successful unsafe method); may be null
   */
  ViewerRelay(EdgeRuntime rt, ViewerHandler viewer, boolean headRequest, boolean viewerHttp10,
      boolean viewerKeepAlive, String requestId, String cacheResult, Consumer<Integer> onSuccessStatus) {
    this.rt = rt;
    this.viewer = viewer;
    this.vctx = viewer.ctx();
    this.headRequest = headRequest;
    this.viewerHttp10 = viewerHttp10;
    this.viewerKeepAlive = viewerKeepAlive;
    this.requestId = requestId;
    this.cacheResult = cacheResult;
    this.onSuccessStatus = onSuccessStatus;
  }

  private int status;

  @Override
  public void onHead(OriginStream f, int status, String reason, HttpFields originFields) {
    this.fetch = f;
    this.status = status;
    HttpFields fields = rt.lifecycle().proxyHeaders().viewerResponse(originFields, cacheResult, requestId);
    DefaultHttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, NettyHeaders.status(status, reason));
    NettyHeaders.copyInto(fields, out.headers());
    boolean bodyless = headRequest || status == 204 || status == 304;
    if (!bodyless && !out.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      if (viewerHttp10) {
        viewerKeepAlive = false; // close-delimited for an HTTP/1.0 viewer
      } else {
        HttpUtil.setTransferEncodingChunked(out, true);
      }
    }
    if (originFields.contains("Transfer-Encoding")) {
      // Chunked from the origin: its Content-Length, if any, is not the body's length.
      out.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
      if (!bodyless && !viewerHttp10) {
        HttpUtil.setTransferEncodingChunked(out, true);
      }
    }
    if (!viewerKeepAlive) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (viewerHttp10) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    streaming = true;
    vctx.write(out);
    f.read();
  }

  @Override
  public void onContent(OriginStream f, ByteBuf content, boolean last) {
    if (!streaming) {
      content.release();
      return;
    }
    if (!last) {
      vctx.write(new DefaultHttpContent(content));
      return;
    }
    streaming = false;
    LastHttpContent end = content.isReadable() ? new DefaultLastHttpContent(content) : endOf(content);
    vctx.writeAndFlush(end).addListener((ChannelFutureListener) fut -> {
      if (fut.isSuccess() && onSuccessStatus != null) {
        onSuccessStatus.accept(status);
      }
      viewer.exchangeFinished(fut.isSuccess(), viewerKeepAlive);
    });
  }

  private static LastHttpContent endOf(ByteBuf empty) {
    empty.release();
    return LastHttpContent.EMPTY_LAST_CONTENT;
  }

  @Override
  public void onReadComplete(OriginStream f) {
    if (!streaming) {
      return;
    }
    vctx.flush();
    if (vctx.channel().isWritable()) {
      f.read();
    } else {
      waitingForViewer = true;
    }
  }

  /** The viewer went away: stop the origin response. */
  void cancel() {
    streaming = false;
    if (fetch != null) {
      fetch.cancel();
    }
  }

  /** The viewer's channel became writable again. */
  void onViewerWritable() {
    if (streaming && waitingForViewer) {
      waitingForViewer = false;
      fetch.read();
    }
  }

  @Override
  public void onFailure(OriginStream f, EdgeError beforeHead, String why) {
    if (beforeHead != null && !streaming) {
      log.info("{} {} {} → {} {}", requestId, f.request().method(), f.request().target(),
          beforeHead.status(), beforeHead.reason());
      viewer.respondError(beforeHead, headRequest);
      return;
    }
    streaming = false;
    log.warn("{} {} {}: aborting the viewer's response: {}", requestId, f.request().method(),
        f.request().target(), why);
    viewer.abort();
  }
}
