package dev.streamedge.packager.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code Range: bytes=...} against a representation length (RFC 9110 section 14.1.2 and 14.2).
 *
 * <ul>
 *   <li>Invalid syntax or another unit: the header is ignored ({@link RangeRequest.Whole}).
 *   <li>Ranges that start past the end are dropped; if none is left the request is unsatisfiable.
 *   <li>More than {@code maxRanges} ranges: the header is ignored, a defence against many tiny ranges.
 * </ul>
 */
public final class RangeParser {
  private RangeParser() {}

  public static RangeRequest parse(String header, long length, int maxRanges) {
    if (header == null) {
      return new RangeRequest.Whole();
    }
    String h = header.trim();
    int eq = h.indexOf('=');
    if (eq < 0 || !h.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
      return new RangeRequest.Whole();
    }
    String[] specs = h.substring(eq + 1).split(",", -1);
    if (specs.length > maxRanges) {
      return new RangeRequest.Whole();
    }
    List<ByteRange> ranges = new ArrayList<>(specs.length);
    for (String raw : specs) {
      String spec = raw.trim();
      int dash = spec.indexOf('-');
      if (dash < 0) {
        return new RangeRequest.Whole();
      }
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) {
        // suffix-range: the last N bytes
        long n = digits(b);
        if (n < 0) {
          return new RangeRequest.Whole();
        }
        if (n > 0 && length > 0) {
          ranges.add(new ByteRange(Math.max(0, length - n), length - 1));
        }
        continue;
      }
      long first = digits(a);
      long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
      if (first < 0 || last < 0 || last < first) {
        return new RangeRequest.Whole();
      }
      if (first < length) {
        ranges.add(new ByteRange(first, Math.min(last, length - 1)));
      }
    }
    return ranges.isEmpty() ? new RangeRequest.Unsatisfiable() : new RangeRequest.Ranges(ranges);
  }

  /** Non-negative decimal, or -1 when not digits or beyond a long. */
  private static long digits(String s) {
    if (s.isEmpty() || s.length() > 19) {
      return -1;
    }
    long v = 0;
    try {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        v = Math.addExact(Math.multiplyExact(v, 10L), c - '0');
      }
    } catch (ArithmeticException beyondLong) {
      return -1;
    }
    return v;
  }
}
