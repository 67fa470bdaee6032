package dev.streamedge.edge.netty;

import dev.streamedge.edge.admin.AdminApi;
import dev.streamedge.edge.admin.AdminRequest;
import dev.streamedge.edge.admin.AdminResponse;
import dev.streamedge.edge.http.HttpFields;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the admin API: collects a small request body (capped at 1 MiB: admin calls are JSON
 * documents, never media), runs the endpoint on the blocking executor and writes the answer.
 */
final class AdminHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
  private static final int MAX_BODY = 1 << 20;

  private final AdminApi api;
  private final Executor blocking;
  private HttpRequest head;
  private ByteArrayOutputStream body;
  private boolean tooLarge;

  AdminHandler(AdminApi api, Executor blocking) {
    this.api = api;
    this.blocking = blocking;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest r) {
        head = r;
        body = new ByteArrayOutputStream();
        tooLarge = false;
      }
      if (msg instanceof HttpContent c && head != null) {
        ByteBuf b = c.content();
        if (body.size() + b.readableBytes() > MAX_BODY) {
          tooLarge = true;
        } else {
          b.readBytes(body, b.readableBytes());
        }
        if (c instanceof LastHttpContent) {
          dispatch(ctx);
        }
      }
    } catch (java.io.IOException e) {
      ctx.close();
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void dispatch(ChannelHandlerContext ctx) {
    HttpRequest r = head;
    head = null;
    boolean keepAlive = HttpUtil.isKeepAlive(r) && !r.decoderResult().isFailure();
    if (r.decoderResult().isFailure()) {
      write(ctx, AdminResponse.text(400, "malformed request\n"), false, false);
      return;
    }
    if (tooLarge) {
      write(ctx, AdminResponse.text(413, "admin request bodies are limited to 1 MiB\n"), false, false);
      return;
    }
    String uri = r.uri();
    int q = uri.indexOf('?');
    AdminRequest req = new AdminRequest(r.method().name(), q < 0 ? uri : uri.substring(0, q),
        q < 0 ? null : uri.substring(q + 1), body.toByteArray());
    boolean headRequest = r.method().name().equals("HEAD");
    ctx.channel().config().setAutoRead(false);
    blocking.execute(() -> {
      AdminResponse resp;
      try {
        resp = api.handle(req);
      } catch (RuntimeException e) {
        log.warn("admin {} {} failed", req.method(), req.path(), e);
        resp = AdminResponse.text(500, "internal error: " + e.getClass().getSimpleName() + "\n");
      }
      AdminResponse done = resp;
      ctx.executor().execute(() -> {
        write(ctx, done, headRequest, keepAlive);
        ctx.channel().config().setAutoRead(true);
      });
    });
  }

  private static void write(ChannelHandlerContext ctx, AdminResponse r, boolean headRequest, boolean keepAlive) {
    OwnResponses.bytes(ctx, r.status(), HttpResponseStatus.valueOf(r.status()).reasonPhrase(), r.contentType(), r.body(),
        HttpFields.of("Cache-Control", "no-store"), headRequest, keepAlive)
        .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("admin connection failed: {}", cause.toString());
    ctx.close();
  }
}
