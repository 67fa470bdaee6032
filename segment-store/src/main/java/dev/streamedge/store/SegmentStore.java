package dev.streamedge.store;

import java.util.Optional;

/**
 * The edge's cache engine: objects under a cache key, stored as fixed-size CRC32C-checksummed
 * chunks so a byte range maps to chunks by arithmetic ({@link ChunkSpan}).
 *
 * <p><b>Blocking.</b> Unless a method says otherwise it may block on storage (RocksDB calls are
 * synchronous JNI calls; eviction triggered by a write runs on the writing thread). Call the store
 * from a bounded blocking executor, never from an event loop. Non-blocking exceptions: {@link
 * #chunkSize()}, {@link #maxSizeBytes()}, {@link #stats()}, and the reader methods that say so.
 *
 * <p><b>Threads.</b> Implementations are thread-safe. A writer is used by one thread at a time; a
 * reader may be used from any thread, one call at a time.
 *
 * <p><b>Keys.</b> A cache key is a non-empty string without U+0000 and without unpaired surrogates,
 * at most 8 KiB as UTF-8. Keys sort by their UTF-8 bytes, so all keys starting with a path prefix
 * form one contiguous range: that is what makes {@link #purgePrefix(String)} one range delete.
 *
 * <p><b>Consistency.</b> A commit is atomic: lookups see the object before or after, never torn.
 * Chunks are keyed by generation, so a reader never mixes bytes of two versions: it reads the
 * version it opened or gets {@link ObjectUnavailableException}.
 */
public interface SegmentStore extends AutoCloseable {

  /** Chunk size in bytes used for new objects. Slices must be aligned to it. Non-blocking. */
  int chunkSize();

  /** The byte budget. Non-blocking. */
  long maxSizeBytes();

  /**
   * Opens a reader on the committed object under {@code key} or, when there is none, on the
   * newest full fill in progress for it (the reader then follows the fill). Counts a hit or a
   * miss. The caller must close the reader. Blocks (reads metadata).
   */
  Optional<ObjectReader> lookup(String key);

  /**
   * The revision of the committed object under {@code key}: a number that changes whenever what a
   * lookup would return changes (a new version is committed, the metadata is updated, the object
   * is purged or evicted), or -1 when there is none. Lets a caller that keeps a copy of an object
   * outside the store (the edge's memory tier) check in nanoseconds that the copy is still the
   * current one. Does not count a hit. Non-blocking.
   */
  long revision(String key);

  /**
   * Counts a hit on the committed object under {@code key}, as {@link #lookup(String)} does for
   * the statistics and the eviction policy, when its revision is still {@code revision}: for a
   * caller serving its own copy. Non-blocking.
   *
   * @return false (and nothing counted) when the object changed or is gone
   */
  boolean touch(String key, long revision);

  /**
   * Starts writing a whole object ({@code meta.totalLength()} may be -1: learned at commit). The
   * new version replaces the committed one, if any, atomically at commit (last commit wins).
   * Blocks (briefly). Readers can follow it from the first appended byte via {@link
   * ObjectWriter#openReader()} or {@link #lookup(String)}.
   */
  ObjectWriter openWriter(String key, ObjectMeta meta);

  /**
   * Starts writing one slice {@code [offset, offset + length)} of a large object kept sparsely.
   * {@code meta.totalLength()} must be known; {@code offset} must be a multiple of {@link
   * #chunkSize()}, and {@code offset + length} a multiple too or the object's end.
   *
   * <p>If the stored object has the same representation ({@link
   * ObjectMeta#sameRepresentation(ObjectMeta)}: same length and strong validator) the slice is
   * added to it; otherwise the slice starts a new version that replaces the stored one when it
   * commits (old slices are dropped, never spliced with new ones).
   *
   * @return empty when the range overlaps bytes already present or a slice being written for the
   *     same version (follow that fill, or serve without storing)
   */
  Optional<ObjectWriter> openSliceWriter(String key, ObjectMeta meta, long offset, long length);

  /**
   * Replaces the metadata of the committed version {@code generation} of {@code key} without
   * touching its body (a 304 revalidation). {@code meta.totalLength()} must be -1 or the stored
   * length; {@code storedAt} is kept. Readers already open keep the metadata they saw. Blocks.
   *
   * @return false when that version is no longer stored
   */
  boolean updateMeta(String key, long generation, ObjectMeta meta);

  /**
   * Removes the object under {@code key}: lookups starting after this returns miss, readers of it
   * fail with {@link ObjectUnavailableException.Reason#GONE}, and fills of it that began before
   * will not commit. Blocks.
   *
   * @return true when a committed object was removed
   */
  boolean purge(String key);

  /**
   * Removes every object whose key starts with {@code prefix} (one range delete, milliseconds
   * whatever the count), with the guarantees of {@link #purge(String)}. Blocks.
   *
   * @return the number of committed objects removed
   */
  long purgePrefix(String prefix);

  /** Removes everything, like {@code purgePrefix("")}. Blocks. */
  long purgeAll();

  /** Counters snapshot. Non-blocking. */
  StoreStats stats();

  /**
   * Closes the store. Open writers and readers fail afterwards with {@link IllegalStateException}.
   * Blocks (flushes RocksDB).
   */
  @Override
  void close();
}
