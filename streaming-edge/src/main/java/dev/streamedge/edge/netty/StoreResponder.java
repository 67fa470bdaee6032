package dev.streamedge.edge.netty;

import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.lifecycle.ServePlan;
import dev.streamedge.edge.range.ContentRange;
import dev.streamedge.edge.range.MultipartByteranges;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a stored object — complete, or still being filled — to a viewer as a {@link ServePlan}
 * says (whole, one range, multipart ranges). Bytes are pulled: the next chunk is read from the
 * store (on the blocking executor, into a pooled direct buffer that is then written without a copy)
 * only while the viewer's channel is writable; when the next byte is not in the store yet, the
 * reader's one-shot callback resumes the stream as the fill appends it. One chunk in flight per
 * viewer, whatever the object's size. When the whole body is already in memory (the memory tier's
 * copy, or a small object read with its lookup) the response is written as slices of that buffer
 * instead, on the event loop, with no store read.
 */
final class StoreResponder {
  private static final Logger log = LoggerFactory.getLogger(StoreResponder.class);

  /** A piece of the body: literal bytes (multipart part headers) or a byte range of the object. */
  private record Segment(byte[] literal, long offset, long length) {}

  private final EdgeRuntime rt;
  private final EdgeCache cache;
  private final ViewerHandler viewer;
  private final ChannelHandlerContext vctx;
  private ObjectReader reader;
  private long readerBase;
  private long readerEnd = Long.MAX_VALUE;
  private final ReaderSource source;
  private boolean opening;
  private final List<Segment> segments = new ArrayList<>();
  private final int readSize;
  private final String label;
  private boolean keepAlive;

  private int index;
  private long position;
  private long remaining = -1;
  private boolean started;
  private boolean reading;
  private boolean waitingWritable;
  private boolean done;
  private boolean closeAfterRead;
  private boolean readerClosed;
  /** The whole body already in memory (the memory tier, or read with the lookup), or null. */
  private ByteBuf memory;

  /** Serves one whole object from {@code reader}. */
  StoreResponder(EdgeRuntime rt, EdgeCache cache, ViewerHandler viewer, ObjectReader reader, boolean keepAlive,
      String label) {
    this(rt, cache, viewer, reader, null, keepAlive, label);
  }

  /** Serves an object whose bytes come from readers {@code source} opens (an object in slices). */
  StoreResponder(EdgeRuntime rt, EdgeCache cache, ViewerHandler viewer, ReaderSource source, boolean keepAlive,
      String label) {
    this(rt, cache, viewer, null, source, keepAlive, label);
  }

  private StoreResponder(EdgeRuntime rt, EdgeCache cache, ViewerHandler viewer, ObjectReader reader,
      ReaderSource source, boolean keepAlive, String label) {
    this.rt = rt;
    this.cache = cache;
    this.viewer = viewer;
    this.vctx = viewer.ctx();
    this.reader = reader;
    this.source = source;
    this.keepAlive = keepAlive;
    this.label = label;
    this.readSize = cache.store().chunkSize() + 4;
  }

  /**
   * Hands over the object's whole body, already in memory (this responder releases it): the
   * response is then written as slices of it, with no store read and no copy. The reader, if any,
   * is only closed.
   */
  void memoryBody(ByteBuf b) {
    if (memory != null) {
      memory.release();
    }
    memory = b;
  }

