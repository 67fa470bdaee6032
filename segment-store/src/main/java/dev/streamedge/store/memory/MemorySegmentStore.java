package dev.streamedge.store.memory;

import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectWriter;
import dev.streamedge.store.SegmentStore;
import dev.streamedge.store.StoreStats;
import dev.streamedge.store.engine.EngineSettings;
import dev.streamedge.store.engine.StoreEngine;
import dev.streamedge.store.evict.EvictionPolicyKind;
import java.time.Clock;
import java.util.Optional;

/**
 * A {@link SegmentStore} on the heap: the same engine, semantics and contract tests as the RocksDB
 * store, but nothing survives the process. Calls never block on I/O (they still take locks).
 */
public final class MemorySegmentStore implements SegmentStore {
  /** Default chunk size, the same as the RocksDB store's. */
  public static final int DEFAULT_CHUNK_SIZE = 256 * 1024;

  private final MemoryBackend backend;
  private final StoreEngine engine;

  /** A store of {@code maxSizeBytes} with the default chunk size, S3-FIFO and the system clock. */
  public MemorySegmentStore(long maxSizeBytes) {
    this(
        new EngineSettings(
            maxSizeBytes, DEFAULT_CHUNK_SIZE, true, EvictionPolicyKind.S3_FIFO,
            Clock.systemUTC()));
  }

  public MemorySegmentStore(EngineSettings settings) {
    this.backend = new MemoryBackend();
    this.engine = new StoreEngine(backend, settings);
  }

  /** Test hook: flips one byte of a stored chunk. Returns false when there is no such chunk. */
  public boolean corruptChunkForTest(String key, long generation, long chunk, int byteOffset) {
    return backend.corrupt(key, generation, chunk, byteOffset);
  }

  /** Test hook: stores chunk {@code source}'s value as chunk {@code target}. */
  public boolean copyChunkForTest(String key, long generation, long source, long target) {
    return backend.copy(key, generation, source, target);
  }

  @Override
  public int chunkSize() {
    return engine.chunkSize();
  }

  @Override
  public long maxSizeBytes() {
    return engine.maxSizeBytes();
  }

  @Override
  public Optional<ObjectReader> lookup(String key) {
    return engine.lookup(key);
  }

  @Override
  public long revision(String key) {
    return engine.revision(key);
  }

  @Override
  public boolean touch(String key, long revision) {
    return engine.touch(key, revision);
  }

  @Override
  public ObjectWriter openWriter(String key, ObjectMeta meta) {
    return engine.openWriter(key, meta);
  }

  @Override
  public Optional<ObjectWriter> openSliceWriter(
      String key, ObjectMeta meta, long offset, long length) {
    return engine.openSliceWriter(key, meta, offset, length);
  }

  @Override
  public boolean updateMeta(String key, long generation, ObjectMeta meta) {
    return engine.updateMeta(key, generation, meta);
  }

  @Override
  public boolean purge(String key) {
    return engine.purge(key);
  }

  @Override
  public long purgePrefix(String prefix) {
    return engine.purgePrefix(prefix);
  }

  @Override
  public long purgeAll() {
    return engine.purgeAll();
  }

  @Override
  public StoreStats stats() {
    return engine.stats();
  }

  @Override
  public void close() {
    engine.close();
  }
}
