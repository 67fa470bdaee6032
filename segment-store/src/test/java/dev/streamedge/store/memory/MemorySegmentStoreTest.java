package dev.streamedge.store.memory;

import dev.streamedge.store.SegmentStore;
import dev.streamedge.store.SegmentStoreContract;
import dev.streamedge.store.engine.EngineSettings;
import dev.streamedge.store.evict.EvictionPolicyKind;
import java.time.Clock;

class MemorySegmentStoreTest extends SegmentStoreContract {
  @Override
  protected SegmentStore newStore(long maxSizeBytes, int chunkSize) {
    return new MemorySegmentStore(
        new EngineSettings(
            maxSizeBytes, chunkSize, true, EvictionPolicyKind.S3_FIFO, Clock.systemUTC()));
  }

  @Override
  protected SegmentStore corruptChunk(
      SegmentStore store, String key, long generation, long chunk) {
    if (!((MemorySegmentStore) store).corruptChunkForTest(key, generation, chunk, 10)) {
      throw new AssertionError("no chunk " + chunk + " of " + key);
    }
    return store;
  }

  @Override
  protected SegmentStore misplaceChunk(
      SegmentStore store, String key, long generation, long source, long target) {
    if (!((MemorySegmentStore) store).copyChunkForTest(key, generation, source, target)) {
      throw new AssertionError("no chunk " + source + " of " + key);
    }
    return store;
  }
}
