package dev.streamedge.edge.netty;

import io.netty.handler.codec.http.HttpContent;

/** What a viewer connection drives while one request is in flight. Runs on its event loop. */
interface ViewerExchange {
  /** Starts the exchange. */
  void start();

  /** A piece of the request body, pulled with {@link ViewerHandler#readBody()}; owned by the callee. */
  void onViewerContent(HttpContent content);

  /** The viewer's channel became writable again. */
  void onViewerWritable();

  /** The viewer's connection closed: release everything. */
  void onViewerClosed();
}