  /**
   * Writes the response head for {@code plan} and streams its body.
   *
   * @param headers the viewer-facing fields without framing (no Content-Length / Content-Range)
   */
  void respond(ServePlan plan, int status, String reason, HttpFields headers, boolean headRequest, boolean http10) {
    DefaultHttpResponse out;
    long bodyLength;
    if (plan instanceof ServePlan.NotModified nm) {
      out = head(304, "Not Modified", mergeForNotModified(headers, nm.headers()));
      bodyLength = 0;
      headRequest = true; // no body
    } else if (plan instanceof ServePlan.PreconditionFailed) {
      closeReader();
      viewer.respondOwn(412, "Precondition Failed", "412 Precondition Failed: the precondition did not hold\n", label);
      return;
    } else if (plan instanceof ServePlan.Unsatisfiable u) {
      closeReader();
      viewer.respondUnsatisfiable(ContentRange.unsatisfied(u.completeLength()).toString(), label);
      return;
    } else if (plan instanceof ServePlan.Partial p) {
      out = head(206, "Partial Content", headers);
      out.headers().set(HttpHeaderNames.CONTENT_RANGE, ContentRange.of(p.range(), p.completeLength()).toString());
      bodyLength = p.range().length();
      segments.add(new Segment(null, p.range().first(), bodyLength));
    } else if (plan instanceof ServePlan.Multipart m) {
      out = head(206, "Partial Content", headers.without("Content-Type"));
      out.headers().set(HttpHeaderNames.CONTENT_TYPE, m.plan().contentType());
      bodyLength = m.plan().contentLength();
      for (MultipartByteranges.Part part : m.plan().parts()) {
        segments.add(new Segment(part.header().getBytes(StandardCharsets.ISO_8859_1), 0, 0));
        segments.add(new Segment(null, part.offset(), part.length()));
      }
      segments.add(new Segment(m.plan().closingDelimiter().getBytes(StandardCharsets.ISO_8859_1), 0, 0));
    } else {
      long length = ((ServePlan.Whole) plan).length();
      out = head(status, reason, headers);
      bodyLength = length;
      segments.add(new Segment(null, 0, length < 0 ? Long.MAX_VALUE : length));
    }
    if (bodyLength >= 0) {
      out.headers().set(HttpHeaderNames.CONTENT_LENGTH, bodyLength);
    } else if (http10) {
      keepAlive = false;
    } else {
      HttpUtil.setTransferEncodingChunked(out, true);
    }
    if (!keepAlive) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (http10) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    if (status == 204 || status == 304 || (plan instanceof ServePlan.Whole && (status < 200))) {
      headRequest = true;
    }
    started = true;
    vctx.write(out);
    if (headRequest) {
      segments.clear();
    }
    pump();
  }

  private static HttpFields mergeForNotModified(HttpFields full, HttpFields notModified) {
    HttpFields.Builder b = notModified.toBuilder();
    for (String keep : List.of("Via", "X-Cache", "X-Edge-Request-Id", "Age")) {
      String v = full.get(keep);
      if (v != null) {
        b.set(keep, v);
      }
    }
    return b.build();
  }

