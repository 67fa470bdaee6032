package dev.streamedge.store.engine;

import dev.streamedge.store.evict.EvictionPolicyKind;
import java.time.Clock;
import java.util.Objects;

/**
 * Engine configuration shared by both implementations.
 *
 * @param maxSizeBytes the byte budget
 * @param chunkSize chunk size for new objects
 * @param verifyChecksums verify each chunk's CRC32C on every read
 * @param policy eviction policy
 * @param clock source of {@code storedAt}
 */
public record EngineSettings(
    long maxSizeBytes,
    int chunkSize,
    boolean verifyChecksums,
    EvictionPolicyKind policy,
    Clock clock) {

  /** Smallest chunk accepted: below this, per-chunk overhead dominates. */
  public static final int MIN_CHUNK_SIZE = 4 * 1024;

  /** Largest chunk accepted: a chunk is read whole, into one buffer. */
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;

  public EngineSettings {
    if (maxSizeBytes <= 0) {
      throw new IllegalArgumentException("maxSizeBytes must be > 0: " + maxSizeBytes);
    }
    if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(
          "chunkSize must be in [" + MIN_CHUNK_SIZE + ", " + MAX_CHUNK_SIZE + "]: " + chunkSize);
    }
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(clock, "clock");
  }
}
