package dev.streamedge.store.rocks;

import dev.streamedge.store.SegmentStore;
import dev.streamedge.store.SegmentStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

class RocksSegmentStoreContractIT extends SegmentStoreContract {
  @TempDir Path tmp;
  private int stores;
  private RocksStoreConfig last;

  @Override
  protected SegmentStore newStore(long maxSizeBytes, int chunkSize) {
    // A nested directory: the store must create missing parents itself.
    last =
        RocksStoreConfig.of(tmp.resolve("store-" + stores++).resolve("db"), maxSizeBytes)
            .withChunkSize(chunkSize)
            .withBlockCacheBytes(8L << 20);
    return RocksSegmentStore.open(last);
  }

  @Override
  protected SegmentStore corruptChunk(
      SegmentStore store, String key, long generation, long chunk) {
    store.close();
    try (RawRocks raw = new RawRocks(last.directory())) {
      if (!raw.flipChunkByte(key, generation, chunk, 10)) {
        throw new AssertionError("no chunk " + chunk + " of " + key);
      }
    } catch (RocksDBException e) {
      throw new AssertionError(e);
    }
    return RocksSegmentStore.open(last);
  }

  @Override
  protected SegmentStore misplaceChunk(
      SegmentStore store, String key, long generation, long source, long target) {
    store.close();
    try (RawRocks raw = new RawRocks(last.directory())) {
      byte[] prefix = RocksKeys.chunkPrefix(key, generation);
      byte[] value = raw.db.get(raw.chunks, RocksKeys.chunk(prefix, source));
      if (value == null) {
        throw new AssertionError("no chunk " + source + " of " + key);
      }
      raw.db.put(raw.chunks, RocksKeys.chunk(prefix, target), value);
    } catch (RocksDBException e) {
      throw new AssertionError(e);
    }
    return RocksSegmentStore.open(last);
  }
}
