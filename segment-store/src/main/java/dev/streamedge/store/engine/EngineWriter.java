package dev.streamedge.store.engine;

import dev.streamedge.store.CommitResult;
import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes one object or slice; see {@link ObjectWriter}. Confined to one thread at a time. */
final class EngineWriter implements ObjectWriter {
  enum Mode {
    /** A whole object, new generation. */
    FULL,
    /** A slice added to the committed sparse version. */
    EXTEND,
    /** A slice of a new version (replacing the stored one at its first commit). */
    NEW_SLICE
  }

  private static final Logger log = LoggerFactory.getLogger(EngineWriter.class);
  private static final int OPEN = 0;
  private static final int COMMITTED = 1;
  private static final int ABORTED = 2;

  private final StoreEngine engine;
  final Mode mode;
  final ObjectVersion version;
  final Extent extent;
  final ObjectMeta meta;
  /** Object offset where this writer must end, or -1 when unknown (a whole object of unknown length). */
  final long declaredEnd;
  final int chunkSize;

  /** Set (under the engine lock) by a purge of this key: nothing this writer does may commit. */
  volatile boolean purged;

  private int state = OPEN;
  private int tailLen;
  private long written;
  /** Bytes written to the backend as chunks (counted as in-flight in the budget). */
  long flushedBytes;
  /** Whether the pending record (and so maybe chunks) exists in the backend. */
  boolean pendingWritten;
  /** A file-backed version's body file, opened at the first chunk written; closed when done. */
  FileChannel body;
  /** A file-backed chunk's descriptor (length, CRC32C), as the backend stores it. Direct. */
  ByteBuffer descriptor;

  EngineWriter(
      StoreEngine engine, Mode mode, ObjectVersion version, Extent extent, ObjectMeta meta,
      long declaredEnd) {
    this.engine = engine;
    this.mode = mode;
    this.version = version;
    this.extent = extent;
    this.meta = meta;
    this.declaredEnd = declaredEnd;
    this.chunkSize = version.chunkSize;
  }

  PendingKind pendingKind() {
    return mode == Mode.FULL ? PendingKind.FILL : PendingKind.SLICE;
  }

  long firstChunk() {
    return extent.start / chunkSize;
  }

  /** Chunk index after the last one this writer may write. */
  long chunkLimit() {
    return mode == Mode.FULL ? Long.MAX_VALUE : (declaredEnd + chunkSize - 1) / chunkSize;
  }

  @Override
  public String key() {
    return version.key;
  }

  @Override
  public long generation() {
    return version.generation;
  }

  @Override
  public long offset() {
    return extent.start;
  }

  @Override
  public long written() {
    return written;
  }

  @Override
  public void append(ByteBuffer src) {
    Objects.requireNonNull(src, "src");
    requireOpen();
    int n = src.remaining();
    if (declaredEnd >= 0 && extent.start + written + n > declaredEnd) {
      throw new IllegalStateException(
          "append beyond the declared end " + declaredEnd + " of " + version.key);
    }
    if (purged) {
      // The key was purged: nothing of this fill may be stored or served any more.
      src.position(src.limit());
      written += n;
      return;
    }
    while (src.hasRemaining()) {
      int take = Math.min(chunkSize - tailLen, src.remaining());
      ByteBuffer target = extent.tail.duplicate();
      target.position(tailLen);
      ByteBuffer part = src.duplicate();
      part.limit(part.position() + take);
      target.put(part);
      src.position(src.position() + take);
      tailLen += take;
      written += take;
      StoreEngine.runAll(version.appended(extent, take));
      boolean lastOfDeclared = declaredEnd >= 0 && extent.start + written == declaredEnd;
      if (tailLen == chunkSize && !lastOfDeclared) {
        flushTail();
      }
    }
  }

  private void flushTail() {
    int len = tailLen;
    long index = (extent.start + flushedBytes) / chunkSize;
    ByteBuffer value = StoreEngine.seal(extent.tail, len, version.generation, index);
    engine.writeChunk(this, index, value);
    version.flushed(extent, len);
    tailLen = 0;
    flushedBytes += len;
    engine.flushedInflight(len);
  }

  @Override
  public CommitResult commit() {
    requireOpen();
    if (purged) {
      state = ABORTED;
      engine.cleanup(this);
      return CommitResult.PURGED;
    }
    long end = extent.start + written;
    if (mode == Mode.FULL) {
      if (meta.totalLength() >= 0 && end != meta.totalLength()) {
        abort();
        throw new IllegalStateException(
            "wrote " + end + " of the declared " + meta.totalLength() + " bytes of " + version.key);
      }
      if (StoreEngine.accounted(end) > engine.maxSizeBytes()) {
        abort();
        return CommitResult.TOO_LARGE;
      }
    } else if (end != declaredEnd) {
      abort();
      throw new IllegalStateException(
          "slice of " + version.key + " ends at " + end + ", declared " + declaredEnd);
    }
    long lastIndex = (extent.start + flushedBytes) / chunkSize;
    ByteBuffer last =
        tailLen > 0 ? StoreEngine.seal(extent.tail, tailLen, version.generation, lastIndex) : null;
    CommitResult result = engine.commit(this, last, lastIndex, end);
    state = result == CommitResult.COMMITTED ? COMMITTED : ABORTED;
    return result;
  }

  @Override
  public void abort() {
    if (state != OPEN) {
      return;
    }
    state = ABORTED;
    engine.cleanup(this);
  }

  /** Closes the body file, if open. Idempotent. */
  void closeBody() {
    FileChannel b = body;
    body = null;
    if (b != null) {
      try {
        b.close();
      } catch (IOException e) {
        log.warn("closing the body file of {} failed", version, e);
      }
    }
  }

  @Override
  public ObjectReader openReader() {
    return engine.follower(this);
  }

  @Override
  public void close() {
    abort();
  }

  private void requireOpen() {
    if (state != OPEN) {
      throw new IllegalStateException(
          "writer of " + version.key + " already " + (state == COMMITTED ? "committed" : "aborted"));
    }
  }
}
