package dev.streamedge.store.engine;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * Persistence under {@link StoreEngine}: records and chunks under ordered keys. Internal SPI with
 * two implementations (RocksDB, memory); all calls may block and all are thread-safe.
 */
public interface Backend extends AutoCloseable {
  /** {@link #readChunk} result: the storage itself detected a checksum failure. */
  int CORRUPT = -2;

  /**
   * A number larger than every generation this backend ever stored, so generations the engine
   * hands out never collide with surviving ones.
   */
  long generationBase();

  /**
   * Deletes the chunks named by pending records, then reports every committed record. Called once,
   * before any other use.
   */
  void recover(BiConsumer<String, ObjectRecord> sink);

  ChunkLocation locate(String key, long generation);

  /**
   * The directory for body files (see {@link BodyFiles}), or null when this backend keeps every
   * chunk's data itself. For a file-backed version the backend stores, per chunk, an 8-byte
   * descriptor (data length, CRC32C) as the chunk's value; the engine writes and reads the data.
   */
  default Path bodyDirectory() {
    return null;
  }

  /**
   * Versions whose known length is at least this many bytes go to body files, as do versions of
   * unknown length and sliced versions. Only meaningful with a {@link #bodyDirectory()}.
   */
  default long bodyFileThreshold() {
    return Long.MAX_VALUE;
  }

  /** The committed record of {@code key}, or null. */
  ObjectRecord readRecord(String key);

  /**
   * Copies chunk {@code index} (data then 4-byte CRC) into {@code dst} from its position, without
   * moving the position; copies at most {@code dst.remaining()} bytes.
   *
   * @return the stored value's full size, -1 when the chunk does not exist, {@link #CORRUPT} when
   *     the storage layer detected corruption
   */
  int readChunk(ChunkLocation location, long index, ByteBuffer dst);

  /** Stores one chunk on its own (data plus CRC, position..limit). */
  void putChunk(ChunkLocation location, long index, ByteBuffer value);

  Batch newBatch();

  /** Applies the batch atomically and durably (write-ahead logged). */
  void write(Batch batch);

  @Override
  void close();
}
