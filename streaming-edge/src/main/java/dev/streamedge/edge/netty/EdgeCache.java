package dev.streamedge.edge.netty;

import dev.streamedge.store.SegmentStore;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The edge's cache state shared by every connection: the store, the executor its blocking calls
 * run on, the fills whose response head has not arrived yet (where concurrent misses for one key
 * collapse; once a fill is writing, later requests find it in the store and follow it), and
 * short-lived markers for keys whose last response could not be stored, so requests for them go
 * straight to the origin instead of queueing behind a fill that will not be shared.
 */
final class EdgeCache {
  /** How long a "not storable" answer sends a key straight to the origin. */
  private static final long PASS_MARKER_NANOS = 10_000_000_000L;

  private final SegmentStore store;
  private final Executor blocking;
  private final ConcurrentHashMap<String, Fill> pending = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> passMarkers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, SliceFill> pendingSlices = new ConcurrentHashMap<>();
  private final HotObjects hot;
  /** Prefixes with a store purge announced and not done. */
  private final ConcurrentHashMap<String, Purging> purging = new ConcurrentHashMap<>();

  EdgeCache(SegmentStore store, Executor blocking, HotObjects hot) {
    this.store = store;
    this.blocking = blocking;
    this.hot = hot;
  }

  /** The memory tier in front of the store. */
  HotObjects hot() {
    return hot;
  }

  /**
   * Removes every stored object whose key starts with {@code prefix}, and its copies in memory
   * (they could not be served anyway: the store's revision check refuses them). Blocks.
   *
   * @return the number of committed objects removed from the store
   */
  long purgePrefix(String prefix) {
    clearPass(prefix);
    long n = store.purgePrefix(prefix);
    hot.removePrefix(prefix);
    return n;
  }

  /**
   * Starts an invalidation whose store purge runs later ({@link #endPurge} when done): copies in
   * memory are dropped now, none under {@code prefix} is kept until then, and requests for keys
   * under it wait for the purge ({@link #runAfterPurge}), so a request that follows the unsafe
   * one that caused it never gets the old object. Non-blocking.
   */
  void beginPurge(String prefix) {
    purging.compute(prefix, (k, p) -> {
      Purging q = p == null ? new Purging() : p;
      q.count++;
      return q;
    });
    clearPass(prefix);
    hot.removePrefix(prefix);
  }

  /** The store purge {@link #beginPurge} announced is done (or failed): waiting requests go on. */
  void endPurge(String prefix) {
    List<Runnable> ready = new ArrayList<>();
    purging.computeIfPresent(prefix, (k, p) -> {
      if (--p.count > 0) {
        return p;
      }
      ready.addAll(p.waiters);
      return null;
    });
    ready.forEach(Runnable::run);
  }

  /** True while a purge covering {@code key} is announced and not done. Non-blocking. */
  boolean purgePending(String key) {
    if (purging.isEmpty()) {
      return false;
    }
    for (String prefix : purging.keySet()) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Queues {@code then} to run (on the purging thread) once every announced purge covering
   * {@code key} is done; false, and nothing queued, when none is pending. Non-blocking.
   */
  boolean runAfterPurge(String key, Runnable then) {
    if (purging.isEmpty()) {
      return false;
    }
    for (String prefix : purging.keySet()) {
      if (key.startsWith(prefix)) {
        boolean[] queued = {false};
        purging.computeIfPresent(prefix, (k, p) -> {
          p.waiters.add(then);
          queued[0] = true;
          return p;
        });
        if (queued[0]) {
          return true;
        }
      }
    }
    return false;
  }

  /** Purges announced for one prefix and the requests waiting for them. Guarded by the map. */
  private static final class Purging {
    int count;
    final List<Runnable> waiters = new ArrayList<>();
  }

  /** The largest object stored whole: a quarter of the cache's budget. */
  long maxObjectBytes() {
    return store.maxSizeBytes() / 4;
  }

  SegmentStore store() {
    return store;
  }

  /**
   * Where store reads go: direct buffers of up to a chunk, reused. Netty's pooled allocator, not
   * the channel's: the channel's adaptive allocator stops pooling with a heap of 512 MiB or less
   * and then allocates (and zeroes) a new 256 KiB buffer per chunk served, measured at 9% of the
   * CPU of 1 MiB hits (docs/benchmarks.md).
   */
  ByteBufAllocator readBuffers() {
    return PooledByteBufAllocator.DEFAULT;
  }

  Executor blocking() {
    return blocking;
  }

  /** The fill in flight for {@code key}, or a new one from {@code create} (then the caller starts it). */
  Fill join(String key, Supplier<Fill> create, boolean[] created) {
    Fill[] made = new Fill[1];
    Fill f = pending.computeIfAbsent(key, k -> made[0] = create.get());
    created[0] = f == made[0];
    return f;
  }

  /** The whole-object fill in flight for {@code key} (its writer not open yet), or null. */
  Fill pendingFill(String key) {
    return pending.get(key);
  }

  void fillSettled(String key, Fill fill) {
    pending.remove(key, fill);
  }

  /** A fill that took over another's response: later misses of {@code key} join it. */
  void adopt(String key, Fill fill) {
    pending.put(key, fill);
  }

  /**
   * The slice fill in flight for {@code key} (a slice key, or a primary key for a probe), or a new
   * one from {@code create}, registered under every slice key it covers (the caller starts it).
   */
  SliceFill joinSlice(String key, Supplier<SliceFill> create, boolean[] created) {
    SliceFill[] made = new SliceFill[1];
    SliceFill f = pendingSlices.computeIfAbsent(key, k -> made[0] = create.get());
    created[0] = f == made[0];
    if (created[0]) {
      for (String k : f.sliceKeys()) {
        pendingSlices.putIfAbsent(k, f);
      }
    }
    return f;
  }

  void sliceSettled(String key, SliceFill fill) {
    pendingSlices.remove(key, fill);
  }

  int fillsInFlight() {
    return pending.size();
  }

  boolean passMarked(String key) {
    Long until = passMarkers.get(key);
    if (until == null) {
      return false;
    }
    if (System.nanoTime() - until > 0) {
      passMarkers.remove(key, until);
      return false;
    }
    return true;
  }

  void markPass(String key) {
    if (passMarkers.size() > 100_000) {
      passMarkers.clear(); // a bound, not a policy: markers are an optimisation
    }
    passMarkers.put(key, System.nanoTime() + PASS_MARKER_NANOS);
  }

  void clearPass(String prefix) {
    passMarkers.keySet().removeIf(k -> k.startsWith(prefix));
  }
}
