package dev.streamedge.packager.http;

/**
 * A satisfiable byte range of a representation: {@code first} and {@code last} are inclusive offsets,
 * already clipped to the representation's length (RFC 9110 section 14.1.2).
 */
public record ByteRange(long first, long last) {
  public ByteRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("bad range " + first + "-" + last);
    }
  }

  public long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value for this range of a representation of {@code completeLength}. */
  public String contentRange(long completeLength) {
    return "bytes " + first + "-" + last + "/" + completeLength;
  }
}
