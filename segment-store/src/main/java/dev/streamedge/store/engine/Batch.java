package dev.streamedge.store.engine;

import java.nio.ByteBuffer;

/** Operations applied atomically by {@link Backend#write(Batch)}. Not thread-safe. */
public interface Batch extends AutoCloseable {

  /** Stores chunk {@code index}: {@code value} (position..limit) is the data plus a 4-byte CRC32C. */
  void putChunk(ChunkLocation location, long index, ByteBuffer value);

  /** Deletes chunks {@code [fromIndex, toIndex)} of a version ({@code Long.MAX_VALUE}: all). */
  void deleteChunks(ChunkLocation location, long fromIndex, long toIndex);

  void putRecord(String key, ObjectRecord record);

  void deleteRecord(String key);

  void putPending(ChunkLocation location, PendingKind kind, long fromIndex, long toIndex);

  void deletePending(ChunkLocation location, PendingKind kind, long fromIndex);

  /** Deletes records and chunks of every key starting with {@code prefix}; pending records stay. */
  void purgePrefix(String prefix);

  /** Deletes the record and all chunks of exactly {@code key}; pending records stay. */
  void purgeKey(String key);

  @Override
  void close();
}
