package dev.streamedge.store;

/** A present byte range of a stored object: {@code [offset, offset + length)}. */
public record StoredRange(long offset, long length) {
  public StoredRange {
    if (offset < 0 || length < 0 || offset + length < 0) {
      throw new IllegalArgumentException("bad range: offset=" + offset + " length=" + length);
    }
  }

  /** Exclusive end offset. */
  public long end() {
    return offset + length;
  }
}
