package dev.streamedge.store.engine;

import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.ObjectState;
import dev.streamedge.store.ObjectUnavailableException;
import dev.streamedge.store.ObjectUnavailableException.Reason;
import dev.streamedge.store.evict.PolicyNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One version (generation) of one key: the unit readers pin and follow. Chunks are keyed by
 * generation, so bytes of a version never change once written; what changes is which ranges are
 * committed or in flight, and the state. Those live here, under this object's monitor, which is
 * only ever held briefly and never while running user callbacks or storage I/O.
 */
final class ObjectVersion {
  final String key;
  final long generation;
  final int chunkSize;
  /** Resolved on first use (recovered versions of never-read objects need none). */
  volatile ChunkLocation location;
  final long fingerprint;
  /** For a version created by a writer: its metadata (what followers see); else null. */
  final ObjectMeta writerMeta;
  /** Chunk data in a body file ({@link BodyFiles}), descriptors in the backend. */
  final boolean fileBacked;

  // Guarded by this.
  private ObjectState state;
  private RangeSet committed;
  private long length;
  private List<Extent> extents = List.of();
  private List<Waiter> waiters;
  private int refs;
  private boolean retired;
  private boolean dropped;
  /**
   * Chunk indices (as ranges) whose CRC32C is known good in this process: written by it, or
   * checked on a read since the store opened. Only these may be sent as file spans.
   */
  private RangeSet verified = RangeSet.empty();
  /** The open body file its readers share (null when none is open). */
  private BodyChannel body;

  // Guarded by the engine lock.
  PolicyNode<ObjectVersion> node;
  long accountedBytes;
  boolean indexed;
  boolean everIndexed;
  boolean pinnedAccounting;

  private record Waiter(long offset, Runnable callback) {}

  private static final AtomicLong REVISIONS = new AtomicLong();

  /**
   * Unique among all versions of all keys; replaced by a new value when the version's metadata
   * changes (after the new record is written), so a copy made from a record read after this was
   * read is never newer-looking than it is.
   */
  private volatile long revision = REVISIONS.incrementAndGet();

  long revision() {
    return revision;
  }

  /** Called after the version's record was rewritten with new metadata. */
  void metaChanged() {
    revision = REVISIONS.incrementAndGet();
  }

  ObjectVersion(
      String key,
      long generation,
      int chunkSize,
      ChunkLocation location,
      ObjectState state,
      RangeSet committed,
      long length,
      ObjectMeta writerMeta,
      boolean fileBacked) {
    this.key = key;
    this.generation = generation;
    this.chunkSize = chunkSize;
    this.location = location;
    this.fingerprint = CacheKeys.fingerprint(key);
    this.state = state;
    this.committed = committed;
    this.length = length;
    this.writerMeta = writerMeta;
    this.fileBacked = fileBacked;
  }

  /** The shared open body file with a reference taken for the caller, or null if none is open. */
  synchronized BodyChannel retainBody() {
    return body != null && body.tryRetain() ? body : null;
  }

  /**
   * Shares {@code opened} (holding the caller's reference) unless another open channel is there
   * already: then that one is retained and returned, and the caller closes {@code opened}.
   */
  synchronized BodyChannel shareBody(BodyChannel opened) {
    if (body != null && body.tryRetain()) {
      return body;
    }
    body = opened;
    return opened;
  }

  /** {@code closed} was released by everyone: forget it. */
  synchronized void bodyClosed(BodyChannel closed) {
    if (body == closed) {
      body = null;
    }
  }

  synchronized void markVerified(long chunk) {
    if (!verified.covers(chunk, chunk + 1)) {
      verified = verified.add(chunk, chunk + 1);
    }
  }

  synchronized boolean isVerified(long chunk) {
    return verified.covers(chunk, chunk + 1);
  }

  /**
   * Where the bytes at {@code offset} readable from storage (committed, or flushed by a fill) end,
   * or -1 when {@code offset} is not in storage (a fill's tail, the end, absent).
   *
   * @throws ObjectUnavailableException when the object is gone
   */
  synchronized long storedEnd(long offset) {
    if (state == ObjectState.GONE) {
      throw gone();
    }
    long end = committed.endOfRangeContaining(offset);
    if (end != -1) {
      return end;
    }
    Extent e = extentAt(offset);
    return e != null && offset < e.flushedEnd ? e.flushedEnd : -1;
  }

