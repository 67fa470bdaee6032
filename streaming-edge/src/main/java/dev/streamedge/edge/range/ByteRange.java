package dev.streamedge.edge.range;

/**
 * A satisfiable, resolved byte range: {@code first} to {@code last} inclusive (RFC 9110 §14.1.1).
 *
 * @param first offset of the first byte, 0 or more
 * @param last offset of the last byte, at least {@code first}
 */
public record ByteRange(long first, long last) {
  public ByteRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("invalid byte range " + first + "-" + last);
    }
  }

  /** Number of bytes; at most Long.MAX_VALUE since {@code last < Long.MAX_VALUE} in practice. */
  public long length() {
    return last - first + 1;
  }

  /** The range of a whole representation of {@code length} bytes ({@code length > 0}). */
  public static ByteRange whole(long length) {
    return new ByteRange(0, length - 1);
  }

  @Override
  public String toString() {
    return first + "-" + last;
  }
}
