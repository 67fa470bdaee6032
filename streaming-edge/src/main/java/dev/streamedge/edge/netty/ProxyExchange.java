package dev.streamedge.edge.netty;

import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.http.HttpFieldValues;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.lifecycle.Plan;
import dev.streamedge.edge.proxy.EdgeError;
import dev.streamedge.edge.proxy.OriginRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarded request: sends the viewer's request to the origin (streaming its body as the origin
 * accepts it) and streams the origin's response back, reading from the origin only while the
 * viewer's channel is writable. Memory per exchange is therefore bounded by the viewer channel's
 * high-water mark plus one socket read, whatever the body's size.
 *
 * <p>All methods run on the viewer connection's event loop, which is also the origin connection's.
 * A response that cannot be completed (origin reset, short body, timeout between packets) closes
 * the viewer connection, so the viewer sees a truncated body and never a clean but wrong end.
 */
final class ProxyExchange implements OriginListener, OriginClient.Callback {
  private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

  private enum State { CONNECTING, AWAITING_HEAD, STREAMING, DONE }

  private final EdgeRuntime rt;
  private final ViewerHandler viewer;
  private final ChannelHandlerContext vctx;
  private final Plan.Forward plan;
  private final OriginRequest request;
  private final Origin origin;
  private final boolean requestHasBody;
  private final boolean requestChunked;
  private final long requestLength;
  private final boolean viewerHttp10;
  private final boolean headRequest;
  private final String requestId;

  private State state = State.CONNECTING;
  private Channel originChannel;
  private boolean reused;
  private boolean retried;
  private boolean requestBodyStarted;
  private boolean requestSent;
  private boolean skipInformationalEnd;
  private boolean viewerKeepAlive;
  private boolean originReusable;
  private long expectedLength = -1;
  private long relayed;
  private boolean waitingForViewer;
  private long lastOriginProgressNanos;
  private ScheduledFuture<?> timer;

  ProxyExchange(EdgeRuntime rt, ViewerHandler viewer, Plan.Forward plan, boolean requestHasBody,
      boolean requestChunked, long requestLength, boolean viewerHttp10, boolean viewerKeepAlive) {
    this.rt = rt;
    this.viewer = viewer;
    this.vctx = viewer.ctx();
    this.plan = plan;
    this.request = plan.originRequest();
    this.origin = request.origin();
    this.requestHasBody = requestHasBody;
    this.requestChunked = requestChunked;
    this.requestLength = requestLength;
    this.viewerHttp10 = viewerHttp10;
    this.viewerKeepAlive = viewerKeepAlive;
    this.headRequest = plan.request().isHead();
    this.requestId = rt.requestIds().next();
  }

  void start() {
    rt.originClient().acquire(origin, vctx.channel().eventLoop(), this);
  }

  // ---- connection -------------------------------------------------------------------------

  @Override
  public void connected(Channel ch, boolean reusedConnection) {
    if (state == State.DONE) {
      if (reusedConnection) {
        rt.originClient().release(origin, ch);
      } else {
        ch.close();
      }
      return;
    }
    originChannel = ch;
    reused = reusedConnection;
    ch.pipeline().get(OriginHandler.class).attach(this);
    state = State.AWAITING_HEAD;
    sendRequestHead();
  }

  @Override
  public void failed(EdgeError error) {
    if (state == State.DONE) {
      return;
    }
    fail(error);
  }

