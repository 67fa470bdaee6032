package dev.streamedge.packager.netty;

import dev.streamedge.packager.http.HttpDates;
import dev.streamedge.packager.http.Request;
import dev.streamedge.packager.http.Response;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests, answered strictly in order (pipelining-safe): a request is handed to the
 * worker executor, its response is written on the event loop, and only when the last byte is written is
 * the next request taken or more input read (auto-read is off). Request bodies are discarded: the
 * packager only answers GET/HEAD.
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

  private final ServerState state;
  private final ArrayDeque<HttpRequest> pending = new ArrayDeque<>();
  private boolean busy;

  RequestHandler(ServerState state) {
    this.state = state;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest req) {
        pending.add(req);
      }
      // HttpContent (request bodies) carries nothing the packager needs.
    } finally {
      if (msg instanceof HttpContent) {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!busy) {
      next(ctx);
    }
  }

  private void next(ChannelHandlerContext ctx) {
    HttpRequest req = pending.poll();
    if (req == null) {
      ctx.read();
      return;
    }
    busy = true;
    state.requestStarted();
    if (req.decoderResult().isFailure()) {
      Throwable cause = req.decoderResult().cause();
      int status = cause instanceof TooLongHttpLineException ? 414
          : cause instanceof TooLongHttpHeaderException ? 431
          : 400;
      String reason = status == 414 ? "URI Too Long" : status == 431 ? "Request Header Fields Too Large" : "Bad Request";
      write(ctx, Response.text(status, reason, "no-store", false), PreparedBody.empty(), false, req.protocolVersion());
      return;
    }
    Request request = toRequest(req);
    boolean keepAlive = HttpUtil.isKeepAlive(req) && !state.closing();
    HttpVersion version = req.protocolVersion();
    if (request == null) {
      write(ctx, Response.text(400, "Bad Request: request target", "no-store", false), PreparedBody.empty(), false, version);
      return;
    }
    try {
      state.worker().execute(() -> answer(ctx, request, keepAlive, version));
    } catch (RejectedExecutionException busyWorkers) {
      write(ctx, Response.text(503, "Service Unavailable: busy", "no-store", request.isHead()).with("Retry-After", "1"),
          PreparedBody.empty(), keepAlive, version);
    }
  }

  /** On a worker thread: route, plan, open files; then hop back to the event loop to write. */
  private void answer(ChannelHandlerContext ctx, Request request, boolean keepAlive, HttpVersion version) {
    Response response;
    PreparedBody body;
    try {
      response = state.app().apply(request);
      body = request.isHead() ? PreparedBody.empty() : PreparedBody.prepare(response.body(), state.zeroCopy());
    } catch (IOException e) {
      log.warn("{} {}: cannot open the body: {}", request.method(), request.rawPath(), e.toString());
      response = Response.text(500, "Internal Server Error", "no-store", request.isHead());
      body = PreparedBody.empty();
    } catch (RuntimeException | Error e) {
      log.warn("{} {} failed", request.method(), request.rawPath(), e);
      response = Response.text(500, "Internal Server Error", "no-store", request.isHead());
      body = PreparedBody.empty();
    }
    Response r = response;
    PreparedBody b = body;
    try {
      ctx.executor().execute(() -> write(ctx, r, b, keepAlive, version));
    } catch (RejectedExecutionException loopGone) {
      state.requestDone();
      b.discard();
    }
  }

  private void write(ChannelHandlerContext ctx, Response r, PreparedBody body, boolean keepAlive, HttpVersion version) {
    if (!ctx.channel().isActive()) {
      body.discard();
      state.requestDone();
      return;
    }
    DefaultHttpResponse head = new DefaultHttpResponse(version, HttpResponseStatus.valueOf(r.status()));
    for (Response.Header h : r.headers()) {
      head.headers().add(h.name(), h.value());
    }
    head.headers().set(HttpHeaderNames.DATE, HttpDates.format(state.clock().instant()));
    head.headers().set(HttpHeaderNames.SERVER, state.serverName());
    head.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    if (!keepAlive) {
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (version.equals(HttpVersion.HTTP_1_0)) {
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    ctx.write(head, ctx.voidPromise());
    for (Object part : body.parts()) {
      ctx.write(part, ctx.voidPromise());
    }
    ChannelFuture done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    done.addListener((ChannelFutureListener) f -> {
      state.requestDone();
      busy = false;
      if (!f.isSuccess()) {
        log.debug("response to {} failed: {}", f.channel().remoteAddress(), String.valueOf(f.cause()));
        f.channel().close();
      } else if (!keepAlive) {
        f.channel().close();
      } else {
        next(ctx);
      }
    });
  }

  private static Request toRequest(HttpRequest req) {
    String uri = req.uri();
    if (!uri.startsWith("/")) {
      try {
        URI u = new URI(uri);
        if (u.getRawPath() == null || !u.getRawPath().startsWith("/")) {
          return null;
        }
        uri = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
      } catch (Exception e) {
        return null;
      }
    }
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, String> e : req.headers()) {
      headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
    }
    return new Request(req.method().name(), path, headers);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      log.debug("closing idle connection {}", ctx.channel().remoteAddress());
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException || cause instanceof IOException) {
      log.debug("connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      log.warn("connection {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
