package dev.streamedge.edge.netty;

import dev.streamedge.store.FileSpan;
import dev.streamedge.store.ObjectReader;
import io.netty.channel.DefaultFileRegion;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * A stored object's {@link FileSpan} (or part of a {@link Shared} one) as a Netty {@link
 * DefaultFileRegion}, which the epoll and NIO transports send with {@code sendfile}. The file
 * channel belongs to the store's reader and is shared by its spans: releasing this region closes
 * the span (or releases this region's reference to the shared span), never the channel itself,
 * which {@code DefaultFileRegion} would otherwise close.
 */
final class SpanRegion extends DefaultFileRegion {
  private final Runnable onRelease;

  /** The whole of {@code span}; the region closes it when released. */
  SpanRegion(FileSpan span) {
    super(span.channel(), span.position(), span.count());
    this.onRelease = span::close;
  }

  /**
   * {@code count} bytes of {@code shared} from {@code offset} within it; takes over one reference
   * to {@code shared}, released with the region.
   */
  SpanRegion(Shared shared, long offset, long count) {
    super(shared.span.channel(), shared.span.position() + offset, count);
    if (offset < 0 || count <= 0 || offset + count > shared.span.count()) {
      shared.release();
      throw new IndexOutOfBoundsException("offset " + offset + ", count " + count + " of " + shared.span.count());
    }
    this.onRelease = shared::release;
  }

  @Override
  protected void deallocate() {
    onRelease.run();
  }

  /**
   * A span several responses send parts of at once (the memory tier's entry of a file-backed
   * object): reference-counted, the span is closed when the last reference goes.
   */
  static final class Shared extends AbstractReferenceCounted {
    final FileSpan span;

    Shared(FileSpan span) {
      this.span = span;
    }

    /**
     * Blocking: the whole body of a committed file-backed object as one span (just read and
     * checked in this process, so the store hands it out without reading it again), or null.
     */
    static Shared whole(ObjectReader reader, long length) {
      try {
        FileSpan span = reader.fileSpan(0, length).orElse(null);
        if (span == null) {
          return null;
        }
        if (span.count() != length) {
          span.close();
          return null;
        }
        return new Shared(span);
      } catch (RuntimeException e) {
        return null;
      }
    }

    /** The span's length: the whole object's, for a memory-tier entry. */
    long count() {
      return span.count();
    }

    @Override
    protected void deallocate() {
      span.close();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
      return this;
    }
  }
}
