/**
 * The edge's cache engine: objects stored as fixed-size, checksummed chunks under ordered keys,
 * behind one small API ({@link dev.streamedge.store.SegmentStore}) with two implementations that
 * pass one contract test: {@code rocks.RocksSegmentStore} (embedded RocksDB, survives restarts)
 * and {@code memory.MemorySegmentStore} (heap only).
 *
 * <p>This package owns the public API: the store, writers and readers (including readers that
 * follow a fill in progress), object metadata, the block arithmetic ({@link
 * dev.streamedge.store.ChunkSpan}), outcomes and statistics. The shared engine lives in {@code
 * store.engine}, eviction policies in {@code store.evict}. No Netty here: the edge adapts.
 *
 * <p><b>Blocking.</b> Every call that may touch storage blocks (RocksDB calls are synchronous
 * JNI): call the store from a bounded blocking executor, never from an event loop. The javadoc of
 * each method says whether it blocks.
 */
package dev.streamedge.store;
