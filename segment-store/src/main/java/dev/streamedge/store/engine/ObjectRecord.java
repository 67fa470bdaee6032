package dev.streamedge.store.engine;

import dev.streamedge.store.ObjectMeta;
import java.util.Objects;

/**
 * What a backend persists per key, next to the chunks: which version is current, how it is cut,
 * which ranges are present, and the metadata. Writing this record is the commit point.
 *
 * @param generation the version whose chunks are current
 * @param chunkSize the chunk size this version was written with
 * @param present committed byte ranges ({@code [0, length)} for a complete object)
 * @param meta the object's metadata
 * @param fileBacked whether the chunks' data lives in the version's body file (the backend then
 *     keeps per chunk only its length and CRC32C); see {@link BodyFiles}
 */
public record ObjectRecord(
    long generation, int chunkSize, RangeSet present, ObjectMeta meta, boolean fileBacked) {
  public ObjectRecord {
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize must be > 0");
    }
    Objects.requireNonNull(present, "present");
    Objects.requireNonNull(meta, "meta");
  }

  public ObjectRecord withPresent(RangeSet newPresent) {
    return new ObjectRecord(generation, chunkSize, newPresent, meta, fileBacked);
  }

  public ObjectRecord withMeta(ObjectMeta newMeta) {
    return new ObjectRecord(generation, chunkSize, present, newMeta, fileBacked);
  }

  /** Body bytes stored (what the budget counts for the body). */
  public long storedBytes() {
    return present.totalBytes();
  }
}