  synchronized ObjectState state() {
    return state;
  }

  synchronized long length() {
    return length;
  }

  synchronized RangeSet committed() {
    return committed;
  }

  /** Pins the version for a reader unless it is retired or gone. */
  synchronized boolean tryAcquire() {
    if (retired || dropped || state == ObjectState.GONE) {
      return false;
    }
    refs++;
    return true;
  }

  /** Pins the version for a follower of its writer unless its bytes are already deleted. */
  synchronized boolean acquireForFollower() {
    if (dropped || state == ObjectState.GONE) {
      return false;
    }
    refs++;
    return true;
  }

  /** Unpins; true when the caller must now delete the retired version's chunks. */
  synchronized boolean release() {
    refs--;
    if (retired && refs == 0 && !dropped) {
      dropped = true;
      return true;
    }
    return false;
  }

  /** Marks the version no longer current; true when the caller must delete its chunks now. */
  synchronized boolean retire() {
    retired = true;
    if (refs == 0 && !dropped) {
      dropped = true;
      return true;
    }
    return false;
  }

  synchronized boolean isRetired() {
    return retired;
  }

  /** Purged: its chunks are already deleted (range delete); everyone reading it stops. */
  synchronized List<Runnable> markGone() {
    state = ObjectState.GONE;
    retired = true;
    dropped = true;
    return takeAllWaiters();
  }

  /** Dropped as corrupt: readers stop; chunks are deleted by the usual retire path. */
  synchronized List<Runnable> markCorrupt() {
    state = ObjectState.GONE;
    return takeAllWaiters();
  }

  synchronized boolean addExtentIfFree(Extent extent) {
    if (state == ObjectState.GONE || committed.intersects(extent.start, extent.limit)) {
      return false;
    }
    for (Extent e : extents) {
      if (e.start < extent.limit && extent.start < e.limit) {
        return false;
      }
    }
    if (extents.isEmpty()) {
      extents = new ArrayList<>(2);
    }
    extents.add(extent);
    return true;
  }

  /** A writer appended {@code n} bytes to its tail: wake followers now able to read. */
  List<Runnable> appended(Extent extent, int n) {
    synchronized (this) {
      extent.tailLen += n;
      return takeWaiters(extent.start, extent.available());
    }
  }

  /** A writer wrote its tail as a chunk. */
  synchronized void flushed(Extent extent, int n) {
    extent.flushedEnd += n;
    extent.tailLen = 0;
  }

  /** A writer committed: its extent becomes committed ranges. */
  synchronized List<Runnable> commitExtent(Extent extent, RangeSet present, long newLength) {
    if (!extents.isEmpty()) {
      extents.remove(extent);
    }
    committed = present;
    length = newLength;
    if (state == ObjectState.FILLING) {
      state = ObjectState.COMMITTED;
    }
    return takeAllWaiters();
  }

  /** A writer gave up: its bytes are going. A version with nothing committed is then aborted. */
  synchronized List<Runnable> extentAborted(Extent extent) {
    if (!extents.isEmpty()) {
      extents.remove(extent);
    }
    if (state == ObjectState.FILLING && extents.isEmpty() && committed.isEmpty()) {
      state = ObjectState.ABORTED;
    }
    return takeAllWaiters();
  }

  /**
   * What a read at {@code offset} would get right now, without reading: the number of contiguous
   * readable bytes (> 0), 0 to wait, -1 at the end.
   *
   * @throws ObjectUnavailableException when the read would fail
   */
  synchronized long probe(long offset) {
    if (state == ObjectState.GONE) {
      throw gone();
    }
    long end = committed.endOfRangeContaining(offset);
    if (end != -1) {
      return end - offset;
    }
    Extent e = extentAt(offset);
    if (e != null) {
      return Math.max(0, e.available() - offset);
    }
    return terminal(offset);
  }

