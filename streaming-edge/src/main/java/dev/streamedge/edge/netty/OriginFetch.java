package dev.streamedge.edge.netty;

import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.http.HttpFieldValues;
import dev.streamedge.edge.metrics.OriginErrorKind;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.proxy.EdgeError;
import dev.streamedge.edge.proxy.OriginRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request to an origin and its response, read only as fast as the {@link Sink} asks: the
 * response head is delivered, then body pieces after each {@link #read()}. Handles what every
 * origin request needs: connection attempts, CloudFront's response timeout before the head and
 * between body packets, informational responses, framing checks (a body shorter or longer than its
 * Content-Length is a failure, never a clean end), and one retry on a fresh connection when a
 * pooled one turns out to be closed before any response byte.
 *
 * <p>Runs on one event loop; every sink call happens there.
 */
final class OriginFetch implements OriginStream, OriginListener, OriginClient.Callback {
  /** Where a request body comes from (a viewer's upload), pulled as the origin accepts it. */
  interface RequestBody {
    /** Asks for the next piece; it arrives through {@link OriginFetch#sendBody}. */
    void pull();
  }

  private enum State { CONNECTING, AWAITING_HEAD, BODY, DONE }

  private final EdgeRuntime rt;
  private final Origin origin;
  private final OriginRequest request;
  private final EventLoop loop;
  private final RequestBody body;
  private final boolean bodyChunked;
  private final long bodyLength;
  private final boolean idempotent;
  private OriginStream.Sink sink;

  private State state = State.CONNECTING;
  private Channel channel;
  private boolean reused;
  private boolean retried;
  private boolean bodyStarted;
  private boolean requestSent;
  private boolean skipInformationalEnd;
  private boolean headRequest;
  private boolean reusable;
  private long expectedLength = -1;
  private long received;
  private boolean awaitingData;
  private long lastProgressNanos;
  private ScheduledFuture<?> timer;
  private long requestSentAtMillis;

  /**
   * @param body the request body source, or null when the request has none
   * @param bodyLength the body's Content-Length when not chunked
   */
  OriginFetch(EdgeRuntime rt, OriginRequest request, EventLoop loop, RequestBody body, boolean bodyChunked,
      long bodyLength, OriginStream.Sink sink) {
    this.rt = rt;
    this.origin = request.origin();
    this.request = request;
    this.loop = loop;
    this.body = body;
    this.bodyChunked = bodyChunked;
    this.bodyLength = bodyLength;
    String m = request.method();
    this.idempotent = m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS");
    this.headRequest = m.equals("HEAD");
    this.sink = sink;
  }

  /** Hands the rest of the response to another sink (a fill passing an unshareable response to a viewer). */
  @Override
  public void sink(OriginStream.Sink s) {
    this.sink = s;
  }

  @Override
  public Origin origin() {
    return origin;
  }

  @Override
  public OriginRequest request() {
    return request;
  }

  @Override
  public EventLoop loop() {
    return loop;
  }

  /** When the request was sent (epoch millis), for RFC 9111 request_time. */
  @Override
  public long requestSentAtMillis() {
    return requestSentAtMillis;
  }

  private long sentNanos;

  void start() {
    if (rt.metrics() != null) {
      rt.metrics().origin(origin.id()).request();
    }
    rt.originClient().acquire(origin, loop, this);
  }

  private void meterError(OriginErrorKind kind) {
    if (rt.metrics() != null) {
      rt.metrics().origin(origin.id()).error(kind);
    }
  }

  /** Asks for more of the body. */
  @Override
  public void read() {
    if (state == State.BODY && channel != null) {
      if (!awaitingData) {
        awaitingData = true;
        lastProgressNanos = System.nanoTime();
      }
      channel.read();
    }
  }

  /** Stops: the connection is closed (its response is unread). Idempotent. */
  @Override
  public void cancel() {
    if (state == State.DONE) {
      return;
    }
    state = State.DONE;
    cancelTimer();
    if (channel != null) {
      channel.close();
    }
  }

  @Override
  public boolean done() {
    return state == State.DONE;
  }

  // ---- connection and request -----------------------------------------------------------------

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
    channel = ch;
    reused = reusedConnection;
    ch.pipeline().get(OriginHandler.class).attach(this);
    state = State.AWAITING_HEAD;
    DefaultHttpRequest req = new DefaultHttpRequest(
        HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()), request.target());
    NettyHeaders.copyInto(request.headers(), req.headers());
    requestSentAtMillis = rt.clock().millis();
    sentNanos = System.nanoTime();
    if (body != null) {
      if (bodyChunked) {
        req.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        HttpUtil.setTransferEncodingChunked(req, true);
      } else {
        req.headers().set(HttpHeaderNames.CONTENT_LENGTH, bodyLength);
      }
      ch.writeAndFlush(req);
      bodyStarted = true;
      body.pull();
    } else {
      req.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
      ch.write(req);
      ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      requestSent();
    }
    ch.read();
  }

  @Override
  public void failed(EdgeError error) {
    if (state != State.DONE) {
      meterError(error.status() == 504 ? OriginErrorKind.CONNECT_TIMEOUT : OriginErrorKind.CONNECT);
      state = State.DONE;
      sink.onFailure(this, error, error.reason());
    }
  }

  /** A piece of the request body (owned by this call). */
  void sendBody(HttpContent content) {
    if (state == State.DONE || state == State.CONNECTING || requestSent) {
      content.release();
      return;
    }
    boolean last = content instanceof LastHttpContent;
    channel.writeAndFlush(content);
    if (last) {
      requestSent();
    } else if (channel.isWritable()) {
      body.pull();
    }
  }

  @Override
  public void onOriginWritable() {
    if (body != null && !requestSent && state != State.DONE) {
      body.pull();
    }
  }

  private void requestSent() {
    requestSent = true;
    if (state == State.AWAITING_HEAD) {
      schedule(origin.readTimeout().toNanos());
    }
  }

  // ---- response -------------------------------------------------------------------------------

  @Override
  public void onOriginMessage(Object msg) {
    if (state == State.DONE) {
      ReferenceCountUtil.release(msg);
      return;
    }
    awaitingData = false;
    lastProgressNanos = System.nanoTime();
    if (msg instanceof HttpResponse resp) {
      onResponseHead(resp);
    }
    if (msg instanceof HttpContent c) {
      onResponseContent(c);
    } else if (!(msg instanceof HttpResponse)) {
      ReferenceCountUtil.release(msg);
    }
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
      } else {
        skipInformationalEnd = true;
      }
      return;
    }
    if (state != State.AWAITING_HEAD) {
      fail(EdgeError.originBroken(origin.id(), "a second response head"));
      return;
    }
    cancelTimer();
    HttpFields fields = NettyHeaders.toFields(resp.headers());
    long length = HttpFieldValues.contentLength(fields);
    if (length == -2) {
      fail(EdgeError.originBroken(origin.id(), "invalid Content-Length"));
      return;
    }
    boolean chunked = HttpUtil.isTransferEncodingChunked(resp);
    boolean bodyless = headRequest || status == 204 || status == 304;
    reusable = HttpUtil.isKeepAlive(resp) && (bodyless || chunked || length >= 0);
    expectedLength = !bodyless && !chunked ? length : -1;
    state = State.BODY;
    schedule(origin.readTimeout().toNanos());
    if (rt.metrics() != null) {
      rt.metrics().origin(origin.id()).firstByte(System.nanoTime() - sentNanos);
    }
    sink.onHead(this, status, resp.status().reasonPhrase(), fields);
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
    if (state != State.BODY) {
      c.release();
      return;
    }
    if (c.decoderResult().isFailure()) {
      c.release();
      failBody("origin body could not be decoded: " + c.decoderResult().cause());
      return;
    }
    ByteBuf content = c.content();
    received += content.readableBytes();
    if (expectedLength >= 0 && received > expectedLength) {
      c.release();
      failBody("origin sent more than its Content-Length");
      return;
    }
    if (last && expectedLength >= 0 && received != expectedLength) {
      c.release();
      failBody("origin body ended after " + received + " of " + expectedLength + " bytes");
      return;
    }
    if (last) {
      state = State.DONE;
      cancelTimer();
      returnConnection();
      if (rt.metrics() != null) {
        rt.metrics().origin(origin.id()).lastByte(System.nanoTime() - sentNanos);
      }
    }
    sink.onContent(this, content, last);
  }

  private void returnConnection() {
    OriginHandler h = channel.pipeline().get(OriginHandler.class);
    if (h != null) {
      h.detach();
    }
    if (reusable && requestSent && channel.isActive()) {
      rt.originClient().release(origin, channel);
    } else {
      channel.close();
    }
  }

  @Override
  public void onOriginReadComplete() {
    if (state == State.AWAITING_HEAD) {
      channel.read();
    } else if (state == State.BODY) {
      sink.onReadComplete(this);
    }
  }

  @Override
  public void onOriginClosed(Throwable cause) {
    if (state == State.DONE) {
      return;
    }
    if (state == State.AWAITING_HEAD) {
      if (reused && !retried && !bodyStarted && idempotent) {
        // A pooled connection the origin had already closed: retry once on a fresh one.
        retried = true;
        cancelTimer();
        channel.pipeline().get(OriginHandler.class).detach();
        state = State.CONNECTING;
        rt.originClient().connectFresh(origin, loop, this);
        return;
      }
      fail(cause == null ? EdgeError.originClosed(origin.id())
          : EdgeError.originBroken(origin.id(), cause.getClass().getSimpleName()));
      return;
    }
    failBody("origin connection closed mid-body after " + received + " bytes"
        + (cause == null ? "" : " (" + cause + ")"));
  }

  private void fail(EdgeError error) {
    meterError(error.status() == 504 ? OriginErrorKind.TIMEOUT : OriginErrorKind.INVALID_RESPONSE);
    state = State.DONE;
    cancelTimer();
    if (channel != null) {
      channel.close();
    }
    sink.onFailure(this, error, error.reason());
  }

  private void failBody(String why) {
    meterError(OriginErrorKind.RESET);
    state = State.DONE;
    cancelTimer();
    if (channel != null) {
      channel.close();
    }
    sink.onFailure(this, null, why);
  }

  // ---- timers ---------------------------------------------------------------------------------

  private void schedule(long nanos) {
    cancelTimer();
    timer = loop.schedule(this::timerFired, nanos, TimeUnit.NANOSECONDS);
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
    } else if (state == State.BODY) {
      long idle = System.nanoTime() - lastProgressNanos;
      if (awaitingData && idle >= timeout) {
        failBody("origin sent nothing for " + origin.readTimeout().toMillis() + " ms mid-body");
      } else {
        schedule(awaitingData ? timeout - idle : timeout);
      }
    }
  }
}
