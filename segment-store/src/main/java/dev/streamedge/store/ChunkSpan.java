package dev.streamedge.store;

/**
 * The chunks that hold a byte range of an object cut into fixed-size chunks: pure {@code long}
 * arithmetic, so a range of a 20 GB object maps to chunk keys without touching storage (the
 * Traffic Server {@code slice} plugin's block math, as a value).
 *
 * <p>Chunk {@code i} holds bytes {@code [i * chunkSize, (i + 1) * chunkSize)}; only an object's
 * last chunk may be shorter.
 *
 * @param firstChunk index of the chunk holding the range's first byte
 * @param lastChunk index of the chunk holding the range's last byte
 * @param skipInFirst bytes of the first chunk before the range starts
 * @param bytesInLast bytes of the last chunk that belong to the range (1..chunkSize)
 * @param chunkSize the chunk size the span was computed for
 */
public record ChunkSpan(
    long firstChunk, long lastChunk, int skipInFirst, int bytesInLast, int chunkSize) {

  public ChunkSpan {
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize must be > 0: " + chunkSize);
    }
    if (firstChunk < 0 || lastChunk < firstChunk) {
      throw new IllegalArgumentException("bad chunks: " + firstChunk + ".." + lastChunk);
    }
    if (skipInFirst < 0 || skipInFirst >= chunkSize || bytesInLast < 1 || bytesInLast > chunkSize) {
      throw new IllegalArgumentException("bad skip/bytesInLast: " + skipInFirst + "/" + bytesInLast);
    }
    if (firstChunk == lastChunk && skipInFirst >= bytesInLast) {
      throw new IllegalArgumentException("empty single-chunk span");
    }
  }

  /**
   * The span of {@code [offset, offset + length)}.
   *
   * @throws IllegalArgumentException if offset is negative, length is not positive, the end
   *     overflows, or chunkSize is not positive
   */
  public static ChunkSpan of(long offset, long length, int chunkSize) {
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize must be > 0: " + chunkSize);
    }
    if (offset < 0 || length <= 0 || offset + length < 0) {
      throw new IllegalArgumentException("bad range: offset=" + offset + " length=" + length);
    }
    long last = offset + length - 1;
    return new ChunkSpan(
        offset / chunkSize,
        last / chunkSize,
        (int) (offset % chunkSize),
        (int) (last % chunkSize) + 1,
        chunkSize);
  }

  /** Number of chunks the range touches. */
  public long chunkCount() {
    return lastChunk - firstChunk + 1;
  }

  /** Offset of the range's first byte. */
  public long offset() {
    return firstChunk * chunkSize + skipInFirst;
  }

  /** Length of the range in bytes. */
  public long length() {
    return (lastChunk * chunkSize + bytesInLast) - offset();
  }

  /** Object offset where {@code chunk} starts. */
  public long chunkStart(long chunk) {
    return chunk * chunkSize;
  }

  /** Bytes of {@code chunk} to skip before the range's part of it. */
  public int skipIn(long chunk) {
    checkInside(chunk);
    return chunk == firstChunk ? skipInFirst : 0;
  }

  /** How many bytes of {@code chunk} belong to the range. */
  public int bytesIn(long chunk) {
    checkInside(chunk);
    int end = chunk == lastChunk ? bytesInLast : chunkSize;
    return end - skipIn(chunk);
  }

  /** True when the range starts and ends on chunk boundaries (or ends at {@code objectLength}). */
  public boolean aligned(long objectLength) {
    long end = offset() + length();
    return skipInFirst == 0 && (bytesInLast == chunkSize || end == objectLength);
  }

  private void checkInside(long chunk) {
    if (chunk < firstChunk || chunk > lastChunk) {
      throw new IllegalArgumentException(
          "chunk " + chunk + " outside " + firstChunk + ".." + lastChunk);
    }
  }
}