  /**
   * Plans a read: copies from a writer's tail right away (under the lock), or returns where the
   * backend-readable span at {@code offset} ends.
   *
   * @return {@code [kind, value]}: kind 0 = copied {@code value} bytes from a tail (0 = nothing
   *     yet, wait; -1 = end), kind 1 = read chunks from the backend up to offset {@code value}
   */
  synchronized long planRead(long offset, ByteBuffer dst, long[] out) {
    if (state == ObjectState.GONE) {
      throw gone();
    }
    long end = committed.endOfRangeContaining(offset);
    if (end != -1) {
      out[0] = 1;
      return end;
    }
    Extent e = extentAt(offset);
    if (e == null) {
      out[0] = 0;
      return terminal(offset);
    }
    if (offset < e.flushedEnd) {
      out[0] = 1;
      return e.flushedEnd;
    }
    out[0] = 0;
    long avail = e.available() - offset;
    if (avail <= 0) {
      return 0;
    }
    int take = (int) Math.min(avail, dst.remaining());
    int from = (int) (offset - e.flushedEnd);
    ByteBuffer src = e.tail.duplicate();
    src.limit(from + take).position(from);
    dst.put(src);
    return take;
  }

  /** Registers a one-shot callback; returns true when it must run now instead. */
  synchronized boolean addWaiter(long offset, Runnable callback) {
    if (!mustWait(offset)) {
      return true;
    }
    if (waiters == null) {
      waiters = new ArrayList<>(4);
    }
    waiters.add(new Waiter(offset, callback));
    return false;
  }

  /** Why a missing chunk is missing: a clean reason, or null when it should be there (corrupt). */
  synchronized ObjectUnavailableException missingChunkReason(long offset) {
    // A retired version's chunks wait for its readers; they vanish early only through a purge.
    if (state == ObjectState.GONE || retired) {
      return gone();
    }
    if (state == ObjectState.ABORTED) {
      return aborted();
    }
    if (committed.endOfRangeContaining(offset) == -1) {
      Extent e = extentAt(offset);
      if (e == null || offset >= e.flushedEnd) {
        // The extent went away (its writer aborted) while we read.
        return new ObjectUnavailableException(
            Reason.NOT_PRESENT, "range no longer being filled: " + key + " @" + offset);
      }
    }
    return null;
  }

  private boolean mustWait(long offset) {
    if (state == ObjectState.GONE || state == ObjectState.ABORTED) {
      return false;
    }
    if (committed.endOfRangeContaining(offset) != -1) {
      return false;
    }
    Extent e = extentAt(offset);
    return e != null && offset >= e.available();
  }

  private Extent extentAt(long offset) {
    for (Extent e : extents) {
      if (offset >= e.start && offset < e.limit) {
        return e;
      }
    }
    return null;
  }

  private long terminal(long offset) {
    if (state == ObjectState.ABORTED) {
      throw aborted();
    }
    if (length >= 0 && offset >= length) {
      return -1;
    }
    throw new ObjectUnavailableException(
        Reason.NOT_PRESENT, "offset " + offset + " not present in " + key);
  }

  private List<Runnable> takeWaiters(long from, long to) {
    if (waiters == null || waiters.isEmpty()) {
      return List.of();
    }
    List<Runnable> out = null;
    for (int i = waiters.size() - 1; i >= 0; i--) {
      Waiter w = waiters.get(i);
      if (w.offset >= from && w.offset < to) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(w.callback);
        waiters.remove(i);
      }
    }
    return out == null ? List.of() : out;
  }

  private List<Runnable> takeAllWaiters() {
    if (waiters == null || waiters.isEmpty()) {
      return List.of();
    }
    List<Runnable> out = new ArrayList<>(waiters.size());
    for (Waiter w : waiters) {
      out.add(w.callback);
    }
    waiters.clear();
    return out;
  }

  private ObjectUnavailableException gone() {
    return new ObjectUnavailableException(Reason.GONE, "object gone (purged or dropped): " + key);
  }

  private ObjectUnavailableException aborted() {
    return new ObjectUnavailableException(Reason.ABORTED, "fill aborted: " + key);
  }

  @Override
  public String toString() {
    return key + "#" + generation;
  }
}
