package dev.streamedge.edge.range;

import java.util.Optional;

/**
 * Content-Range (RFC 9110 §14.4): {@code bytes a-b/len}, {@code bytes a-b/*} (length unknown, as
 * origins may send while a representation grows) and {@code bytes *}{@code /len} (on a 416).
 *
 * @param first first byte, or -1 for the unsatisfied form
 * @param last last byte, or -1 for the unsatisfied form
 * @param completeLength the representation length, or {@link #UNKNOWN}
 */
public record ContentRange(long first, long last, long completeLength) {
  public static final long UNKNOWN = -1;

  public ContentRange {
    boolean unsatisfied = first == -1 && last == -1;
    if (unsatisfied) {
      if (completeLength < 0) {
        throw new IllegalArgumentException("an unsatisfied Content-Range needs the complete length");
      }
    } else if (first < 0 || last < first || completeLength < UNKNOWN
        || (completeLength != UNKNOWN && last >= completeLength)) {
      throw new IllegalArgumentException("invalid Content-Range " + first + "-" + last + "/" + completeLength);
    }
  }

  public static ContentRange of(ByteRange range, long completeLength) {
    return new ContentRange(range.first(), range.last(), completeLength);
  }

  /** {@code bytes *}{@code /completeLength}, for a 416. */
  public static ContentRange unsatisfied(long completeLength) {
    return new ContentRange(-1, -1, completeLength);
  }

  public boolean isUnsatisfied() {
    return first == -1;
  }

  public Optional<ByteRange> range() {
    return isUnsatisfied() ? Optional.empty() : Optional.of(new ByteRange(first, last));
  }

  /** Parses a Content-Range value; empty when invalid or not a bytes range. */
  public static Optional<ContentRange> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.length() < 6 || !v.regionMatches(true, 0, "bytes", 0, 5) || v.charAt(5) != ' ') {
      return Optional.empty();
    }
    String rest = v.substring(6).strip();
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String range = rest.substring(0, slash);
    String len = rest.substring(slash + 1);
    long complete = len.equals("*") ? UNKNOWN : number(len);
    if (complete == -2) {
      return Optional.empty();
    }
    try {
      if (range.equals("*")) {
        return complete == UNKNOWN ? Optional.empty() : Optional.of(unsatisfied(complete));
      }
      int dash = range.indexOf('-');
      if (dash < 0) {
        return Optional.empty();
      }
      long first = number(range.substring(0, dash));
      long last = number(range.substring(dash + 1));
      if (first < 0 || last < 0) {
        return Optional.empty();
      }
      return Optional.of(new ContentRange(first, last, complete));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The field value. */
  @Override
  public String toString() {
    String len = completeLength == UNKNOWN ? "*" : Long.toString(completeLength);
    return isUnsatisfied() ? "bytes */" + len : "bytes " + first + "-" + last + "/" + len;
  }

  /** Digits only; -2 when invalid (so that -1 stays free for UNKNOWN). */
  private static long number(String s) {
    if (s.isEmpty() || s.length() > 19) {
      return -2;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -2;
      }
      int d = c - '0';
      if (v > (Long.MAX_VALUE - d) / 10) {
        return -2;
      }
      v = v * 10 + d;
    }
    return v;
  }
}
