package dev.streamedge.store.engine;

import java.nio.ByteBuffer;

/**
 * The region one writer is filling: {@code [start, limit)}. Bytes {@code [start, flushedEnd)} are
 * in the backend as chunks; {@code [flushedEnd, flushedEnd + tailLen)} are in {@link #tail}, the
 * chunk being assembled, which followers copy from under the version's lock. The writer only ever
 * writes tail bytes past {@code tailLen}, and resets the tail under the lock, so a follower never
 * sees a byte change.
 */
final class Extent {
  final long start;
  final long limit;
  /** Direct; capacity chunkSize + 4 (room for the CRC trailer when the chunk is written). */
  final ByteBuffer tail;

  // Guarded by the version's monitor; written only by the owning writer.
  long flushedEnd;
  int tailLen;

  Extent(long start, long limit, ByteBuffer tail) {
    this.start = start;
    this.limit = limit;
    this.flushedEnd = start;
    this.tail = tail;
  }

  long available() {
    return flushedEnd + tailLen;
  }
}
