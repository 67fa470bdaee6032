package dev.streamedge.edge.range;

/**
 * One byte-range-spec as written by the client, before the representation length is known
 * (RFC 9110 §14.1.1): {@code a-b}, {@code a-} or {@code -n}.
 *
 * @param first the first-pos, or -1 for a suffix range
 * @param last the last-pos, or -1 when open-ended or a suffix range
 * @param suffixLength the suffix-length of {@code -n}, or -1
 */
public record RangeSpec(long first, long last, long suffixLength) {
  public static RangeSpec closed(long first, long last) {
    return new RangeSpec(first, last, -1);
  }

  public static RangeSpec from(long first) {
    return new RangeSpec(first, -1, -1);
  }

  public static RangeSpec suffix(long length) {
    return new RangeSpec(-1, -1, length);
  }

  public boolean isSuffix() {
    return suffixLength >= 0;
  }

  public boolean isOpenEnded() {
    return !isSuffix() && last < 0;
  }

  /**
   * The satisfiable part of this spec for a representation of {@code length} bytes, or null when
   * unsatisfiable (first-pos at or past the end; suffix of 0; any range of an empty
   * representation).
   */
  public ByteRange resolve(long length) {
    if (length <= 0) {
      return null;
    }
    if (isSuffix()) {
      if (suffixLength == 0) {
        return null;
      }
      return new ByteRange(Math.max(0, length - suffixLength), length - 1);
    }
    if (first >= length) {
      return null;
    }
    return new ByteRange(first, last < 0 ? length - 1 : Math.min(last, length - 1));
  }

  @Override
  public String toString() {
    if (isSuffix()) {
      return "-" + suffixLength;
    }
    return first + "-" + (last < 0 ? "" : Long.toString(last));
  }
}