  private static DefaultHttpResponse head(int status, String reason, HttpFields headers) {
    DefaultHttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(status, reason));
    NettyHeaders.copyInto(headers.without("Content-Length").without("Content-Range"), r.headers());
    return r;
  }

  /** Writes what can be written now; returns when waiting on the viewer, the store or a fill. */
  private void pump() {
    while (!done && !reading && !opening) {
      if (!vctx.channel().isActive()) {
        finish(false);
        return;
      }
      if (!vctx.channel().isWritable()) {
        waitingWritable = true;
        vctx.flush();
        return;
      }
      if (index == segments.size()) {
        end();
        return;
      }
      Segment s = segments.get(index);
      if (s.literal != null) {
        vctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(s.literal)));
        index++;
        remaining = -1;
        continue;
      }
      if (remaining < 0) {
        position = s.offset;
        remaining = s.length;
      }
      if (remaining == 0) {
        index++;
        remaining = -1;
        continue;
      }
      if (memory != null) {
        writeFromMemory();
        continue;
      }
      if (reader == null || position >= readerEnd) {
        openReader();
        return;
      }
      long local = position - readerBase;
      if (reader.readableBytes(local) == 0 && reader.state() == ObjectState.FILLING) {
        vctx.flush();
        reader.onAvailable(local, () -> vctx.executor().execute(this::pump));
        if (reader.readableBytes(local) == 0 && reader.state() == ObjectState.FILLING) {
          return; // the callback resumes
        }
        // It became readable meanwhile; the callback already queued a pump, which finds reading set.
      }
      readNext();
      return;
    }
  }

  /** Asks the source for the reader holding {@code position} (the current one is done). */
  private void openReader() {
    if (source == null) {
      abort();
      return;
    }
    ObjectReader previous = reader;
    reader = null;
    if (previous != null) {
      cache.blocking().execute(previous::close);
    }
    opening = true;
    vctx.flush();
    source.open(position, new ReaderSource.Opened() {
      @Override
      public void reader(ObjectReader r, long base, long end) {
        opening = false;
        if (done) {
          cache.blocking().execute(r::close);
          return;
        }
        reader = r;
        readerBase = base;
        readerEnd = end;
        pump();
      }

      @Override
      public void failed(String why) {
        opening = false;
        log.warn("{}: {}", label, why);
        abort();
      }
    });
  }

  /** Writes the rest of the current segment as one slice of the body in memory. */
  private void writeFromMemory() {
    long available = memory.readableBytes() - position;
    long n = Math.min(remaining, available);
    if (n <= 0) {
      if (remaining == Long.MAX_VALUE || segments.get(index).length == Long.MAX_VALUE) {
        index++;
        remaining = -1;
        return;
      }
      log.warn("{}: the body in memory ended before offset {}", label, position);
      abort();
      return;
    }
    ByteBuf slice = memory.retainedSlice(memory.readerIndex() + (int) position, (int) n);
    position += n;
    if (remaining != Long.MAX_VALUE) {
      remaining -= n;
    }
    vctx.write(new DefaultHttpContent(slice));
  }

  private void readNext() {
    reading = true;
    long cap = Math.min(remaining, readerEnd - position);
    int size = (int) Math.min(readSize, cap);
    long at = position - readerBase;
    ByteBuf buf = cache.readBuffers().directBuffer(size);
    ObjectReader r = reader;
    cache.blocking().execute(() -> {
      int n;
      RuntimeException failure = null;
      try {
        ByteBuffer nio = buf.nioBuffer(0, size);
        n = r.read(at, nio);
      } catch (RuntimeException e) {
        n = 0;
        failure = e;
      }
      int count = n;
      RuntimeException error = failure;
      vctx.executor().execute(() -> onRead(buf, count, error));
    });
  }

  private void onRead(ByteBuf buf, int n, RuntimeException error) {
    reading = false;
    if (closeAfterRead || done) {
      buf.release();
      closeReader();
      return;
    }
    if (error != null) {
      buf.release();
      log.warn("{}: reading the stored object failed: {}", reader == null ? label : reader.key(), error.toString());
      abort();
      return;
    }
    if (n < 0 && readerEnd != Long.MAX_VALUE && reader.state() == ObjectState.COMMITTED
        && position - readerBase == reader.length()) {
      // The end of one slice: the next reader continues.
      buf.release();
      readerEnd = position;
      pump();
      return;
    }
    if (n < 0) {
      buf.release();
      if (reader.state() != ObjectState.COMMITTED) {
        // The end of what an aborted fill wrote is not the end of the object.
        log.warn("{}: the fill being followed was aborted at offset {}", reader.key(), position);
        abort();
        return;
      }
      if (remaining == Long.MAX_VALUE || segments.get(index).length == Long.MAX_VALUE) {
        index++; // the end of a body of unknown length
        remaining = -1;
        pump();
      } else {
        log.warn("{}: the stored object ended before offset {}", reader.key(), position);
        abort();
      }
      return;
    }
    if (n == 0) {
      buf.release();
      if (reader.state() == ObjectState.ABORTED) {
        abort();
        return;
      }
      pump();
      return;
    }
    buf.writerIndex(n);
    position += n;
    if (remaining != Long.MAX_VALUE) {
      remaining -= n;
    }
    vctx.writeAndFlush(new DefaultHttpContent(buf));
    pump();
  }

  private void end() {
    done = true;
    closeReader();
    if (source != null) {
      source.close();
    }
    vctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
        .addListener((ChannelFutureListener) f -> viewer.exchangeFinished(f.isSuccess(), keepAlive));
  }

  void onViewerWritable() {
    if (waitingWritable && !done) {
      waitingWritable = false;
      pump();
    }
  }

  void onViewerClosed() {
    finish(false);
  }

  private void abort() {
    finish(true);
  }

  private void finish(boolean abortViewer) {
    if (done) {
      return;
    }
    done = true;
    closeReader();
    if (source != null) {
      source.close();
    }
    if (abortViewer) {
      viewer.abort();
    }
  }

  private void closeReader() {
    if (memory != null) {
      memory.release();
      memory = null;
    }
    if (reading) {
      closeAfterRead = true;
      return;
    }
    if (!readerClosed && reader != null) {
      readerClosed = true;
      ObjectReader r = reader;
      cache.blocking().execute(r::close);
    }
  }

  boolean started() {
    return started;
  }
}
