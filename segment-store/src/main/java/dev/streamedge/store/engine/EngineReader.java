package dev.streamedge.store.engine;

import dev.streamedge.store.FileSpan;
import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectState;
import dev.streamedge.store.ObjectUnavailableException;
import dev.streamedge.store.StoredRange;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** A reader of one pinned version; see {@link ObjectReader}. */
final class EngineReader implements ObjectReader {
  private final StoreEngine engine;
  final ObjectVersion version;
  private final ObjectMeta meta;
  private final boolean pinned;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean reading = new AtomicBoolean();
  private final AtomicBoolean released = new AtomicBoolean();
  private final long[] plan = new long[1];
  private final long revision;

  // The last chunk read whole when the caller's buffer was too small for it: the next small read
  // of the same chunk is served from here (chunks of a version never change).
  volatile ByteBuffer chunkCache;
  long cachedChunk = -1;
  int cachedLength;

  // This reader's reference to the version's shared body file, taken on its first file-backed
  // read; released once (like chunkCache) when the reader closes.
  private volatile BodyChannel body;

  EngineReader(StoreEngine engine, ObjectVersion version, ObjectMeta meta, boolean pinned) {
    this(engine, version, meta, pinned, -1);
  }

  /** @param revision the committed version's revision read before {@code meta}, or -1 (a fill) */
  EngineReader(StoreEngine engine, ObjectVersion version, ObjectMeta meta, boolean pinned, long revision) {
    this.revision = revision;
    this.engine = engine;
    this.version = version;
    this.meta = meta;
    this.pinned = pinned;
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
  public long revision() {
    return revision;
  }

  @Override
  public ObjectMeta meta() {
    return meta;
  }

  @Override
  public ObjectState state() {
    return pinned ? version.state() : ObjectState.GONE;
  }

  @Override
  public long length() {
    return version.length();
  }

  @Override
  public List<StoredRange> presentRanges() {
    return version.committed().ranges();
  }

  @Override
  public boolean isPresent(long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("bad range: " + offset + "+" + length);
    }
    return version.committed().covers(offset, offset + length);
  }

  @Override
  public long readableBytes(long offset) {
    checkOffset(offset);
    try {
      return Math.max(0, version.probe(offset));
    } catch (ObjectUnavailableException e) {
      return 0;
    }
  }

  @Override
  public int read(long offset, ByteBuffer dst) {
    checkOffset(offset);
    Objects.requireNonNull(dst, "dst");
    if (!dst.hasRemaining()) {
      throw new IllegalArgumentException("dst has no space");
    }
    claim();
    try {
      long value = version.planRead(offset, dst, plan);
      if (plan[0] == 0) {
        return (int) value;
      }
      return engine.readChunks(this, offset, value, dst);
    } finally {
      unclaim();
    }
  }

  @Override
  public Optional<FileSpan> fileSpan(long offset, long maxCount) {
    checkOffset(offset);
    if (maxCount <= 0) {
      throw new IllegalArgumentException("maxCount must be > 0: " + maxCount);
    }
    if (!version.fileBacked) {
      return Optional.empty();
    }
    claim();
    try {
      long end = version.storedEnd(offset);
      if (end <= offset) {
        return Optional.empty();
      }
      long count = engine.verifyForSpan(this, offset, Math.min(end, offset + maxCount));
      BodyChannel ch = body();
      if (count <= 0 || ch == null) {
        return Optional.empty(); // read() reports why
      }
      ch.retain();
      return Optional.of(new Span(ch, offset, count));
    } finally {
      unclaim();
    }
  }

  /** Claims the reader for one call; see close() for the other half of the protocol. */
  private void claim() {
    if (!reading.compareAndSet(false, true)) {
      throw new IllegalStateException("concurrent reads on one reader of " + version.key);
    }
    // Checked after claiming the read: close() sets closed before it looks at reading.
    if (closed.get()) {
      unclaim();
      throw new IllegalStateException("reader closed");
    }
    if (!pinned) {
      unclaim();
      throw new ObjectUnavailableException(
          ObjectUnavailableException.Reason.GONE, "object gone: " + version.key);
    }
  }

  private void unclaim() {
    reading.set(false);
    if (closed.get()) {
      releaseResources();
    }
  }

  /**
   * The version's open body file, shared with its other readers (opened now if none is), or null
   * when the file is gone. Under a claim.
   */
  BodyChannel body() {
    BodyChannel b = body;
    if (b == null) {
      b = version.retainBody();
      if (b == null) {
        FileChannel ch = engine.openBodyForRead(version);
        if (ch == null) {
          return null;
        }
        BodyChannel opened = new BodyChannel(ch, version::bodyClosed);
        b = version.shareBody(opened);
        if (b != opened) {
          opened.release(); // another reader opened it meanwhile: use theirs
        }
      }
      body = b;
    }
    return b;
  }

  /** Gives the chunk buffer and the body file back once: never while a read may still use them. */
  private void releaseResources() {
    if (released.compareAndSet(false, true)) {
      ByteBuffer b = chunkCache;
      if (b != null) {
        engine.recycleReadBuffer(b);
      }
      BodyChannel ch = body;
      if (ch != null) {
        ch.release();
      }
    }
  }

  /** A span handed out by {@link #fileSpan}: one reference to the body file. */
  private static final class Span implements FileSpan {
    private final BodyChannel body;
    private final long position;
    private final long count;
    private final AtomicBoolean closed = new AtomicBoolean();

    Span(BodyChannel body, long position, long count) {
      this.body = body;
      this.position = position;
      this.count = count;
    }

    @Override
    public FileChannel channel() {
      return body.channel;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public long count() {
      return count;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        body.release();
      }
    }
  }

  @Override
  public void onAvailable(long offset, Runnable callback) {
    checkOffset(offset);
    Objects.requireNonNull(callback, "callback");
    if (!pinned || version.addWaiter(offset, callback)) {
      StoreEngine.run(callback);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      if (!reading.get()) {
        releaseResources(); // else the read in progress releases them when it ends
      }
      engine.readerClosed(this, pinned);
    }
  }

  private static void checkOffset(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0: " + offset);
    }
  }
}
