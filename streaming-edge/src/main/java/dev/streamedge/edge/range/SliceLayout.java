package dev.streamedge.edge.range;

/**
 * Fixed, aligned origin slices of {@code sliceSize} bytes (as in Traffic Server's slice plugin and
 * nginx's slice module): slice {@code i} covers {@code [i * sliceSize, (i + 1) * sliceSize)},
 * the last one possibly shorter. The arithmetic is all {@code long} and overflow-checked, so it
 * holds at 2^31, 2^32 and at the end of a 20 GiB (or 2^62 byte) object.
 *
 * @param sliceSize bytes per slice, positive
 */
public record SliceLayout(long sliceSize) {
  public SliceLayout {
    if (sliceSize <= 0) {
      throw new IllegalArgumentException("sliceSize must be positive, got " + sliceSize);
    }
  }

  /** The index of the slice holding byte {@code offset}. */
  public long sliceOf(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset " + offset);
    }
    return offset / sliceSize;
  }

  /** The offset of slice {@code index}'s first byte. */
  public long sliceStart(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("index " + index);
    }
    return Math.multiplyExact(index, sliceSize);
  }

  /** The number of slices of a {@code totalLength}-byte object (0 for an empty one). */
  public long sliceCount(long totalLength) {
    if (totalLength < 0) {
      throw new IllegalArgumentException("totalLength " + totalLength);
    }
    return totalLength / sliceSize + (totalLength % sliceSize == 0 ? 0 : 1);
  }

  /**
   * The bytes of slice {@code index}; with {@code totalLength} {@link ContentRange#UNKNOWN} the
   * full slice size is assumed (the origin trims the last one).
   */
  public ByteRange slice(long index, long totalLength) {
    long start = sliceStart(index);
    long end = start > Long.MAX_VALUE - sliceSize ? Long.MAX_VALUE : start + sliceSize;
    if (totalLength != ContentRange.UNKNOWN) {
      if (start >= totalLength) {
        throw new IllegalArgumentException("slice " + index + " starts at " + start + ", past the end (" + totalLength + ")");
      }
      end = Math.min(end, totalLength);
    }
    return new ByteRange(start, end - 1);
  }

  /** The origin request's {@code Range} value for slice {@code index}, e.g. {@code bytes=0-4194303}. */
  public String originRange(long index, long totalLength) {
    ByteRange r = slice(index, totalLength);
    return "bytes=" + r.first() + "-" + r.last();
  }

  /** Which slices a viewer range touches and how much of the first and last it uses. */
  public SliceSpan span(ByteRange range) {
    long firstSlice = sliceOf(range.first());
    long lastSlice = sliceOf(range.last());
    return new SliceSpan(
        firstSlice,
        lastSlice,
        range.first() - sliceStart(firstSlice),
        range.last() - sliceStart(lastSlice) + 1,
        sliceSize);
  }

  /**
   * The slices a viewer range touches.
   *
   * @param firstSlice index of the first slice
   * @param lastSlice index of the last slice (inclusive)
   * @param skipInFirst bytes of the first slice before the range starts
   * @param takeFromLast bytes of the last slice up to and including the range's last byte
   * @param sliceSize the layout's slice size
   */
  public record SliceSpan(long firstSlice, long lastSlice, long skipInFirst, long takeFromLast, long sliceSize) {
    public long sliceCount() {
      return lastSlice - firstSlice + 1;
    }

    /** Where the range's bytes start inside slice {@code index}. */
    public long offsetInSlice(long index) {
      check(index);
      return index == firstSlice ? skipInFirst : 0;
    }

    /** How many of the range's bytes slice {@code index} supplies. */
    public long lengthInSlice(long index) {
      check(index);
      long end = index == lastSlice ? takeFromLast : sliceSize;
      return end - offsetInSlice(index);
    }

    /** Total bytes of the range. */
    public long length() {
      if (firstSlice == lastSlice) {
        return takeFromLast - skipInFirst;
      }
      return (sliceSize - skipInFirst) + Math.multiplyExact(lastSlice - firstSlice - 1, sliceSize) + takeFromLast;
    }

    private void check(long index) {
      if (index < firstSlice || index > lastSlice) {
        throw new IllegalArgumentException("slice " + index + " is outside " + firstSlice + ".." + lastSlice);
      }
    }
  }
}
