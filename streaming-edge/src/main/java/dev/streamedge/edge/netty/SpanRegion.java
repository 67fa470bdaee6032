package dev.streamedge.edge.netty;

import dev.streamedge.store.FileSpan;
import io.netty.channel.DefaultFileRegion;

/**
 * A stored object's {@link FileSpan} as a Netty {@link DefaultFileRegion}, which the epoll and NIO
 * transports send with {@code sendfile}. The file channel belongs to the store's reader and is
 * shared by its spans: releasing this region closes the span (giving back its reference), never
 * the channel itself, which {@code DefaultFileRegion} would otherwise close.
 */
final class SpanRegion extends DefaultFileRegion {
  private final FileSpan span;

  SpanRegion(FileSpan span) {
    super(span.channel(), span.position(), span.count());
    this.span = span;
  }

  @Override
  protected void deallocate() {
    span.close();
  }
}
