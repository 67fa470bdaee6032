package dev.streamedge.edge.netty;

import dev.streamedge.edge.accesslog.FailureKind;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.lifecycle.Plan;
import dev.streamedge.edge.proxy.EdgeError;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer connection's adapter: turns decoded HTTP/1.1 messages into lifecycle calls and carries
 * out the resulting {@link Plan}. The connection reads with auto-read off behind a
 * FlowControlHandler, so exactly one message arrives per {@code read()}: the next pipelined request
 * is not even decoded into view until the current response is complete (responses stay in order),
 * and a request body is pulled only as fast as the origin takes it.
 */
final class ViewerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ViewerHandler.class);

  private final EdgeRuntime rt;
  private final ViewerTimeouts timeouts;
  private final String scheme;
  private ChannelHandlerContext ctx;
  private ViewerExchange exchange;
  /** The current request's body has not been fully read yet. */
  private boolean requestBodyPending;
  /** A response is being produced for the current request. */
  private boolean responsePending;
  private boolean keepAlive;
  /** A read() was issued and no message has arrived for it yet. */
  private boolean demand;
  private ResponseObserver observer;
  private RequestLog.Entry logEntry;
  private long requestBodyBytes;

  /**
   * @param timeouts the connection's viewer time limits, or null where the connection has none of
   *     its own (an HTTP/2 stream)
   * @param scheme "http" or "https": how the viewer reached the edge
   */
  ViewerHandler(EdgeRuntime rt, ViewerTimeouts timeouts, String scheme) {
    this.rt = rt;
    this.timeouts = timeouts;
    this.scheme = scheme;
  }

  ChannelHandlerContext ctx() {
    return ctx;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.observer = ctx.pipeline().get(ResponseObserver.class);
  }

  /** Log: the request is over (well, or as {@code failure} says); records it once. */
  private void logRequest(FailureKind failure) {
    if (logEntry != null && observer != null) {
      rt.requestLog().finish(logEntry, observer, failure, requestBodyBytes);
    }
    logEntry = null;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    rt.connectionOpened(ctx.channel());
    requestMessage();
    super.channelActive(ctx);
  }

  /** Asks for exactly one more decoded message. */
  private void requestMessage() {
    demand = true;
    ctx.read();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // FlowControlHandler (Netty 4.2.18) forgets an outstanding read() when a socket read decodes
    // into no message (a head spanning several reads); ask again until the message arrives.
    if (demand && ctx.channel().isActive()) {
      ctx.read();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    demand = false;
    if (msg instanceof HttpRequest req) {
      try {
        onRequest(req);
      } finally {
        // A plain head holds no buffer; the decoder's invalid-request placeholder is a full message.
        ReferenceCountUtil.release(req);
      }
      return;
    }
    if (msg instanceof HttpContent content) {
      onRequestContent(content);
      return;
    }
    ReferenceCountUtil.release(msg);
  }

  private void onRequest(HttpRequest req) {
    if (timeouts != null) {
      timeouts.requestStarted();
    }
    HttpFields requestFields = NettyHeaders.toFields(req.headers());
    if (observer != null) {
      observer.reset();
      requestBodyBytes = 0;
      logEntry = new RequestLog.Entry(rt.clock().millis(), RequestLog.head(req.method().name(), req.uri(),
          req.protocolVersion().text(), requestFields, remoteAddress(), scheme),
          RequestLog.requestBytes(req.method().name(), req.uri(), requestFields));
    }
    responsePending = true;
    requestBodyPending = true;
    keepAlive = HttpUtil.isKeepAlive(req) && !rt.draining();
    DecoderResult dr = req.decoderResult();
    if (dr.isFailure()) {
      Throwable cause = dr.cause();
      EdgeError e;
      if (cause instanceof TooLongHttpLineException) {
        e = new EdgeError(414, "the request line is longer than " + rt.settings().limits().maxRequestLine() + " bytes");
      } else if (cause instanceof TooLongHttpHeaderException) {
        e = new EdgeError(431, "the request header fields are larger than " + rt.settings().limits().maxHeaderSize() + " bytes");
      } else {
        e = EdgeError.badRequest("malformed request: " + cause.getMessage());
      }
      // The decoder cannot resynchronise after a bad head: answer and close.
      keepAlive = false;
      requestBodyPending = false;
      respondError(e, false);
      return;
    }
    boolean chunked = HttpUtil.isTransferEncodingChunked(req);
    long length = HttpUtil.getContentLength(req, -1L);
    boolean hasBody = chunked || length > 0;
    String protocol = req.protocolVersion().text();
    Plan plan = rt.lifecycle().plan(req.method().name(), req.uri(), protocol, requestFields, remoteAddress(), scheme);
    if (logEntry != null) {
      if (plan instanceof Plan.Cached c) {
        logEntry.behavior = c.route().behavior().label();
      } else if (plan instanceof Plan.Forward fw) {
        logEntry.behavior = fw.route().behavior().label();
      }
    }
    if (plan instanceof Plan.Reject rj && rj.denial() != null && rt.metrics() != null) {
      rt.metrics().denied(rj.denial());
    }
    if (plan instanceof Plan.Redirect redirect) {
      if (hasBody) {
        keepAlive = false;
      }
      boolean ka = keepAlive;
      OwnResponses.text(ctx, redirect.status(), "Moved Permanently", "Moved to " + redirect.location() + "\n",
          rt.lifecycle().proxyHeaders().ownResponse("Redirect", rt.requestIds().next())
              .plus("Location", redirect.location()), req.method().name().equals("HEAD"), ka)
          .addListener((ChannelFutureListener) f -> responseDone(f.isSuccess() && ka));
      return;
    }
    if (plan instanceof Plan.Reject reject) {
      if (hasBody) {
        keepAlive = false; // do not read an unwanted body just to stay in sync
      }
      respondError(reject.error(), req.method().name().equals("HEAD"));
      return;
    }
    boolean http10 = req.protocolVersion() == HttpVersion.HTTP_1_0;
    String requestId = rt.requestIds().next();
    if (plan instanceof Plan.Cached cached) {
      exchange = new CachedExchange(rt, rt.cache(), this, cached, http10, keepAlive, requestId);
    } else {
      Plan.Forward forward = (Plan.Forward) plan;
      String prefix = forward.invalidatePrefix();
      exchange = new PassThroughExchange(rt, this, forward.route().target(), forward.originRequest(), hasBody, chunked, length, http10,
          keepAlive, requestId, "Miss", prefix == null ? null : status -> {
            if (status >= 200 && status < 400) {
              rt.invalidate(prefix);
            }
          }, true);
    }
    exchange.start();
  }

  private void onRequestContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    requestBodyBytes += content.content().readableBytes();
    if (last) {
      requestBodyPending = false;
    }
    ViewerExchange ex = exchange;
    if (ex != null) {
      ex.onViewerContent(content);
    } else {
      content.release();
      if (!responsePending && !requestBodyPending) {
        nextRequest();
      } else if (requestBodyPending) {
        requestMessage();
      }
    }
  }

  /** The exchange wants the next piece of the request body. */
  void readBody() {
    if (requestBodyPending) {
      requestMessage();
    }
  }

  boolean requestBodyPending() {
    return requestBodyPending;
  }

  /** Answers the current request with the edge's own error. */
  void respondError(EdgeError error, boolean headRequest) {
    exchange = null;
    boolean ka = keepAlive && !requestBodyPending;
    String id = rt.requestIds().next();
    log.debug("{} answered {}: {}", id, error.status(), error.reason());
    OwnResponses.error(ctx, error, rt.lifecycle().proxyHeaders().ownResponse("Error", id), headRequest, ka)
        .addListener((ChannelFutureListener) f -> responseDone(f.isSuccess() && ka));
  }

  /** Answers with a small body the edge makes itself (412 and the like). */
  void respondOwn(int status, String reason, String body, String cacheResult) {
    exchange = null;
    boolean ka = keepAlive && !requestBodyPending;
    OwnResponses.text(ctx, status, reason, body,
        rt.lifecycle().proxyHeaders().ownResponse(cacheResult, rt.requestIds().next()), false, ka)
        .addListener((ChannelFutureListener) f -> responseDone(f.isSuccess() && ka));
  }

  /** 416 with {@code Content-Range: bytes *}{@code /length}. */
  void respondUnsatisfiable(String contentRange, String cacheResult) {
    exchange = null;
    boolean ka = keepAlive && !requestBodyPending;
    OwnResponses.text(ctx, 416, "Range Not Satisfiable", "416 Range Not Satisfiable: " + contentRange + "\n",
        rt.lifecycle().proxyHeaders().ownResponse(cacheResult, rt.requestIds().next())
            .plus("Content-Range", contentRange), false, ka)
        .addListener((ChannelFutureListener) f -> responseDone(f.isSuccess() && ka));
  }

  /** The exchange has written its whole response. */
  void exchangeFinished(boolean success, boolean exchangeKeepAlive) {
    exchange = null;
    responseDone(success && exchangeKeepAlive && keepAlive);
  }

  /** The response cannot be completed: close so the viewer sees a truncated body, not a clean end. */
  void abort() {
    exchange = null;
    responsePending = false;
    logRequest(FailureKind.ORIGIN_READ);
    ctx.close();
  }

  /** Closes the connection if nothing is in flight (used when the server drains). */
  void closeIfIdle() {
    if (!responsePending) {
      ctx.close();
    }
  }

  private void responseDone(boolean reuse) {
    responsePending = false;
    logRequest(FailureKind.NONE);
    if (!reuse || !ctx.channel().isActive() || rt.draining()) {
      ctx.close();
      return;
    }
    if (requestBodyPending) {
      // The origin answered before the upload ended; its remainder would desynchronise the stream.
      ctx.close();
      return;
    }
    nextRequest();
  }

  /** The viewer's address (the parent connection's for an HTTP/2 stream). */
  private InetSocketAddress remoteAddress() {
    java.net.SocketAddress a = ctx.channel().remoteAddress();
    if (a == null && ctx.channel().parent() != null) {
      a = ctx.channel().parent().remoteAddress();
    }
    return a instanceof InetSocketAddress i ? i : null;
  }

  private void nextRequest() {
    if (timeouts != null) {
      timeouts.idle();
    }
    requestMessage();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    ViewerExchange ex = exchange;
    if (ex != null && ctx.channel().isWritable()) {
      ex.onViewerWritable();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    rt.connectionClosed(ctx.channel());
    if (responsePending) {
      logRequest(FailureKind.CLIENT_ABORTED);
    }
    ViewerExchange ex = exchange;
    exchange = null;
    if (ex != null) {
      ex.onViewerClosed();
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("viewer connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      log.warn("viewer connection {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
