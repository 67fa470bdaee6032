package dev.streamedge.store.engine;

import dev.streamedge.store.CommitResult;
import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectState;
import dev.streamedge.store.ObjectUnavailableException;
import dev.streamedge.store.ObjectUnavailableException.Reason;
import dev.streamedge.store.ObjectWriter;
import dev.streamedge.store.SegmentStore;
import dev.streamedge.store.StoreStats;
import dev.streamedge.store.evict.EvictionPolicy;
import dev.streamedge.store.evict.PolicyNode;
import dev.streamedge.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store engine shared by the RocksDB and memory implementations.
 *
 * <h2>Layout</h2>
 *
 * Per key the backend keeps one record (the current generation, its present ranges, metadata) and
 * chunks keyed {@code (key, generation, index)}. A new fill writes a new generation, so the chunks
 * of the version a reader pinned never change: a reader either reads that version's bytes or gets
 * a clean {@link ObjectUnavailableException}, never a mix.
 *
 * <h2>Commit</h2>
 *
 * Writing the record is the commit point; it goes in one batch with the last chunk, the deletion of
 * the writer's pending record and, when it replaces a version, a pending DROP record for the old
 * one. Chunk writes precede it in the write-ahead log, and RocksDB recovers a prefix of the log, so
 * a record never survives a crash without its chunks. Pending records name chunks no record owns
 * (fills in progress, versions retired while readers still pin them); recovery deletes them.
 *
 * <h2>Locks</h2>
 *
 * Acquired in this order, never the other way: the purge gate (read by commits and writer opens,
 * written by purges, so a fill that began before a purge of its key cannot commit after it), a
 * per-key stripe (serializes commit, metadata update, eviction and corruption drop of one key), the
 * engine lock (index, policy, writers, byte accounting; never held during I/O), a version's
 * monitor (its live ranges and waiters). The lookup and read paths take none of the first three.
 * Callbacks run after every lock is released.
 *
 * <h2>Body files</h2>
 *
 * Large versions (known length at least the backend's threshold, unknown length, sliced) keep their
 * chunk data in one file per generation ({@link BodyFiles}); the backend keeps per chunk an 8-byte
 * descriptor (length, CRC32C over identity and data) under the same key a chunk would have, so the
 * commit, purge and pending protocols are unchanged. A chunk's data is written to the file before
 * its descriptor goes into a batch. A file is deleted after the batch that retires its version
 * commits (drop, purge, an aborted fill); recovery deletes every file no record names. Such chunks
 * can be handed out as {@link dev.streamedge.store.FileSpan}s once their CRC32C is known good in
 * this process.
 *
 * <h2>Budget</h2>
 *
 * Counted bytes are committed bodies, chunks of fills in progress, and retired bodies still pinned
 * by readers, each object plus {@link #OBJECT_OVERHEAD}. Whoever adds bytes (a chunk write or a
 * commit) evicts on its own thread until the total is within budget again.
 */
public final class StoreEngine implements SegmentStore {
  /** Bytes counted per object for its record and keys, on top of its body. */
  public static final long OBJECT_OVERHEAD = 256;

  private static final Logger log = LoggerFactory.getLogger(StoreEngine.class);
  private static final int STRIPES = 64;
  /** A file-backed chunk's value in the backend: data length (4), CRC32C (4). */
  static final int DESCRIPTOR_BYTES = 8;
  /** {@link #readFileChunk} result: the descriptor or the file's bytes are wrong. */
  private static final int BAD_FILE_CHUNK = -3;
  private static final ThreadLocal<ByteBuffer> DESCRIPTORS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(DESCRIPTOR_BYTES));

  private final Backend backend;
  private final EngineSettings settings;
  private final EvictionPolicy<ObjectVersion> policy;
  private final KeyIndex index = new KeyIndex();
  private final ReentrantReadWriteLock purgeGate = new ReentrantReadWriteLock();
  private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final ReentrantLock lock = new ReentrantLock();
  private final BufferPool tails;
  private final BufferPool readBuffers;
  /** Null when the backend keeps all chunk data itself (the memory store). */
  private final BodyFiles bodies;
  private final long bodyThreshold;

  // Guarded by lock.
  private final TreeMap<String, List<EngineWriter>> writers = new TreeMap<>();
  private long nextGeneration;
  private long committedBytes;
  private long inflightBytes;
  private long pinnedBytes;
  private long objects;

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder purges = new LongAdder();
  private final LongAdder corruptions = new LongAdder();
  private final AtomicLong openReaders = new AtomicLong();
  private final AtomicLong activeWriters = new AtomicLong();
  private volatile boolean closed;

  /**
   * Opens the engine over {@code backend}: recovers (deleting orphaned chunks), rebuilds the index
   * and the byte count, and evicts if the budget shrank. Blocks.
   */
  public StoreEngine(Backend backend, EngineSettings settings) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.policy = settings.policy().create(settings.maxSizeBytes());
    this.tails = new BufferPool(settings.chunkSize() + 4, 64);
    this.readBuffers = new BufferPool(settings.chunkSize() + 4, 256);
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    Path bodyDir = backend.bodyDirectory();
    this.bodies = bodyDir == null ? null : new BodyFiles(bodyDir);
    this.bodyThreshold = backend.bodyFileThreshold();
    recover();
    evictIfNeeded();
  }

  private void recover() {
    record Recovered(ObjectVersion version, long storedAt) {}
    List<Recovered> found = new ArrayList<>();
    long[] maxGeneration = {0};
    Set<Long> bodyFiles = new HashSet<>();
    backend.recover(
        (key, record) -> {
          ObjectVersion v =
              new ObjectVersion(
                  key,
                  record.generation(),
                  record.chunkSize(),
                  null,
                  ObjectState.COMMITTED,
                  record.present(),
                  record.meta().totalLength(),
                  null,
                  record.fileBacked());
          if (record.fileBacked()) {
            bodyFiles.add(record.generation());
          }
          v.accountedBytes = accounted(record.storedBytes());
          found.add(new Recovered(v, record.meta().storedAt()));
          maxGeneration[0] = Math.max(maxGeneration[0], record.generation());
        });
    if (bodies != null) {
      // Files of fills cut short, of versions dropped or purged before their file went, and of
      // anything else no record names (pending records' chunks are already gone).
      int orphans = bodies.deleteAllExcept(bodyFiles);
      if (orphans > 0) {
        log.info("deleted {} orphaned body files", orphans);
      }
    }
    // Oldest first, so the policy's queues start in store order (no access history survives).
    found.sort(Comparator.comparingLong(Recovered::storedAt));
    lock.lock();
    try {
      for (Recovered r : found) {
        ObjectVersion v = r.version();
        v.node = policy.restore(v, v.fingerprint, v.accountedBytes);
        v.indexed = true;
        v.everIndexed = true;
        index.put(v);
        committedBytes += v.accountedBytes;
        objects++;
      }
      nextGeneration = Math.max(backend.generationBase(), maxGeneration[0] + 1);
    } finally {
      lock.unlock();
    }
    log.info("store recovered {} objects, {} bytes", found.size(), committedBytes);
  }

  @Override
  public int chunkSize() {
    return settings.chunkSize();
  }

  @Override
  public long maxSizeBytes() {
    return settings.maxSizeBytes();
  }

  // ---------------------------------------------------------------------------------- lookup

  @Override
  public Optional<ObjectReader> lookup(String key) {
    CacheKeys.check(key);
    requireOpen();
    for (int attempt = 0; attempt < 8; attempt++) {
      ObjectVersion v = index.get(key);
      if (v == null) {
        EngineReader fill = followNewestFill(key);
        if (fill != null) {
          hits.increment();
          return Optional.of(fill);
        }
        // A commit takes its writer out of the fills and its version into the index under one
        // lock: a fill that committed between the two looks is in the index now.
        if (index.get(key) == null) {
          break;
        }
        continue;
      }
      if (!v.tryAcquire()) {
        continue; // replaced or evicted meanwhile: look again
      }
      long revision = v.revision(); // before the record: never newer than the meta read below
      ObjectRecord record;
      try {
        record = withBackend(() -> backend.readRecord(key));
      } catch (RuntimeException e) {
        releaseVersion(v);
        throw e;
      }
      if (record == null || record.generation() != v.generation) {
        releaseVersion(v);
        continue;
      }
      PolicyNode<ObjectVersion> node = v.node;
      if (node != null) {
        policy.touch(node);
      }
      hits.increment();
      openReaders.incrementAndGet();
      return Optional.of(new EngineReader(this, v, record.meta(), true, revision));
    }
    misses.increment();
    return Optional.empty();
  }

  @Override
  public long revision(String key) {
    ObjectVersion v = index.get(key);
    return v == null ? -1 : v.revision();
  }

  @Override
  public boolean touch(String key, long revision) {
    ObjectVersion v = index.get(key);
    if (v == null || v.revision() != revision || revision < 0) {
      return false;
    }
    PolicyNode<ObjectVersion> node = v.node;
    if (node != null) {
      policy.touch(node);
    }
    hits.increment();
    return true;
  }

  private EngineReader followNewestFill(String key) {
    lock.lock();
    try {
      List<EngineWriter> list = writers.get(key);
      if (list == null) {
        return null;
      }
      EngineWriter newest = null;
      for (EngineWriter w : list) {
        if (w.mode == EngineWriter.Mode.FULL
            && !w.purged
            && (newest == null || w.version.generation > newest.version.generation)) {
          newest = w;
        }
      }
      if (newest == null || !newest.version.tryAcquire()) {
        return null;
      }
      openReaders.incrementAndGet();
      return new EngineReader(this, newest.version, newest.meta, true);
    } finally {
      lock.unlock();
    }
  }

  ObjectReader follower(EngineWriter w) {
    boolean pinned = w.version.acquireForFollower();
    if (pinned) {
      openReaders.incrementAndGet();
    }
    return new EngineReader(this, w.version, w.meta, pinned);
  }

  void recycleReadBuffer(ByteBuffer b) {
    readBuffers.give(b);
  }

  void readerClosed(EngineReader reader, boolean pinned) {
    if (pinned) {
      openReaders.decrementAndGet();
      releaseVersion(reader.version);
    }
  }

  private ChunkLocation location(ObjectVersion v) {
    ChunkLocation l = v.location;
    if (l == null) {
      l = backend.locate(v.key, v.generation);
      v.location = l; // a racing resolution computes the same value
    }
    return l;
  }

  private void releaseVersion(ObjectVersion v) {
    if (v.release()) {
      dropChunks(v);
    }
  }

  // ---------------------------------------------------------------------------------- reading

  /** Reads committed or flushed chunks of {@code [offset, end)} into {@code dst}. */
  int readChunks(EngineReader r, long offset, long end, ByteBuffer dst) {
    ObjectVersion v = r.version;
    int cs = v.chunkSize;
    int total = 0;
    while (dst.hasRemaining() && offset < end) {
      long chunk = offset / cs;
      int skip = (int) (offset - chunk * cs);
      if (chunk != r.cachedChunk && skip == 0 && dst.isDirect()
          && (dst.remaining() >= cs + 4 || isLastChunkFitting(v, offset, end, dst.remaining()))) {
        // Straight into the caller's buffer: no copy beyond RocksDB's own.
        int p = dst.position();
        int dataLen = readVerified(r, chunk, dst, offset, total);
        if (dataLen < 0) {
          return total;
        }
        int take = (int) Math.min(dataLen, end - offset);
        dst.position(p + take);
        offset += take;
        total += take;
        continue;
      }
      if (chunk != r.cachedChunk) {
        if (total > 0) {
          // Stop rather than fetch a chunk for a few bytes: the next read stays chunk-aligned
          // and can go straight into the caller's buffer.
          return total;
        }
        if (r.chunkCache == null || r.chunkCache.capacity() < cs + 4) {
          // A too-small buffer (a version with a bigger chunk size) is left to the collector:
          // recycling it here could race with a close() that saw it.
          r.chunkCache = readBuffers.take(cs + 4);
        }
        r.cachedChunk = -1;
        r.chunkCache.clear();
        int dataLen = readVerified(r, chunk, r.chunkCache, offset, total);
        if (dataLen < 0) {
          return total;
        }
        r.cachedChunk = chunk;
        r.cachedLength = dataLen;
      }
      if (skip >= r.cachedLength) {
        corrupt(v, "chunk " + chunk + " shorter than expected");
      }
      int take = (int) Math.min(Math.min(r.cachedLength - skip, end - offset), dst.remaining());
      ByteBuffer src = r.chunkCache.duplicate();
      src.limit(skip + take).position(skip);
      dst.put(src);
      offset += take;
      total += take;
    }
    return total;
  }

  /**
   * True when the chunk at {@code offset} (chunk-aligned) is the last, short chunk of a committed
   * object ending at {@code end}, and it fits in {@code room} bytes with its checksum: then it too
   * can be read straight into the caller's buffer (a small object costs one copy, not two).
   */
  private static boolean isLastChunkFitting(ObjectVersion v, long offset, long end, int room) {
    return end - offset < v.chunkSize && room >= end - offset + 4
        && v.state() == ObjectState.COMMITTED && v.length() == end;
  }

  /**
   * Reads chunk {@code chunk} into {@code buf} at its position (position unchanged) and checks it.
   *
   * @return the data length, or -1 when the read must stop here returning what it has
   * @throws ObjectUnavailableException when nothing was read yet and the chunk is gone or corrupt
   */
  private int readVerified(EngineReader r, long chunk, ByteBuffer buf, long offset, int soFar) {
    return readVerified(r, chunk, buf, offset, soFar, settings.verifyChecksums());
  }

  private int readVerified(
      EngineReader r, long chunk, ByteBuffer buf, long offset, int soFar, boolean verify) {
    ObjectVersion v = r.version;
    int p = buf.position();
    int n;
    life.readLock().lock();
    try {
      requireOpen();
      n = v.fileBacked ? readFileChunk(r, chunk, buf) : backend.readChunk(location(v), chunk, buf);
    } finally {
      life.readLock().unlock();
    }
    if (n == Backend.CORRUPT) {
      corrupt(v, "chunk " + chunk + " failed the storage checksum");
    }
    if (n == BAD_FILE_CHUNK) {
      corrupt(v, "chunk " + chunk + " has a bad descriptor or is short in its body file");
    }
    if (n < 0) {
      ObjectUnavailableException reason = v.missingChunkReason(offset);
      if (reason == null) {
        corrupt(v, "chunk " + chunk + " missing");
      }
      if (soFar > 0) {
        return -1;
      }
      throw reason;
    }
    int dataLen = n - 4;
    if (dataLen <= 0 || dataLen > v.chunkSize || n > buf.remaining()) {
      corrupt(v, "chunk " + chunk + " has a bad size " + n);
    }
    if (verify) {
      ByteBuffer data = buf.duplicate();
      data.limit(p + dataLen).position(p);
      if (checksum(v.generation, chunk, data) != buf.getInt(p + dataLen)) {
        corrupt(v, "chunk " + chunk + " failed its CRC32C");
      }
      if (v.fileBacked) {
        v.markVerified(chunk);
      }
    }
    return dataLen;
  }

  /**
   * Reads a file-backed chunk like {@link Backend#readChunk}: its data from the body file, then its
   * CRC32C from the descriptor, into {@code buf} at its position (position unchanged).
   *
   * @return data length + 4, -1 when the chunk (descriptor or file) does not exist, {@link
   *     Backend#CORRUPT}, or {@link #BAD_FILE_CHUNK}
   */
  private int readFileChunk(EngineReader r, long chunk, ByteBuffer buf) {
    ObjectVersion v = r.version;
    ByteBuffer desc = DESCRIPTORS.get();
    desc.clear();
    int n = backend.readChunk(location(v), chunk, desc);
    if (n < 0) {
      return n;
    }
    if (n != DESCRIPTOR_BYTES) {
      return BAD_FILE_CHUNK;
    }
    int dataLen = desc.getInt(0);
    int crc = desc.getInt(4);
    if (dataLen <= 0 || dataLen > v.chunkSize || dataLen + 4 > buf.remaining()) {
      return BAD_FILE_CHUNK;
    }
    BodyChannel body = r.body();
    if (body == null) {
      return -1;
    }
    int p = buf.position();
    ByteBuffer data = buf.duplicate();
    data.limit(p + dataLen).position(p);
    try {
      if (BodyFiles.readFully(body.channel, data, chunk * (long) v.chunkSize) != dataLen) {
        return BAD_FILE_CHUNK; // a descriptor without its bytes (e.g. after a power loss)
      }
    } catch (ClosedChannelException e) {
      // Closed under us (an interrupt): a failed read, not a damaged object.
      throw new StoreException("the body file of " + v + " was closed while reading", e);
    } catch (IOException e) {
      log.warn("reading chunk {} of {} from its body file failed", chunk, v, e);
      return BAD_FILE_CHUNK;
    }
    buf.putInt(p + dataLen, crc);
    return dataLen + 4;
  }

  /** Opens a file-backed version's body file for reading, or null when it is gone. */
  FileChannel openBodyForRead(ObjectVersion v) {
    return bodies.openForRead(v.generation);
  }

  /**
   * Makes sure every chunk of {@code [offset, end)} (bytes in storage) has a known-good CRC32C,
   * reading and checking those not yet verified in this process, whatever {@code
   * verifyChecksums} says.
   *
   * @return the bytes from {@code offset} that may be sent from the body file
   */
  long verifyForSpan(EngineReader r, long offset, long end) {
    ObjectVersion v = r.version;
    int cs = v.chunkSize;
    long at = offset;
    while (at < end) {
      long chunk = at / cs;
      long chunkEnd = Math.min((chunk + 1) * cs, end);
      if (!v.isVerified(chunk)) {
        if (r.chunkCache == null || r.chunkCache.capacity() < cs + 4) {
          r.chunkCache = readBuffers.take(cs + 4);
        }
        r.cachedChunk = -1;
        r.chunkCache.clear();
        int dataLen = readVerified(r, chunk, r.chunkCache, at, (int) Math.min(at - offset, 1), true);
        if (dataLen < 0) {
          break;
        }
        r.cachedChunk = chunk;
        r.cachedLength = dataLen;
        if (chunk * cs + dataLen < chunkEnd) {
          corrupt(v, "chunk " + chunk + " shorter than expected");
        }
      }
      at = chunkEnd;
    }
    return at - offset;
  }

  /** Drops a version whose chunk failed its check, then throws. */
  private void corrupt(ObjectVersion v, String what) {
    corruptions.increment();
    log.warn("dropping {}: {}", v, what);
    List<Runnable> fire;
    boolean wasIndexed = false;
    ReentrantLock stripe = stripe(v.key);
    stripe.lock();
    try {
      lock.lock();
      try {
        if (v.indexed && index.remove(v)) {
          unindex(v);
          wasIndexed = true;
        }
      } finally {
        lock.unlock();
      }
      fire = v.markCorrupt();
      if (wasIndexed) {
        try (Batch b = backend.newBatch()) {
          b.deleteRecord(v.key);
          b.putPending(location(v), PendingKind.DROP, 0, Long.MAX_VALUE);
          withBackend(() -> write(b));
        }
      }
    } finally {
      stripe.unlock();
    }
    if (wasIndexed && v.retire()) {
      dropChunks(v);
    }
    runAll(fire);
    throw new ObjectUnavailableException(Reason.CORRUPT, v.key + ": " + what);
  }

  // ---------------------------------------------------------------------------------- writing

  @Override
  public ObjectWriter openWriter(String key, ObjectMeta meta) {
    CacheKeys.check(key);
    Objects.requireNonNull(meta, "meta");
    requireOpen();
    purgeGate.readLock().lock();
    try {
      lock.lock();
      try {
        long gen = nextGeneration++;
        int cs = settings.chunkSize();
        boolean fileBacked =
            bodies != null && (meta.totalLength() < 0 || meta.totalLength() >= bodyThreshold);
        ObjectVersion v =
            new ObjectVersion(
                key, gen, cs, backend.locate(key, gen), ObjectState.FILLING, RangeSet.empty(),
                meta.totalLength(), meta, fileBacked);
        long limit = meta.totalLength() >= 0 ? meta.totalLength() : Long.MAX_VALUE;
        Extent extent = new Extent(0, limit, tails.take(cs + 4));
        v.addExtentIfFree(extent);
        EngineWriter w =
            new EngineWriter(this, EngineWriter.Mode.FULL, v, extent, meta, meta.totalLength());
        register(w);
        return w;
      } finally {
        lock.unlock();
      }
    } finally {
      purgeGate.readLock().unlock();
    }
  }

  @Override
  public Optional<ObjectWriter> openSliceWriter(
      String key, ObjectMeta meta, long offset, long length) {
    CacheKeys.check(key);
    Objects.requireNonNull(meta, "meta");
    long total = meta.totalLength();
    int cs = settings.chunkSize();
    if (total < 0) {
      throw new IllegalArgumentException("a slice needs the object's total length");
    }
    if (offset < 0 || length <= 0 || offset + length > total || offset + length < 0) {
      throw new IllegalArgumentException(
          "slice " + offset + "+" + length + " outside the object's " + total + " bytes");
    }
    long end = offset + length;
    if (offset % cs != 0 || (end % cs != 0 && end != total)) {
      throw new IllegalArgumentException(
          "slice " + offset + "+" + length + " not aligned to the chunk size " + cs);
    }
    requireOpen();
    ObjectRecord stored = withBackend(() -> backend.readRecord(key));
    purgeGate.readLock().lock();
    try {
      lock.lock();
      try {
        ObjectVersion target = null;
        EngineWriter.Mode mode;
        ObjectVersion current = index.get(key);
        if (current != null
            && stored != null
            && stored.generation() == current.generation
            && current.chunkSize == cs
            && stored.meta().sameRepresentation(meta)) {
          target = current;
          mode = EngineWriter.Mode.EXTEND;
        } else {
          mode = EngineWriter.Mode.NEW_SLICE;
          for (EngineWriter w : writers.getOrDefault(key, List.of())) {
            if (w.mode == EngineWriter.Mode.NEW_SLICE
                && !w.purged
                && !w.version.everIndexed
                && w.version.state() == ObjectState.FILLING
                && w.version.writerMeta.sameRepresentation(meta)) {
              target = w.version; // another slice of the same new version: share it
              break;
            }
          }
          if (target == null) {
            long gen = nextGeneration++;
            target =
                new ObjectVersion(
                    key, gen, cs, backend.locate(key, gen), ObjectState.FILLING,
                    RangeSet.empty(), total, meta, bodies != null);
          }
        }
        Extent extent = new Extent(offset, end, tails.take(cs + 4));
        if (!target.addExtentIfFree(extent)) {
          tails.give(extent.tail);
          return Optional.empty();
        }
        EngineWriter w = new EngineWriter(this, mode, target, extent, meta, end);
        register(w);
        return Optional.of(w);
      } finally {
        lock.unlock();
      }
    } finally {
      purgeGate.readLock().unlock();
    }
  }

  private void register(EngineWriter w) {
    writers.computeIfAbsent(w.version.key, k -> new ArrayList<>(1)).add(w);
    activeWriters.incrementAndGet();
  }

  private void unregister(EngineWriter w) {
    List<EngineWriter> list = writers.get(w.version.key);
    if (list != null && list.remove(w)) {
      activeWriters.decrementAndGet();
      if (list.isEmpty()) {
        writers.remove(w.version.key);
      }
    }
  }

  /**
   * The CRC32C of chunk {@code index} of {@code generation}: over the chunk's identity, then its
   * data. Covering the identity catches a chunk served in place of another (a misdirected read
   * would otherwise carry a valid checksum of its own).
   */
  static int checksum(long generation, long index, ByteBuffer data) {
    CRC32C crc = new CRC32C();
    byte[] id = new byte[16];
    for (int i = 0; i < 8; i++) {
      id[i] = (byte) (generation >>> (56 - 8 * i));
      id[8 + i] = (byte) (index >>> (56 - 8 * i));
    }
    crc.update(id);
    crc.update(data);
    return (int) crc.getValue();
  }

  /** Computes a chunk's checksum into the 4 bytes after its data; returns data plus checksum. */
  static ByteBuffer seal(ByteBuffer tail, int len, long generation, long index) {
    ByteBuffer data = tail.duplicate();
    data.limit(len).position(0);
    tail.putInt(len, checksum(generation, index, data));
    ByteBuffer value = tail.duplicate();
    value.limit(len + 4).position(0);
    return value;
  }

  void writeChunk(EngineWriter w, long index, ByteBuffer chunk) {
    ByteBuffer value = w.version.fileBacked ? writeToBodyFile(w, index, chunk) : chunk;
    if (w.pendingWritten) {
      withBackend(() -> backend.putChunk(location(w.version), index, value));
      return;
    }
    // The pending record goes with the first chunk: a fill that never flushes a chunk (an object
    // smaller than one chunk) costs a single write, its commit.
    try (Batch b = backend.newBatch()) {
      b.putPending(location(w.version), w.pendingKind(), w.firstChunk(), w.chunkLimit());
      b.putChunk(location(w.version), index, value);
      withBackend(() -> write(b));
    }
    w.pendingWritten = true;
  }

  /**
   * Writes a sealed chunk's data (data plus CRC, position..limit) to the writer's body file and
   * returns its descriptor, to be stored in the backend after this returns: a chunk becomes
   * visible only once its bytes are in the file. The chunk counts as verified: its checksum was
   * computed here from the bytes written.
   */
  private ByteBuffer writeToBodyFile(EngineWriter w, long index, ByteBuffer value) {
    int len = value.remaining() - 4;
    int crc = value.getInt(value.position() + len);
    ByteBuffer data = value.duplicate();
    data.limit(data.position() + len);
    withBackend(
        () -> {
          if (w.body == null) {
            w.body = bodies.openForWrite(w.version.generation);
          }
          try {
            BodyFiles.writeFully(w.body, data, index * (long) w.chunkSize);
          } catch (IOException e) {
            throw new StoreException("writing chunk " + index + " of " + w.version + " failed", e);
          }
        });
    w.version.markVerified(index);
    if (w.descriptor == null) {
      w.descriptor = ByteBuffer.allocateDirect(DESCRIPTOR_BYTES);
    }
    ByteBuffer d = w.descriptor;
    d.clear();
    d.putInt(0, len).putInt(4, crc);
    return d;
  }

  void flushedInflight(long bytes) {
    lock.lock();
    try {
      inflightBytes += bytes;
    } finally {
      lock.unlock();
    }
    evictIfNeeded();
  }

  CommitResult commit(EngineWriter w, ByteBuffer lastChunk, long lastIndex, long end) {
    ObjectVersion v = w.version;
    List<Runnable> fire;
    CommitResult result;
    if (lastChunk != null && v.fileBacked) {
      try {
        lastChunk = writeToBodyFile(w, lastIndex, lastChunk);
      } catch (RuntimeException e) {
        cleanup(w);
        throw e;
      }
    }
    purgeGate.readLock().lock();
    try {
      ReentrantLock stripe = stripe(v.key);
      stripe.lock();
      try {
        List<Runnable> out = new ArrayList<>();
        result = commitLocked(w, lastChunk, lastIndex, end, out);
        fire = out;
      } finally {
        stripe.unlock();
      }
    } finally {
      purgeGate.readLock().unlock();
    }
    if (result != CommitResult.COMMITTED) {
      cleanup(w);
      return result;
    }
    w.closeBody();
    // The extent left the version under its lock: no follower can copy from the tail any more.
    tails.give(w.extent.tail);
    runAll(fire);
    evictIfNeeded();
    return result;
  }

  /** Under the purge gate (read) and the key's stripe. */
  private CommitResult commitLocked(
      EngineWriter w, ByteBuffer lastChunk, long lastIndex, long end, List<Runnable> fire) {
    ObjectVersion v = w.version;
    boolean merge;
    ObjectVersion old = null;
    lock.lock();
    try {
      if (w.purged) {
        return CommitResult.PURGED;
      }
      ObjectVersion current = index.get(v.key);
      switch (w.mode) {
        case FULL -> {
          merge = false;
          old = current;
        }
        case EXTEND -> {
          if (current != v) {
            return CommitResult.SUPERSEDED;
          }
          merge = true;
        }
        default -> {
          if (current == v) {
            merge = true;
          } else if (v.everIndexed) {
            return CommitResult.SUPERSEDED;
          } else {
            merge = false;
            old = current;
          }
        }
      }
    } finally {
      lock.unlock();
    }

    ObjectRecord record;
    if (merge) {
      ObjectRecord base = withBackend(() -> backend.readRecord(v.key));
      if (base == null || base.generation() != v.generation) {
        return CommitResult.SUPERSEDED;
      }
      record = base.withPresent(base.present().add(w.extent.start, end));
    } else {
      long total = w.mode == EngineWriter.Mode.FULL ? end : w.meta.totalLength();
      ObjectMeta meta =
          w.meta.withTotalLength(total).withStoredAt(settings.clock().millis());
      record =
          new ObjectRecord(
              v.generation, v.chunkSize, RangeSet.of(w.extent.start, end), meta, v.fileBacked);
    }
    try (Batch b = backend.newBatch()) {
      if (lastChunk != null) {
        b.putChunk(location(v), lastIndex, lastChunk);
      }
      b.putRecord(v.key, record);
      if (w.pendingWritten) {
        b.deletePending(location(v), w.pendingKind(), w.firstChunk());
      }
      if (old != null) {
        b.putPending(location(old), PendingKind.DROP, 0, Long.MAX_VALUE);
      }
      withBackend(() -> write(b));
    }

    ObjectVersion replaced = null;
    lock.lock();
    try {
      inflightBytes -= w.flushedBytes;
      w.flushedBytes = 0;
      unregister(w);
      long bytes = accounted(record.storedBytes());
      if (merge) {
        long delta = bytes - v.accountedBytes;
        v.accountedBytes = bytes;
        if (v.indexed) {
          committedBytes += delta;
          policy.resize(v.node, bytes);
        } else {
          pinnedBytes += delta; // evicted meanwhile: its record goes, the pin counts
        }
      } else {
        v.accountedBytes = bytes;
        v.node = policy.add(v, v.fingerprint, bytes);
        v.indexed = true;
        v.everIndexed = true;
        committedBytes += bytes;
        objects++;
        ObjectVersion previous = index.put(v);
        if (previous != null) {
          unindex(previous);
          replaced = previous;
        }
      }
    } finally {
      lock.unlock();
    }
    fire.addAll(v.commitExtent(w.extent, record.present(), record.meta().totalLength()));
    if (replaced != null && replaced.retire()) {
      dropChunks(replaced);
    }
    return CommitResult.COMMITTED;
  }

  /** Discards a writer's bytes (abort, purged or superseded commit). */
  void cleanup(EngineWriter w) {
    List<Runnable> fire = w.version.extentAborted(w.extent);
    tails.give(w.extent.tail);
    w.closeBody();
    long flushed;
    lock.lock();
    try {
      flushed = w.flushedBytes;
      inflightBytes -= flushed;
      w.flushedBytes = 0;
      unregister(w);
    } finally {
      lock.unlock();
    }
    if (w.pendingWritten && !closed) {
      long first = w.firstChunk();
      long chunks = (flushed + w.chunkSize - 1) / w.chunkSize;
      try (Batch b = backend.newBatch()) {
        b.deleteChunks(location(w.version), first, first + Math.max(chunks, 1));
        b.deletePending(location(w.version), w.pendingKind(), first);
        withBackend(() -> write(b));
      } catch (IllegalStateException e) {
        log.debug("store closed while cleaning up {}; recovery will", w.version);
      }
    }
    ObjectState state = w.version.state();
    if (w.version.fileBacked && (state == ObjectState.ABORTED || state == ObjectState.GONE)) {
      // Nothing of the version was ever committed and no other writer fills it, or it was purged
      // (whose own deletion may have run before this writer created the file). A slice of a
      // version that stays leaves its bytes in the file, unreferenced, until the version goes.
      bodies.delete(w.version.generation);
    }
    runAll(fire);
  }

  // ---------------------------------------------------------------------------------- meta

  @Override
  public boolean updateMeta(String key, long generation, ObjectMeta meta) {
    CacheKeys.check(key);
    Objects.requireNonNull(meta, "meta");
    requireOpen();
    purgeGate.readLock().lock();
    try {
      ReentrantLock stripe = stripe(key);
      stripe.lock();
      try {
        ObjectVersion v = index.get(key);
        if (v == null || v.generation != generation) {
          return false;
        }
        ObjectRecord record = withBackend(() -> backend.readRecord(key));
        if (record == null || record.generation() != generation) {
          return false;
        }
        long storedLength = record.meta().totalLength();
        if (meta.totalLength() != -1 && meta.totalLength() != storedLength) {
          throw new IllegalArgumentException(
              "updateMeta cannot change the length (" + storedLength + " -> "
                  + meta.totalLength() + "): store a new version instead");
        }
        ObjectMeta updated =
            meta.withTotalLength(storedLength).withStoredAt(record.meta().storedAt());
        try (Batch b = backend.newBatch()) {
          b.putRecord(key, record.withMeta(updated));
          withBackend(() -> write(b));
        }
        v.metaChanged();
        return true;
      } finally {
        stripe.unlock();
      }
    } finally {
      purgeGate.readLock().unlock();
    }
  }

  // ---------------------------------------------------------------------------------- purge

  @Override
  public boolean purge(String key) {
    CacheKeys.check(key);
    return purgeRange(key, true) > 0;
  }

  @Override
  public long purgePrefix(String prefix) {
    CacheKeys.checkPrefix(prefix);
    return purgeRange(prefix, false);
  }

  @Override
  public long purgeAll() {
    return purgeRange("", false);
  }

  private long purgeRange(String prefix, boolean exact) {
    requireOpen();
    List<ObjectVersion> gone = new ArrayList<>();
    List<Runnable> fire = new ArrayList<>();
    long removed = 0;
    purgeGate.writeLock().lock();
    try {
      lock.lock();
      try {
        index.removeRange(
            prefix,
            exact,
            v -> {
              policy.remove(v.node);
              v.indexed = false;
              committedBytes -= v.accountedBytes;
              v.accountedBytes = 0;
              objects--;
              gone.add(v);
            });
        removed = gone.size();
        Iterator<Map.Entry<String, List<EngineWriter>>> wit =
            exact
                ? writers.subMap(prefix, true, prefix, true).entrySet().iterator()
                : writers.tailMap(prefix, true).entrySet().iterator();
        while (wit.hasNext()) {
          Map.Entry<String, List<EngineWriter>> e = wit.next();
          if (!e.getKey().startsWith(prefix)) {
            break;
          }
          for (EngineWriter w : e.getValue()) {
            w.purged = true;
            gone.add(w.version); // may repeat an indexed version: marking is idempotent
          }
        }
      } finally {
        lock.unlock();
      }
      // Readers stop before the bytes go, so a missing chunk is never mistaken for corruption.
      for (ObjectVersion v : gone) {
        fire.addAll(v.markGone());
      }
      try (Batch b = backend.newBatch()) {
        if (exact) {
          b.purgeKey(prefix);
        } else {
          b.purgePrefix(prefix);
        }
        withBackend(() -> write(b));
      }
      if (bodies != null) {
        for (ObjectVersion v : gone) {
          if (v.fileBacked) {
            bodies.delete(v.generation); // readers holding the file open keep their bytes
          }
        }
      }
      purges.add(removed);
    } finally {
      purgeGate.writeLock().unlock();
    }
    runAll(fire);
    return removed;
  }

  // ---------------------------------------------------------------------------------- eviction

  private long usage() {
    return committedBytes + inflightBytes + pinnedBytes;
  }

  /** Evicts until within budget. Called without locks, on the thread that added bytes. */
  private void evictIfNeeded() {
    while (!closed) {
      ObjectVersion victim;
      lock.lock();
      try {
        if (usage() <= settings.maxSizeBytes()) {
          return;
        }
        victim = policy.evict();
        if (victim == null) {
          return;
        }
        if (!victim.indexed || !index.remove(victim)) {
          continue;
        }
        unindexAfterPolicy(victim);
        evictions.increment();
      } finally {
        lock.unlock();
      }
      deleteEvicted(victim);
    }
  }

  private void deleteEvicted(ObjectVersion v) {
    ReentrantLock stripe = stripe(v.key);
    stripe.lock();
    try (Batch b = backend.newBatch()) {
      boolean replacedMeanwhile;
      lock.lock();
      try {
        replacedMeanwhile = index.containsKey(v.key);
      } finally {
        lock.unlock();
      }
      if (!replacedMeanwhile) {
        b.deleteRecord(v.key);
      }
      b.putPending(location(v), PendingKind.DROP, 0, Long.MAX_VALUE);
      withBackend(() -> write(b));
    } finally {
      stripe.unlock();
    }
    if (v.retire()) {
      dropChunks(v);
    }
  }

  /** Under lock: {@code v} left the index (already removed from the map). */
  private void unindex(ObjectVersion v) {
    policy.remove(v.node);
    unindexAfterPolicy(v);
  }

  private void unindexAfterPolicy(ObjectVersion v) {
    v.indexed = false;
    objects--;
    committedBytes -= v.accountedBytes;
    pinnedBytes += v.accountedBytes;
    v.pinnedAccounting = true;
  }

  /** Deletes a retired version's chunks once no reader pins it. */
  private void dropChunks(ObjectVersion v) {
    RangeSet present = v.committed();
    long chunks =
        present.rangeCount() == 1 && present.start(0) == 0
            ? (present.end(0) + v.chunkSize - 1) / v.chunkSize
            : Long.MAX_VALUE;
    if (!closed) {
      try (Batch b = backend.newBatch()) {
        b.deleteChunks(location(v), 0, chunks);
        b.deletePending(location(v), PendingKind.DROP, 0);
        withBackend(() -> write(b));
      } catch (IllegalStateException e) {
        log.debug("store closed before dropping {}; recovery will", v);
      }
      if (v.fileBacked) {
        bodies.delete(v.generation);
      }
    }
    lock.lock();
    try {
      if (v.pinnedAccounting) {
        pinnedBytes -= v.accountedBytes;
        v.pinnedAccounting = false;
      }
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------- misc

  @Override
  public StoreStats stats() {
    long objs;
    long bytes;
    lock.lock();
    try {
      objs = objects;
      bytes = usage();
    } finally {
      lock.unlock();
    }
    return new StoreStats(
        objs,
        bytes,
        settings.maxSizeBytes(),
        hits.sum(),
        misses.sum(),
        evictions.sum(),
        purges.sum(),
        corruptions.sum(),
        activeWriters.get(),
        openReaders.get());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    life.writeLock().lock();
    try {
      backend.close();
    } finally {
      life.writeLock().unlock();
    }
  }

  /** Bytes an object of {@code body} bytes counts against the budget. */
  static long accounted(long body) {
    return body + OBJECT_OVERHEAD;
  }

  private void write(Batch b) {
    backend.write(b);
  }

  private ReentrantLock stripe(String key) {
    int h = key.hashCode();
    return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("store closed");
    }
  }

  private void withBackend(Runnable op) {
    withBackend(
        () -> {
          op.run();
          return null;
        });
  }

  private <T> T withBackend(Supplier<T> op) {
    life.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("store closed");
      }
      return op.get();
    } finally {
      life.readLock().unlock();
    }
  }

  static void runAll(List<Runnable> callbacks) {
    for (Runnable r : callbacks) {
      run(r);
    }
  }

  static void run(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.warn("reader callback failed", e);
    }
  }
}
