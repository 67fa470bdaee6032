package dev.streamedge.store.rocks;

import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectWriter;
import dev.streamedge.store.SegmentStore;
import dev.streamedge.store.StoreStats;
import dev.streamedge.store.engine.EngineSettings;
import dev.streamedge.store.engine.StoreEngine;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link SegmentStore} on an embedded RocksDB: survives restarts warm (the index and the byte
 * count are rebuilt from the records on open), and a crash never leaves an object that looks
 * complete but is not. Every method blocks on RocksDB; see {@link SegmentStore} for the contract.
 */
public final class RocksSegmentStore implements SegmentStore {
  private final StoreEngine engine;
  private final RocksStoreConfig config;

  private RocksSegmentStore(RocksStoreConfig config, StoreEngine engine) {
    this.config = config;
    this.engine = engine;
  }

  /**
   * Opens (or creates, with parent directories) the store in {@code config.directory()}, deletes
   * chunks orphaned by an earlier crash, rebuilds the index, and evicts if over budget. Blocks.
   *
   * @throws dev.streamedge.store.StoreException when the database cannot be opened
   * @throws IllegalArgumentException when the configuration is invalid (the message names the
   *     field)
   */
  public static RocksSegmentStore open(RocksStoreConfig config) {
    Objects.requireNonNull(config, "config");
    EngineSettings settings =
        new EngineSettings(
            config.maxSizeBytes(),
            config.chunkSize(),
            config.verifyChecksums(),
            config.policy(),
            config.clock());
    RocksBackend backend =
        new RocksBackend(
            config.directory(), config.blockCacheBytes(), config.verifyChecksums(),
            config.bodyFileThreshold());
    try {
      return new RocksSegmentStore(config, new StoreEngine(backend, settings));
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  public RocksStoreConfig config() {
    return config;
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
