package dev.streamedge.store.rocks;

import dev.streamedge.store.evict.EvictionPolicyKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Configuration of a {@link RocksSegmentStore}. Invalid values fail at construction with a message
 * naming the field.
 *
 * @param directory where the database lives (created with its parents if missing)
 * @param maxSizeBytes byte budget for bodies plus a fixed per-object overhead
 * @param chunkSize chunk size for new objects; objects keep the size they were written with
 * @param blockCacheBytes RocksDB block cache shared by all column families (0 disables caching)
 * @param verifyChecksums verify each chunk's CRC32C on every read (see docs/segment-store.md for
 *     the measured cost)
 * @param policy eviction policy
 * @param clock source of {@code storedAt}
 * @param bodyFileThreshold objects of at least this known length (and all of unknown length, and
 *     sliced ones) keep their chunk data in a body file under {@code directory/chunks}, sent with
 *     sendfile by the edge; smaller ones stay in RocksDB values. 0 puts every object in a file
 */
public record RocksStoreConfig(
    Path directory,
    long maxSizeBytes,
    int chunkSize,
    long blockCacheBytes,
    boolean verifyChecksums,
    EvictionPolicyKind policy,
    Clock clock,
    long bodyFileThreshold) {

  /** Default chunk size: 256 KiB (see docs/segment-store.md for the measurements behind it). */
  public static final int DEFAULT_CHUNK_SIZE = 256 * 1024;

  /** Default block cache: 256 MiB. */
  public static final long DEFAULT_BLOCK_CACHE_BYTES = 256L << 20;

  /**
   * Default body file threshold: 1 MiB. HLS segments of a few hundred KB and playlists stay in
   * RocksDB (one file each would cost an open per hit); large files are sent from files.
   */
  public static final long DEFAULT_BODY_FILE_THRESHOLD = 1L << 20;

  public RocksStoreConfig {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(clock, "clock");
    if (maxSizeBytes <= 0) {
      throw new IllegalArgumentException("maxSizeBytes must be > 0: " + maxSizeBytes);
    }
    if (blockCacheBytes < 0) {
      throw new IllegalArgumentException("blockCacheBytes must be >= 0: " + blockCacheBytes);
    }
    if (bodyFileThreshold < 0) {
      throw new IllegalArgumentException("bodyFileThreshold must be >= 0: " + bodyFileThreshold);
    }
  }

  /** Defaults: 256 KiB chunks, 256 MiB block cache, checksums verified, S3-FIFO, UTC clock. */
  public static RocksStoreConfig of(Path directory, long maxSizeBytes) {
    return new RocksStoreConfig(
        directory,
        maxSizeBytes,
        DEFAULT_CHUNK_SIZE,
        DEFAULT_BLOCK_CACHE_BYTES,
        true,
        EvictionPolicyKind.S3_FIFO,
        Clock.systemUTC(),
        DEFAULT_BODY_FILE_THRESHOLD);
  }

  public RocksStoreConfig withChunkSize(int size) {
    return new RocksStoreConfig(
        directory, maxSizeBytes, size, blockCacheBytes, verifyChecksums, policy,
        clock, bodyFileThreshold);
  }

  public RocksStoreConfig withBlockCacheBytes(long bytes) {
    return new RocksStoreConfig(
        directory, maxSizeBytes, chunkSize, bytes, verifyChecksums, policy,
        clock, bodyFileThreshold);
  }

  public RocksStoreConfig withVerifyChecksums(boolean verify) {
    return new RocksStoreConfig(
        directory, maxSizeBytes, chunkSize, blockCacheBytes, verify, policy,
        clock, bodyFileThreshold);
  }

  public RocksStoreConfig withPolicy(EvictionPolicyKind kind) {
    return new RocksStoreConfig(
        directory, maxSizeBytes, chunkSize, blockCacheBytes, verifyChecksums, kind,
        clock, bodyFileThreshold);
  }

  public RocksStoreConfig withClock(Clock c) {
    return new RocksStoreConfig(
        directory, maxSizeBytes, chunkSize, blockCacheBytes, verifyChecksums, policy,
        c, bodyFileThreshold);
  }

  public RocksStoreConfig withMaxSizeBytes(long bytes) {
    return new RocksStoreConfig(
        directory, bytes, chunkSize, blockCacheBytes, verifyChecksums, policy,
        clock, bodyFileThreshold);
  }

  public RocksStoreConfig withBodyFileThreshold(long bytes) {
    return new RocksStoreConfig(
        directory, maxSizeBytes, chunkSize, blockCacheBytes, verifyChecksums, policy,
        clock, bytes);
  }
}
