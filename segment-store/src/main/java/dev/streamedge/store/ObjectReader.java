package dev.streamedge.store;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Reads one version of an object, and follows it while it is being written.
 *
 * <p>Reads never wait: {@link #read(long, ByteBuffer)} returns what is there now, 0 when the next
 * byte is still being written, -1 at the end. To wait, register a one-shot callback with {@link
 * #onAvailable(long, Runnable)}; no thread is parked per reader.
 *
 * <p>A reader pins its version: if the object is evicted or replaced while the reader is open,
 * its bytes stay until the reader closes, so it finishes reading consistent bytes. A purge (and a
 * detected corruption) cuts readers off with {@link ObjectUnavailableException} instead. Always
 * close readers: an unclosed reader pins evicted bytes forever.
 *
 * <p>Thread-safety: any thread, one call at a time per reader; {@link #onAvailable} callbacks and
 * the non-blocking getters may be called concurrently with a read.
 */
public interface ObjectReader extends AutoCloseable {

  /** The cache key. Non-blocking. */
  String key();

  /** The version read. Non-blocking. */
  long generation();

  /**
   * The revision of the committed object this reader opened (see {@link
   * SegmentStore#revision(String)}), read before its metadata: while the store still reports this
   * revision for the key, {@link #meta()} and the bytes are the object's current ones. -1 for a
   * reader that follows a fill. Non-blocking.
   */
  long revision();

  /**
   * Metadata as of when this reader opened (for a fill: the writer's metadata, length maybe -1).
   * Non-blocking.
   */
  ObjectMeta meta();

  /** The version's current state (live). Non-blocking. */
  ObjectState state();

  /** Total length if known now (live: a fill of unknown length learns it at commit), else -1. */
  long length();

  /** Committed byte ranges (live). A complete object has one range {@code [0, length)}. */
  List<StoredRange> presentRanges();

  /** True when {@code [offset, offset + length)} is committed. Non-blocking. */
  boolean isPresent(long offset, long length);

  /**
   * Contiguous bytes readable right now from {@code offset} without waiting (committed or already
   * appended by a fill), 0 if none. Non-blocking.
   */
  long readableBytes(long offset);

  /**
   * Copies bytes starting at object offset {@code offset} into {@code dst} (from its position, up
   * to its limit) and advances its position. Never waits for a fill; blocks only on storage
   * reads. Each chunk's CRC32C is verified (unless disabled in the store's configuration).
   *
   * <p>Fastest with a direct {@code dst} and chunk-aligned offsets: while {@code dst.remaining()
   * >= chunkSize + 4} whole chunks are read straight into it (the up to 4 bytes after the returned
   * count, inside {@code dst}'s remaining space, may then be overwritten). Otherwise a chunk is
   * read whole into a buffer this reader keeps (chunkSize + 4 bytes, direct) and served from there
   * across calls. A read may return fewer bytes than {@code dst} has room for rather than fetch
   * another chunk for its last few bytes.
   *
   * @return bytes copied (> 0); 0 when {@code offset} is inside a fill that has not reached it yet
   *     (use {@link #onAvailable}); -1 when {@code offset} is at or past the end
   * @throws ObjectUnavailableException the fill aborted, the object was purged, a chunk failed its
   *     checksum (the object is dropped), or the range is not present in a sparse object
   */
  int read(long offset, ByteBuffer dst);

  /**
   * Runs {@code callback} once, as soon as {@link #read} at {@code offset} would not return 0
   * (bytes arrived, the fill committed, aborted, or the object was purged). If that is already so
   * it runs immediately on the calling thread; otherwise on the thread that appended, committed,
   * aborted or purged, after the store released its locks. Callbacks must be short and must not
   * block: hand work to an executor. Non-blocking.
   */
  void onAvailable(long offset, Runnable callback);

  /**
   * The stored bytes from {@code offset} as a span of a file, to send without copying (sendfile),
   * or empty when they are not in a file: the object is not file-backed (the memory store, small
   * objects), or {@code offset} is in the part of a fill not yet written out as a chunk, at the
   * end, or not present. On empty, use {@link #read} (which also reports waiting, the end, or why
   * the bytes are unavailable). Never waits for a fill; blocks on storage.
   *
   * <p>The span covers at most {@code maxCount} bytes of one present range (or of a fill's flushed
   * chunks), and only chunks whose CRC32C is known good in this process: chunks this process wrote
   * (the checksum was computed from the bytes it wrote) or verified since the store opened. The
   * first span over a chunk after a restart reads and checks that chunk once (whatever {@code
   * verifyChecksums} says); a chunk that fails drops the object as {@link #read} does. Bytes
   * already handed out as a span stay readable through it even when the object is purged or
   * evicted afterwards.
   *
   * @throws ObjectUnavailableException as {@link #read}
   */
  default Optional<FileSpan> fileSpan(long offset, long maxCount) {
    return Optional.empty();
  }

  /** Releases the pinned version. May block (deletes the bytes of an evicted version). */
  @Override
  void close();
}