  private void sendRequestHead() {
    DefaultHttpRequest req = new DefaultHttpRequest(
        HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()), request.target());
    NettyHeaders.copyInto(request.headers(), req.headers());
    if (requestHasBody) {
      if (requestChunked) {
        req.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        HttpUtil.setTransferEncodingChunked(req, true);
      } else {
        req.headers().set(HttpHeaderNames.CONTENT_LENGTH, requestLength);
      }
      originChannel.writeAndFlush(req);
      requestBodyStarted = true;
    } else {
      req.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
      originChannel.write(req);
      originChannel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      requestSent();
    }
    // Pull the viewer's body (or the empty end of a bodiless request) and wait for the answer.
    viewer.readBody();
    originChannel.read();
  }

  private void requestSent() {
    requestSent = true;
    if (state == State.AWAITING_HEAD) {
      schedule(origin.readTimeout().toNanos());
    }
  }

  /** A piece of the viewer's request body, pulled by {@link ViewerHandler#readBody()}. */
  void onViewerContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (!requestHasBody || state == State.DONE || state == State.CONNECTING || requestSent) {
      content.release();
      return;
    }
    if (last) {
      originChannel.writeAndFlush(content);
      requestSent();
      return;
    }
    originChannel.writeAndFlush(content);
    if (originChannel.isWritable()) {
      viewer.readBody();
    }
  }

  @Override
  public void onOriginWritable() {
    if (requestHasBody && !requestSent && state != State.DONE) {
      viewer.readBody();
    }
  }

  // ---- response ---------------------------------------------------------------------------

  @Override
  public void onOriginMessage(Object msg) {
    if (state == State.DONE) {
      ReferenceCountUtil.release(msg);
      return;
    }
    lastOriginProgressNanos = System.nanoTime();
    if (msg instanceof HttpResponse resp) {
      onResponseHead(resp);
      if (msg instanceof HttpContent c) {
        onResponseContent(c);
      }
      return;
    }
    if (msg instanceof HttpContent c) {
      onResponseContent(c);
      return;
    }
    ReferenceCountUtil.release(msg);
  }

  private void onResponseHead(HttpResponse resp) {
    if (resp.decoderResult().isFailure()) {
      fail(EdgeError.originBroken(origin.id(), String.valueOf(resp.decoderResult().cause().getMessage())));
      return;
    }
    int status = resp.status().code();
    if (status >= 100 && status < 200) {
      if (status == 101) {
        fail(EdgeError.originBroken(origin.id(), "unexpected 101 Switching Protocols"));
        return;
      }
      skipInformationalEnd = true; // the codec ends a 1xx with an empty LastHttpContent
      return;
    }
    if (state != State.AWAITING_HEAD) {
      fail(EdgeError.originBroken(origin.id(), "a second response head"));
      return;
    }
    cancelTimer();
    HttpFields originFields = NettyHeaders.toFields(resp.headers());
    long length = HttpFieldValues.contentLength(originFields);
    if (length == -2) {
      fail(EdgeError.originBroken(origin.id(), "invalid Content-Length"));
      return;
    }
    boolean originChunked = HttpUtil.isTransferEncodingChunked(resp);
    boolean bodyless = headRequest || status == 204 || status == 304;
    originReusable = HttpUtil.isKeepAlive(resp) && (bodyless || originChunked || length >= 0);

    HttpFields fields = rt.lifecycle().proxyHeaders().viewerResponse(originFields, "Miss", requestId);
    DefaultHttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
        new HttpResponseStatus(status, resp.status().reasonPhrase()));
    NettyHeaders.copyInto(fields, out.headers());
    if (!bodyless) {
      if (length >= 0 && !originChunked) {
        expectedLength = length;
      } else {
        out.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        if (viewerHttp10) {
          viewerKeepAlive = false; // close-delimited for an HTTP/1.0 viewer
        } else {
          HttpUtil.setTransferEncodingChunked(out, true);
        }
      }
    }
    if (!viewerKeepAlive) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (viewerHttp10) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    state = State.STREAMING;
    vctx.write(out);
    schedule(origin.readTimeout().toNanos());
  }

  private void onResponseContent(HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    if (skipInformationalEnd && state == State.AWAITING_HEAD) {
      c.release();
      if (last) {
        skipInformationalEnd = false;
      }
      return;
    }
    if (state != State.STREAMING) {
      c.release();
      return;
    }
    if (c.decoderResult().isFailure()) {
      c.release();
      abort("origin body could not be decoded: " + c.decoderResult().cause());
      return;
    }
    relayed += c.content().readableBytes();
    if (expectedLength >= 0 && relayed > expectedLength) {
      c.release();
      abort("origin sent more than its Content-Length");
      return;
    }
    if (!last) {
      vctx.write(c);
      return;
    }
    if (expectedLength >= 0 && relayed != expectedLength) {
      c.release();
      abort("origin body ended after " + relayed + " of " + expectedLength + " bytes");
      return;
    }
    state = State.DONE;
    cancelTimer();
    vctx.writeAndFlush(c).addListener((ChannelFutureListener) f -> complete(f.isSuccess()));
  }

  @Override
  public void onOriginReadComplete() {
    if (state == State.STREAMING) {
      vctx.flush();
      if (vctx.channel().isWritable()) {
        originChannel.read();
      } else {
        waitingForViewer = true;
      }
    } else if (state == State.AWAITING_HEAD) {
      originChannel.read();
    }
  }

  void onViewerWritable() {
    if (state == State.STREAMING && waitingForViewer) {
      waitingForViewer = false;
      lastOriginProgressNanos = System.nanoTime();
      originChannel.read();
    }
  }

  private void complete(boolean written) {
    if (originReusable && requestSent && originChannel.isActive()) {
      rt.originClient().release(origin, originChannel);
    } else {
      originChannel.close();
    }
    viewer.exchangeFinished(written, viewerKeepAlive);
  }

  // ---- failures ---------------------------------------------------------------------------

  @Override
  public void onOriginClosed(Throwable cause) {
    if (state == State.DONE) {
      return;
    }
    if (state == State.AWAITING_HEAD) {
      if (reused && !retried && !requestBodyStarted && plan.request().isIdempotentRead()) {
        // A pooled connection the origin had already closed: retry once on a fresh one.
        retried = true;
        cancelTimer();
        originChannel.pipeline().get(OriginHandler.class).detach();
        state = State.CONNECTING;
        rt.originClient().connectFresh(origin, vctx.channel().eventLoop(), this);
        return;
      }
      fail(cause == null ? EdgeError.originClosed(origin.id())
          : EdgeError.originBroken(origin.id(), cause.getClass().getSimpleName()));
      return;
    }
    abort("origin connection closed mid-body after " + relayed + " bytes"
        + (cause == null ? "" : " (" + cause + ")"));
  }

  /** The viewer went away: stop, and drop the origin connection (its response is unread). */
  void onViewerClosed() {
    if (state == State.DONE) {
      return;
    }
    state = State.DONE;
    cancelTimer();
    if (originChannel != null) {
      originChannel.close();
    }
  }

  /** Fails before any response byte reached the viewer: an error response. */
  private void fail(EdgeError error) {
    state = State.DONE;
    cancelTimer();
    if (originChannel != null) {
      originChannel.close();
    }
    log.info("{} {} {} → {} {}", requestId, request.method(), request.target(), error.status(), error.reason());
    viewer.respondError(error, headRequest);
  }

  /** Fails after the response head went out: the viewer connection is closed mid-body. */
  private void abort(String why) {
    state = State.DONE;
    cancelTimer();
    log.warn("{} {} {}: aborting the viewer's response: {}", requestId, request.method(), request.target(), why);
    if (originChannel != null) {
      originChannel.close();
    }
    viewer.abort();
  }

  // ---- timers -----------------------------------------------------------------------------

  private void schedule(long nanos) {
    cancelTimer();
    timer = vctx.executor().schedule(this::timerFired, nanos, TimeUnit.NANOSECONDS);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void timerFired() {
    timer = null;
    long timeout = origin.readTimeout().toNanos();
    if (state == State.AWAITING_HEAD) {
      fail(EdgeError.originReadTimeout(origin.id(), origin.readTimeout().toMillis()));
    } else if (state == State.STREAMING) {
      long idle = System.nanoTime() - lastOriginProgressNanos;
      if (!waitingForViewer && idle >= timeout) {
        abort("origin sent nothing for " + origin.readTimeout().toMillis() + " ms mid-body");
      } else {
        schedule(waitingForViewer ? timeout : timeout - idle);
      }
    }
  }
}
