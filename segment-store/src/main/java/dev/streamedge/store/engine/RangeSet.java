package dev.streamedge.store.engine;

import dev.streamedge.store.StoredRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable set of disjoint, non-adjacent byte ranges {@code [start, end)}, sorted: the parts
 * of a sparse object that are present. Stored as one flat {@code long[]} of start/end pairs.
 */
public final class RangeSet {
  private static final RangeSet EMPTY = new RangeSet(new long[0]);

  private final long[] bounds;

  private RangeSet(long[] bounds) {
    this.bounds = bounds;
  }

  public static RangeSet empty() {
    return EMPTY;
  }

  public static RangeSet of(long start, long end) {
    check(start, end);
    return start == end ? EMPTY : new RangeSet(new long[] {start, end});
  }

  /** From start/end pairs, which must be sorted, disjoint and non-adjacent. */
  public static RangeSet ofBounds(long[] bounds) {
    if (bounds.length % 2 != 0) {
      throw new IllegalArgumentException("bounds must come in pairs");
    }
    for (int i = 0; i < bounds.length; i += 2) {
      check(bounds[i], bounds[i + 1]);
      if (bounds[i] == bounds[i + 1] || (i > 0 && bounds[i] <= bounds[i - 1])) {
        throw new IllegalArgumentException("ranges must be sorted, non-empty and not touch");
      }
    }
    return bounds.length == 0 ? EMPTY : new RangeSet(bounds.clone());
  }

  /** This set plus {@code [start, end)}, merging ranges that overlap or touch. */
  public RangeSet add(long start, long end) {
    check(start, end);
    if (start == end) {
      return this;
    }
    long[] out = new long[bounds.length + 2];
    int n = 0;
    int i = 0;
    while (i < bounds.length && bounds[i + 1] < start) {
      out[n++] = bounds[i];
      out[n++] = bounds[i + 1];
      i += 2;
    }
    long s = start;
    long e = end;
    while (i < bounds.length && bounds[i] <= e) {
      s = Math.min(s, bounds[i]);
      e = Math.max(e, bounds[i + 1]);
      i += 2;
    }
    out[n++] = s;
    out[n++] = e;
    while (i < bounds.length) {
      out[n++] = bounds[i];
      out[n++] = bounds[i + 1];
      i += 2;
    }
    return new RangeSet(Arrays.copyOf(out, n));
  }

  /** End of the range containing {@code offset}, or -1 when no range contains it. */
  public long endOfRangeContaining(long offset) {
    int lo = 0;
    int hi = bounds.length / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long s = bounds[2 * mid];
      long e = bounds[2 * mid + 1];
      if (offset < s) {
        hi = mid - 1;
      } else if (offset >= e) {
        lo = mid + 1;
      } else {
        return e;
      }
    }
    return -1;
  }

  /** True when {@code [start, end)} is inside one range (an empty range is always covered). */
  public boolean covers(long start, long end) {
    if (start >= end) {
      return true;
    }
    long e = endOfRangeContaining(start);
    return e >= end;
  }

  /** True when some byte of {@code [start, end)} is in the set. */
  public boolean intersects(long start, long end) {
    if (start >= end) {
      return false;
    }
    for (int i = 0; i < bounds.length; i += 2) {
      if (bounds[i] < end && start < bounds[i + 1]) {
        return true;
      }
    }
    return false;
  }

  public long totalBytes() {
    long total = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      total += bounds[i + 1] - bounds[i];
    }
    return total;
  }

  public boolean isEmpty() {
    return bounds.length == 0;
  }

  public int rangeCount() {
    return bounds.length / 2;
  }

  public long start(int range) {
    return bounds[2 * range];
  }

  public long end(int range) {
    return bounds[2 * range + 1];
  }

  public List<StoredRange> ranges() {
    List<StoredRange> out = new ArrayList<>(bounds.length / 2);
    for (int i = 0; i < bounds.length; i += 2) {
      out.add(new StoredRange(bounds[i], bounds[i + 1] - bounds[i]));
    }
    return List.copyOf(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangeSet other && Arrays.equals(bounds, other.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < bounds.length; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(bounds[i]).append("..").append(bounds[i + 1]);
    }
    return sb.append(']').toString();
  }

  private static void check(long start, long end) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad range: " + start + ".." + end);
    }
  }
}
