package dev.streamedge.edge.netty;

import dev.streamedge.edge.cache.CacheRules;
import dev.streamedge.edge.cache.StoredObjects;
import dev.streamedge.edge.cache.StoredResponse;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.proxy.ProxyHeaders;
import dev.streamedge.store.ObjectReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The edge's memory tier: whole small objects (playlists, segments) kept in direct buffers next to
 * their decoded stored response, so a fresh hit is answered on the viewer's event loop with no
 * store read, no copy, no checksum and no thread hand-off: the body goes to the socket as slices of
 * the same buffer.
 *
 * <p><b>Correctness.</b> An entry is a copy of one store revision ({@link
 * dev.streamedge.store.SegmentStore#revision(String)}). It is served only after the store says the
 * key's committed object still has that revision ({@code touch}, lock-free), so a purge, a new
 * version, a 304 refresh or an eviction in the store makes the copy unusable at once; the stale
 * entry is then dropped. Entries are made only from committed objects read whole and checked.
 *
 * <p><b>Memory.</b> Bounded in bytes ({@code edge.cache.memory.maxSize}); objects above {@code
 * maxObjectSize} are never kept. Eviction is CLOCK (second chance): a hit sets a bit, the sweep
 * clears it once before evicting. Each entry owns one reference to its buffer; {@link
 * Entry#retainedBody()} and the release at eviction are serialized per entry, so a buffer is never
 * retained after the tier let go of it.
 */
final class HotObjects {
  /** Counted per entry besides its body: the key, the decoded headers, the map's node. */
  static final long ENTRY_OVERHEAD = 1024;

  /** One object (or Vary marker: {@code body} null, {@code vary} set) as of one store revision. */
  static final class Entry {
    final String key;
    final long revision;
    final StoredResponse stored;
    /** The Vary field names of a marker, else null. */
    final List<String> vary;
    private final ByteBuf body;
    /**
     * The whole body as a span of the object's body file (objects the store keeps in files), which
     * plain-text HTTP/1.1 hits send with sendfile; null otherwise. Owned like {@link #body}.
     */
    private final SpanRegion.Shared file;
    final long size;
    volatile boolean referenced;
    /** The viewer fields every hit shares, made by the first hit (see {@link HitHead}). */
    volatile HitHead head;
    private boolean released;
    private boolean removed;

    Entry(String key, long revision, StoredResponse stored, List<String> vary, ByteBuf body) {
      this(key, revision, stored, vary, body, null);
    }

    /**
     * Blocking: the entry for the committed object {@code reader} reads, with its whole body (taken
     * over) and, for an object in a body file, the file's span.
     */
    static Entry committed(ObjectReader reader, ByteBuf body) {
      return new Entry(reader.key(), reader.revision(), StoredObjects.fromMeta(reader.meta()), null, body,
          SpanRegion.Shared.whole(reader, reader.length()));
    }

    /** As above, with the body's file span too ({@code file} null, or as long as {@code body}). */
    Entry(String key, long revision, StoredResponse stored, List<String> vary, ByteBuf body, SpanRegion.Shared file) {
      this.key = key;
      this.file = file;
      this.revision = revision;
      this.stored = stored;
      this.vary = vary;
      this.body = body;
      this.size = ENTRY_OVERHEAD + key.length() * 2L + (body == null ? 0 : body.capacity());
    }

    /** The body's length (0 for a marker). */
    int length() {
      return body == null ? 0 : body.readableBytes();
    }

    /** A new reference to the body (the caller releases it), or null once the tier released it. */
    synchronized ByteBuf retainedBody() {
      return released || body == null ? null : body.retainedDuplicate();
    }

    boolean hasFile() {
      return file != null;
    }

    /** A new reference to the body's file span (the caller releases it), or null if none. */
    synchronized SpanRegion.Shared retainedFile() {
      return released || file == null ? null : (SpanRegion.Shared) file.retain();
    }

    private synchronized void release() {
      if (!released) {
        released = true;
        if (body != null) {
          body.release();
        }
        if (file != null) {
          file.release();
        }
      }
    }
  }

  /**
   * The viewer-facing fields all hits of an entry share (targeted and hop-by-hop fields removed,
   * {@code Via} and {@code Accept-Ranges} added; no {@code Age}, {@code X-Cache} or request id), for
   * the rules and proxy headers they were made with: a configuration reload makes new ones.
   */
  record HitHead(CacheRules rules, ProxyHeaders proxyHeaders, HttpFields fields) {
    boolean madeWith(CacheRules r, ProxyHeaders p) {
      return rules == r && proxyHeaders == p;
    }
  }

  /**
   * A copy's buffer: exact size, outside Netty's pool (no size-class rounding, no pool chunks held
   * by long-lived entries), counted in {@link #copyBytes} until its last reference is released,
   * whether the tier still keeps it or only responses in flight do.
   */
  private final class CopyBuffer extends UnpooledDirectByteBuf {
    private final int size;

    CopyBuffer(int size) {
      super(UnpooledByteBufAllocator.DEFAULT, size, size);
      this.size = size;
    }

    @Override
    protected void deallocate() {
      super.deallocate();
      copyBytes.addAndGet(-size);
    }
  }

  private final AtomicLong copyBytes = new AtomicLong();
  private final long maxBytes;
  private final long maxObjectBytes;
  private final ConcurrentHashMap<String, Entry> map = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private final ArrayDeque<Entry> clock = new ArrayDeque<>();
  private long bytes;
  private final java.util.concurrent.atomic.LongAdder hits = new java.util.concurrent.atomic.LongAdder();

  /**
   * @param maxBytes the tier's budget (0 disables it)
   * @param maxObjectBytes the largest body kept
   */
  HotObjects(long maxBytes, long maxObjectBytes) {
    this.maxBytes = maxBytes;
    this.maxObjectBytes = Math.min(maxObjectBytes, Math.min(maxBytes, Integer.MAX_VALUE - 16));
  }

  boolean enabled() {
    return maxBytes > 0;
  }

  /** True when a body of {@code length} bytes may be kept. */
  boolean admits(long length) {
    return maxBytes > 0 && length >= 0 && length <= maxObjectBytes;
  }

  /**
   * A buffer for a copy of {@code size} bytes, or null when the copies alive (kept by the tier, or
   * evicted but still being sent) would pass twice the tier's budget, or direct memory is short:
   * the caller then reads from the store chunk by chunk. Memory for copies stays bounded however
   * many viewers download evicted objects slowly.
   */
  ByteBuf allocateCopy(int size) {
    if (copyBytes.addAndGet(size) > 2 * maxBytes) {
      copyBytes.addAndGet(-size);
      return null;
    }
    try {
      return new CopyBuffer(size);
    } catch (OutOfMemoryError e) {
      copyBytes.addAndGet(-size);
      return null;
    }
  }

  /** Bytes of copies alive: kept, or evicted and still referenced by responses in flight. */
  long copyBytes() {
    return copyBytes.get();
  }

  /** The entry under {@code key}, marked as used, or null. Lock-free. */
  Entry get(String key) {
    Entry e = map.get(key);
    if (e != null && !e.referenced) {
      e.referenced = true;
    }
    return e;
  }

  /**
   * Keeps {@code e} (it takes over the entry's reference to its body, releasing it if the entry is
   * not kept), replacing an entry under the same key, and evicts down to the budget.
   */
  void put(Entry e) {
    if (!enabled() || e.length() > maxObjectBytes) {
      e.release();
      return;
    }
    List<Entry> evicted = new java.util.ArrayList<>(2);
    lock.lock();
    try {
      Entry old = map.put(e.key, e);
      if (old != null) {
        unaccount(old);
        evicted.add(old);
      }
      clock.addLast(e);
      bytes += e.size;
      while (bytes > maxBytes && !clock.isEmpty()) {
        Entry h = clock.pollFirst();
        if (h.removed) {
          continue;
        }
        if (h.referenced && h != e) {
          h.referenced = false;
          clock.addLast(h);
          continue;
        }
        map.remove(h.key, h);
        unaccount(h);
        evicted.add(h);
      }
      if (clock.size() > 64 && clock.size() > 2 * map.size()) {
        clock.removeIf(x -> x.removed); // entries removed by remove(): drop them from the sweep
      }
    } finally {
      lock.unlock();
    }
    evicted.forEach(Entry::release);
  }

  /** Drops {@code e} if it is still the entry under its key (it was found out of date). */
  void remove(Entry e) {
    boolean gone;
    lock.lock();
    try {
      gone = map.remove(e.key, e);
      if (gone) {
        unaccount(e);
      }
    } finally {
      lock.unlock();
    }
    if (gone) {
      e.release();
    }
  }

  /** Drops every entry whose key starts with {@code prefix} (an invalidation: frees the memory now). */
  void removePrefix(String prefix) {
    List<Entry> gone = new java.util.ArrayList<>();
    lock.lock();
    try {
      map.values().removeIf(e -> {
        if (e.key.startsWith(prefix)) {
          unaccount(e);
          gone.add(e);
          return true;
        }
        return false;
      });
    } finally {
      lock.unlock();
    }
    gone.forEach(Entry::release);
  }

  /** Drops everything (the edge stops). */
  void clear() {
    removePrefix("");
    lock.lock();
    try {
      clock.clear();
    } finally {
      lock.unlock();
    }
  }

  private void unaccount(Entry e) {
    e.removed = true;
    bytes -= e.size;
  }

  /** Bytes held, entry overhead included. */
  long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  int count() {
    return map.size();
  }

  /** Counts a hit answered from this tier. */
  void hit() {
    hits.increment();
  }

  long hits() {
    return hits.sum();
  }

  long maxBytes() {
    return maxBytes;
  }

  long maxObjectBytes() {
    return maxObjectBytes;
  }
}
