package dev.streamedge.edge.netty;

import dev.streamedge.edge.config.OriginGroup;
import dev.streamedge.edge.proxy.OriginRequest;
import io.netty.handler.codec.http.HttpContent;
import java.util.function.Consumer;

/**
 * A request forwarded to the origin and answered with the origin's response as it streams in,
 * without the cache: methods that are not cached, and responses that may not be shared. The
 * request body, if any, streams to the origin as fast as it accepts it.
 */
final class PassThroughExchange implements ViewerExchange {
  private final ViewerHandler viewer;
  private final boolean hasBody;
  private final GroupFetch fetch;
  private final ViewerRelay relay;
  private final boolean consumeBodyEnd;

  PassThroughExchange(EdgeRuntime rt, ViewerHandler viewer, OriginGroup group, OriginRequest request, boolean hasBody,
      boolean chunked, long length, boolean http10, boolean keepAlive, String requestId, String cacheResult,
      Consumer<Integer> onSuccessStatus, boolean consumeBodyEnd) {
    this.consumeBodyEnd = consumeBodyEnd;
    this.viewer = viewer;
    this.hasBody = hasBody;
    this.relay = new ViewerRelay(rt, viewer, request.method().equals("HEAD"), http10, keepAlive, requestId,
        cacheResult, onSuccessStatus);
    this.fetch = new GroupFetch(rt, group, request, viewer.ctx().channel().eventLoop(),
        hasBody ? viewer::readBody : null, chunked, length, relay);
  }

  @Override
  public void start() {
    if (!hasBody && consumeBodyEnd) {
      viewer.readBody(); // consume the empty end of a bodiless request
    }
    fetch.start();
  }

  @Override
  public void onViewerContent(HttpContent content) {
    if (hasBody) {
      fetch.sendBody(content);
    } else {
      content.release();
    }
  }

  @Override
  public void onViewerWritable() {
    relay.onViewerWritable();
  }

  @Override
  public void onViewerClosed() {
    fetch.cancel();
  }
}
