package dev.streamedge.edge.netty;

import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.lifecycle.ServePlan;
import dev.streamedge.edge.range.ContentRange;
import dev.streamedge.edge.range.MultipartByteranges;
import dev.streamedge.store.FileSpan;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a stored object — complete, or still being filled — to a viewer as a {@link ServePlan}
 * says (whole, one range, multipart ranges). Bytes are pulled: the next read is issued only while
 * the viewer's channel is writable; when the next byte is not in the store yet, the reader's
 * one-shot callback resumes the stream as the fill appends it.
 *
 * <p>Read-ahead, in the manner of a kernel's file read-ahead window: one read is in flight per
 * viewer at a time (an {@link ObjectReader} takes one call at a time, so reads on it are serialized
 * by construction and arrive in order), and it is issued <em>before</em> the bytes of the previous
 * one are written, so the blocking pool reads batch i+1 while the event loop writes batch i. After a
 * stream's first {@link #RAMP_BYTES} a read is a batch of {@link #BATCH_CHUNKS} chunks read back to
 * back into one pooled direct buffer (one hand-off each way per batch instead of per chunk); a
 * reader following a fill batches only what {@link ObjectReader#readableBytes} says is there. A
 * viewer thus holds at most one batch being read and one just read, beyond its channel's outbound
 * buffer (whose high-water mark stops new reads). For an object in slices, the next slice's reader is opened
 * ({@link ReaderSource#open}, a store lookup) while the current slice's last batch is read, so a
 * slice boundary does not stall the stream.
 *
 * <p><b>sendfile.</b> On a plain-text HTTP/1.1 connection (a socket with no TLS handler; HTTP/2
 * streams and TLS keep the buffer path) the bytes of a file-backed object go out as {@link
 * SpanRegion}s: each pull asks the reader for a {@link FileSpan} of stored, checksum-verified
 * chunks (growing up to {@link #BIG_SPAN_BYTES}) and writes it as {@code DefaultFileRegion}s of at
 * most {@link #SPAN_BYTES}, so the kernel copies the page cache to the socket once, as nginx does.
 * The same pull loop, read-ahead (the next span is asked for as soon as the current one's last
 * region is queued, while the queued regions are sent), ranges, slices and fill-following apply;
 * when the reader has no span (an object in RocksDB values, the part of a fill not yet written out
 * as a chunk) the same blocking task falls back to a buffer read. A span keeps the object's file
 * open until Netty releases the region (written, or failed when the viewer went away).
 *
 * <p>When the whole body is already in memory (the memory tier's copy, or a small object read with
 * its lookup) the response is written as slices of that buffer instead, on the event loop, with no
 * store read. A memory-tier hit of a file-backed object on a connection that can take sendfile
 * writes only each range's first {@link #FIRST_PIECE} bytes from the copy (in the head's writev)
 * and the rest as a region of the entry's span of the body file.
 */
final class StoreResponder {
  private static final Logger log = LoggerFactory.getLogger(StoreResponder.class);
  /**
   * Chunks per batch once a stream is long. Measured on 2 cores (1 GiB hit, one viewer, medians):
   * 2 chunks gave 1.89 GB/s, 4 gave 2.04 GB/s. Batching 4 chunks from the first byte made 1 MiB
   * hits under 64 connections slower (1543 vs 2089 req/s, noisy), hence {@link #RAMP_BYTES}.
   */
  static final int BATCH_CHUNKS = 4;
  /** A stream reads this much one chunk at a time before it batches: a 1 MiB segment never does. */
  static final long RAMP_BYTES = 1 << 20;
  /**
   * The most one sendfile pull covers once past {@link #RAMP_BYTES}: a buffer batch's worth. A
   * region costs no memory, but the outbound buffer counts it whole until it is sent ({@link
   * RegionSizeEstimator}), so a bigger one would overshoot the high-water mark further and show
   * {@link SendTimeout} progress more coarsely.
   */
  static final long SPAN_BYTES = 1L << 20;
  /**
   * The most one sendfile pull asks the store for: past {@link #RAMP_BYTES} a pull asks for as much
   * as the stream has sent so far (1, 2, 4... MiB, so that chunks to verify after a restart do not
   * stall the start), up to this; a span longer than {@link #SPAN_BYTES} is written as regions of
   * that size from the event loop, one hand-off to the blocking pool per span rather than per
   * region. One cached 1 GiB download, edge alone, both builds up at once, curl in turn, medians
   * of 5: 2.25 -> 2.49 GB/s and 1.78 -> 1.85 GB/s (8 MiB: no clear gain; 128 MiB: none).
   */
  static final long BIG_SPAN_BYTES = 32L << 20;
  /**
   * Of a memory-tier hit sent with sendfile, the bytes of each range that go out from memory in the
   * head's writev; the rest goes with sendfile. Measured on 2 cores, edge alone, two builds up at
   * once and asked in turn (wrk; 1 MiB ranges of a 4 MiB object, 1 MiB hits): sendfile for the whole
   * range after the head cut CPU but made the head a packet (and a client wake-up) of its own, and
   * one connection fell from 1.9-2.55k to 1.8-2.3k req/s; with 16 KiB in the head's writev, 64
   * connections fell too; with 64 KiB, 1 MiB hits on 64 connections rose from 3.0k to 3.6-4.5k req/s
   * but one connection stayed behind; with 512 KiB all three rows rose (one connection 1.8-2.3k to
   * 2.2-3.0k, ranges on 64 connections 2.8-3.2k to 3.5-3.6k, hits 3.3-3.4k to 3.5-3.9k).
   */
  static final int FIRST_PIECE = 512 << 10;

  /** A piece of the body: literal bytes (multipart part headers) or a byte range of the object. */
  private record Segment(byte[] literal, long offset, long length) {}

  private final EdgeRuntime rt;
  private final EdgeCache cache;
  private final ViewerHandler viewer;
  private final ChannelHandlerContext vctx;
  private ObjectReader reader;
  /** The next reader, opened while the current one's last bytes are read; null if none. */
  private Ahead ahead;
  private long readerBase;
  private long readerEnd = Long.MAX_VALUE;
  private final ReaderSource source;
  private boolean opening;
  private final List<Segment> segments = new ArrayList<>();
  /** One chunk as the store reads it straight into a buffer: the data plus its 4-byte checksum. */
  private final int chunkRead;
  /** A batch: {@link #BATCH_CHUNKS} chunks read back to back by one blocking task. */
  private final int batchRead;
  private final String label;
  /** Plain-text HTTP/1.1 on a socket: file-backed bytes go out with sendfile. */
  private final boolean sendfile;
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
  /**
   * The same body as one checked span of its body file, or null: a memory-tier hit of a file-backed
   * object on a connection that can take sendfile. All but the first {@link #FIRST_PIECE} bytes of
   * each range then go out with sendfile.
   */
  private SpanRegion.Shared memoryFile;
  /** A span longer than {@link #SPAN_BYTES} being written region by region, or null. */
  private SpanRegion.Shared bigSpan;
  /** Bytes of {@link #bigSpan} written so far. */
  private long bigSpanUsed;
  /**
   * The body of the fill this responder follows as it arrives, or null: bytes the reader reports
   * readable are written as slices of it, on the event loop, instead of read back from the store.
   */
  private FillCopy copy;
  /**
   * The batch ({@link ByteBuf}) or span ({@link SpanRegion}) just read, written after the next
   * read is issued (never held across a return).
   */
  private Object held;
  /** Bytes the read in flight was asked for (its buffer may be up to 4 bytes larger). */
  private long wanted;
  /** Bytes read from the store for this response so far. */
  private long streamed;

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
    int chunkSize = cache.store().chunkSize();
    this.chunkRead = chunkSize + 4;
    this.batchRead = BATCH_CHUNKS * chunkSize + 4;
    this.sendfile = sendfileCapable(vctx);
  }

  /**
   * Whether bodies may be written as file regions here: a socket (an HTTP/2 stream is a child
   * channel) with no TLS handler (TLS encrypts in user space; it cannot take a region).
   */
  static boolean sendfileCapable(ChannelHandlerContext ctx) {
    Channel ch = ctx.channel();
    return ch instanceof io.netty.channel.socket.SocketChannel
        && ctx.pipeline().get(SslHandler.class) == null;
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

  /** Hands over a reference to the followed fill's copy (this responder releases it). */
  void followCopy(FillCopy c) {
    if (copy != null) {
      copy.release();
    }
    copy = c;
  }

  /** Hands over the body's file span too (this responder releases it); see {@link #memoryFile}. */
  void memoryFile(SpanRegion.Shared file) {
    if (memoryFile != null) {
      memoryFile.release();
    }
    memoryFile = file;
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
    DefaultHttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, NettyHeaders.status(status, reason));
    // Framing is the responder's own (set after this); copied without making two filtered copies.
    NettyHeaders.copyIntoExcept(headers, r.headers(), "Content-Length", "Content-Range");
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
        writeHeld();
        waitingWritable = true;
        vctx.flush();
        return;
      }
      if (index == segments.size()) {
        writeHeld();
        end();
        return;
      }
      Segment s = segments.get(index);
      if (s.literal != null) {
        writeHeld();
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
      if (bigSpan != null) {
        writeFromBigSpan();
        continue;
      }
      if (reader == null || position >= readerEnd) {
        if (takeAhead()) {
          continue;
        }
        writeHeld();
        openReader();
        return;
      }
      long local = position - readerBase;
      if (reader.readableBytes(local) == 0 && reader.state() == ObjectState.FILLING) {
        writeHeld();
        vctx.flush();
        reader.onAvailable(local, () -> vctx.executor().execute(this::pump));
        if (reader.readableBytes(local) == 0 && reader.state() == ObjectState.FILLING) {
          return; // the callback resumes
        }
        // It became readable meanwhile; the callback already queued a pump, which finds reading set.
      }
      if (copy != null && source == null && writeFromCopy(local)) {
        continue;
      }
      // The next batch is read on the blocking pool while the event loop writes the one it holds.
      readNext();
      writeHeld();
      vctx.flush();
      return;
    }
  }

  /** Writes (without flushing) the batch {@link #onRead} left for the next read to overtake. */
  private void writeHeld() {
    Object h = held;
    if (h != null) {
      held = null;
      vctx.write(h instanceof ByteBuf b ? new DefaultHttpContent(b) : h);
    }
  }

  /** Asks the source for the reader holding {@code position} (the current one is done). */
  private void openReader() {
    if (source == null) {
      abort();
      return;
    }
    closeCurrent();
    opening = true;
    vctx.flush();
    Ahead a = ahead;
    if (a != null && a.at == position && !a.failed) {
      a.awaited = true; // its arrival resumes the stream
      return;
    }
    discardAhead(); // opened for another offset (the slice ended early), or failed: ask again
    source.open(position, new ReaderSource.Opened() {
      @Override
      public void reader(ObjectReader r, long base, long end) {
        opening = false;
        if (done) {
          cache.blocking().execute(r::close);
          return;
        }
        install(r, base, end);
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
    // At most a region's worth per write past the first piece: the pump checks writability between
    // writes, and a slow viewer's progress shows (SendTimeout).
    boolean segmentStart = remaining == segments.get(index).length;
    if (memoryFile != null && segmentStart && n > FIRST_PIECE) {
      // The head and the first bytes leave in one writev; the rest with sendfile.
      vctx.write(new DefaultHttpContent(memory.retainedSlice(memory.readerIndex() + (int) position, FIRST_PIECE)));
      long rest = Math.min(n - FIRST_PIECE, SPAN_BYTES);
      memoryFile.retain();
      vctx.write(new SpanRegion(memoryFile, position + FIRST_PIECE, rest));
      rt.metrics().sentFromFile(rest);
      n = FIRST_PIECE + rest;
    } else if (memoryFile != null && !segmentStart) {
      n = Math.min(n, SPAN_BYTES);
      memoryFile.retain();
      vctx.write(new SpanRegion(memoryFile, position, n));
      rt.metrics().sentFromFile(n);
    } else {
      n = Math.min(n, SPAN_BYTES);
      vctx.write(new DefaultHttpContent(memory.retainedSlice(memory.readerIndex() + (int) position, (int) n)));
    }
    position += n;
    if (remaining != Long.MAX_VALUE) {
      remaining -= n;
    }
  }

  /**
   * Writes what the followed fill has copied and the store reports readable from {@code local};
   * false when there is none (the store read path then goes on).
   */
  private boolean writeFromCopy(long local) {
    long n = Math.min(Math.min(remaining, reader.readableBytes(local)), copy.written() - position);
    if (n <= 0) {
      return false;
    }
    n = Math.min(n, SPAN_BYTES); // the pump checks writability between writes
    writeHeld();
    vctx.write(new DefaultHttpContent(copy.retainedSlice(position, (int) n)));
    position += n;
    streamed += n;
    if (remaining != Long.MAX_VALUE) {
      remaining -= n;
    }
    return true;
  }

  /** Writes the next region of {@link #bigSpan} (which starts where the stream was when it came). */
  private void writeFromBigSpan() {
    writeHeld();
    SpanRegion.Shared span = bigSpan;
    long n = Math.min(SPAN_BYTES, span.count() - bigSpanUsed);
    span.retain();
    vctx.write(new SpanRegion(span, bigSpanUsed, n));
    rt.metrics().sentFromFile(n);
    bigSpanUsed += n;
    streamed += n;
    position += n;
    if (remaining != Long.MAX_VALUE) {
      remaining -= n;
    }
    if (bigSpanUsed == span.count()) {
      bigSpan = null;
      span.release();
    }
  }

  private void closeCurrent() {
    ObjectReader previous = reader;
    reader = null;
    if (previous != null) {
      cache.blocking().execute(previous::close);
    }
  }

  private void install(ObjectReader r, long base, long end) {
    reader = r;
    readerBase = base;
    readerEnd = end;
  }

  /** Switches to the reader opened ahead for {@code position} if it is here; false otherwise. */
  private boolean takeAhead() {
    Ahead a = ahead;
    if (a == null || a.at != position || a.reader == null) {
      return false;
    }
    ahead = null;
    closeCurrent();
    install(a.reader, a.base, a.end);
    return true;
  }

  /** Drops the reader opened ahead (closing it now, or when it arrives). */
  private void discardAhead() {
    Ahead a = ahead;
    if (a != null) {
      ahead = null;
      a.discarded = true;
      if (a.reader != null) {
        cache.blocking().execute(a.reader::close);
      }
    }
  }

  /**
   * Starts opening the reader after the current one while the current one's last bytes are being
   * read, so that a slice boundary costs no store lookup on the stream's path.
   */
  private void openAhead() {
    if (source != null && ahead == null && readerEnd != Long.MAX_VALUE && remaining > readerEnd - position) {
      ahead = new Ahead(readerEnd);
      source.open(readerEnd, ahead);
    }
  }

  /** A reader being opened ahead for object offset {@link #at}. */
  private final class Ahead implements ReaderSource.Opened {
    final long at;
    ObjectReader reader;
    long base;
    long end;
    boolean failed;
    /** The stream waits for it ({@link #opening} is set). */
    boolean awaited;
    boolean discarded;

    Ahead(long at) {
      this.at = at;
    }

    @Override
    public void reader(ObjectReader r, long base, long end) {
      if (done || discarded) {
        cache.blocking().execute(r::close);
        return;
      }
      this.reader = r;
      this.base = base;
      this.end = end;
      if (awaited) {
        opening = false;
        takeAhead();
        pump();
      }
    }

    @Override
    public void failed(String why) {
      if (done || discarded) {
        return;
      }
      failed = true;
      if (awaited) {
        opening = false;
        openReader(); // asks again, and fails the response if that fails too
      }
    }
  }

  private void readNext() {
    reading = true;
    long cap = Math.min(remaining, readerEnd - position);
    long at = position - readerBase;
    // A span covers only stored chunks (of a fill: those written out so far), whatever is asked.
    long spanCap = sendfile
        ? Math.min(cap, streamed < RAMP_BYTES ? chunkRead - 4 : Math.min(BIG_SPAN_BYTES, Math.max(SPAN_BYTES, streamed)))
        : 0;
    if (reader.state() == ObjectState.FILLING) {
      // Beyond one chunk, read ahead only what the fill has already made readable.
      cap = Math.min(cap, Math.max(chunkRead, reader.readableBytes(at)));
    }
    // Room for the checksum after the last chunk, so that it too is read straight into the buffer
    // (a read may then return up to 4 bytes more than asked for; onRead ignores them).
    long room = streamed < RAMP_BYTES ? chunkRead : batchRead;
    int size = (int) (Math.min(room - 4, cap) + 4);
    wanted = Math.min(cap, size);
    if (position + Math.max(size, spanCap) >= readerEnd) {
      openAhead();
    }
    ObjectReader r = reader;
    ByteBufAllocator alloc = cache.readBuffers();
    // With sendfile the buffer is taken only when there is no span (allocators are thread-safe).
    ByteBuf pre = spanCap > 0 ? null : alloc.directBuffer(size);
    cache.blocking().execute(() -> {
      int n = 0;
      ByteBuf buf = pre;
      FileSpan span = null;
      RuntimeException failure = null;
      try {
        if (spanCap > 0) {
          span = r.fileSpan(at, spanCap).orElse(null);
        }
        if (span == null) {
          if (buf == null) {
            buf = alloc.directBuffer(size);
          }
          n = r.read(at, buf.nioBuffer(0, size));
        }
      } catch (RuntimeException e) {
        n = 0;
        failure = e;
      }
      int count = n;
      ByteBuf b = buf;
      FileSpan s = span;
      RuntimeException error = failure;
      try {
        vctx.executor().execute(() -> onRead(b, count, error, s));
      } catch (RejectedExecutionException e) { // the event loop is gone (shutdown): nothing to send to
        ReferenceCountUtil.release(b);
        if (s != null) {
          s.close();
        }
      }
    });
  }

  private void onRead(ByteBuf buf, int n, RuntimeException error, FileSpan span) {
    reading = false;
    if (closeAfterRead || done) {
      ReferenceCountUtil.release(buf);
      if (span != null) {
        span.close();
      }
      closeReader();
      return;
    }
    if (span != null && span.count() > SPAN_BYTES) {
      bigSpan = new SpanRegion.Shared(span);
      bigSpanUsed = 0;
      pump(); // writes it region by region
      return;
    }
    if (span != null) {
      long count = span.count();
      streamed += count;
      position += count;
      if (remaining != Long.MAX_VALUE) {
        remaining -= count;
      }
      held = new SpanRegion(span);
      rt.metrics().sentFromFile(count);
      pump(); // issues the next read, then writes this span
      return;
    }
    if (error != null) {
      ReferenceCountUtil.release(buf);
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
    n = (int) Math.min(n, wanted);
    buf.writerIndex(n);
    streamed += n;
    position += n;
    if (remaining != Long.MAX_VALUE) {
      remaining -= n;
    }
    held = buf;
    pump(); // issues the next read, then writes this batch
  }

  private void end() {
    done = true;
    discardAhead();
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
    if (held != null) {
      ReferenceCountUtil.release(held);
      held = null;
    }
    discardAhead();
    closeReader();
    if (source != null) {
      source.close();
    }
    if (abortViewer) {
      viewer.abort();
    }
  }

  private void closeReader() {
    ReferenceCountUtil.release(memory); // each of these may be null
    ReferenceCountUtil.release(memoryFile);
    ReferenceCountUtil.release(bigSpan);
    memory = null;
    memoryFile = null;
    bigSpan = null;
    if (copy != null) {
      copy.release();
      copy = null;
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
