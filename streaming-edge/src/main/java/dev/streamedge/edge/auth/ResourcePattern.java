package dev.streamedge.edge.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A custom policy's {@code Resource}: a URL where {@code *} matches zero or more characters
 * (including {@code /} and {@code ?}) and {@code ?} matches exactly one; every other character,
 * {@code .} included, is literal and case-sensitive. There is no escape, as in CloudFront.
 *
 * <p>No regular expressions (nothing to inject, no backtracking blow-up). The pattern is split at
 * its stars into segments {@code S0 * S1 * … * Sk}: the text must start with {@code S0}, end with
 * {@code Sk}, and contain {@code S1…Sk-1} in order, non-overlapping, in between. Taking the leftmost
 * occurrence of each middle segment is optimal (a later occurrence leaves less room for the rest),
 * so one left-to-right pass decides. Each segment is found with the bit-parallel Shift-And search
 * (Baeza-Yates and Gonnet, CACM 35(10), 1992), where {@code ?} is a position that accepts any
 * character. The text is scanned once, so a match costs {@code O(n · ⌈s/64⌉)} for a text of length
 * {@code n} and a longest segment {@code s}: linear for any realistic pattern, and bounded by the
 * policy size cap for a hostile one.
 */
public final class ResourcePattern {
  private final String pattern;
  private final boolean startsWithStar;
  private final boolean endsWithStar;
  private final Segment[] segments;

  private ResourcePattern(String pattern) {
    this.pattern = pattern;
    this.startsWithStar = pattern.startsWith("*");
    this.endsWithStar = pattern.endsWith("*");
    List<Segment> list = new ArrayList<>();
    for (String part : pattern.split("\\*", -1)) {
      if (!part.isEmpty()) {
        list.add(new Segment(part));
      }
    }
    this.segments = list.toArray(new Segment[0]);
  }

  public static ResourcePattern of(String pattern) {
    return new ResourcePattern(Objects.requireNonNull(pattern, "pattern"));
  }

  public String pattern() {
    return pattern;
  }

  /** True when the pattern has no {@code *} or {@code ?}: only one URL matches it. */
  public boolean isLiteral() {
    return pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
  }

  public boolean matches(String text) {
    Objects.requireNonNull(text, "text");
    if (segments.length == 0) {
      // "" matches only ""; "*", "**", … match everything.
      return startsWithStar || text.isEmpty();
    }
    int n = text.length();
    int first = 0;
    int last = segments.length - 1;
    int pos = 0;
    int end = n;
    if (!startsWithStar) {
      Segment s0 = segments[0];
      if (s0.length > n || !s0.matchesAt(text, 0)) {
        return false;
      }
      pos = s0.length;
      first = 1;
      if (segments.length == 1 && !endsWithStar) {
        return pos == n; // no star at all: the whole text must be the segment
      }
    }
    if (!endsWithStar && last >= first) {
      Segment sk = segments[last];
      if (n - sk.length < pos || !sk.matchesAt(text, n - sk.length)) {
        return false;
      }
      end = n - sk.length;
      last--;
    }
    for (int i = first; i <= last; i++) {
      int found = segments[i].findEnd(text, pos, end);
      if (found < 0) {
        return false;
      }
      pos = found;
    }
    return true;
  }

  @Override
  public String toString() {
    return pattern;
  }

  /** A star-free piece of the pattern, compiled for Shift-And. */
  private static final class Segment {
    final int length;
    final String chars;
    final int words;
    /** Bit j set in {@code ascii[c]} when position j accepts character c (ASCII). */
    final long[][] ascii = new long[128][];
    /** Positions holding {@code ?}: they accept any character. */
    final long[] any;
    /** Masks for non-ASCII literal characters (rare in URLs, which are percent-encoded). */
    final Map<Character, long[]> other = new HashMap<>();
    final long[] lastBit;

    Segment(String chars) {
      this.chars = chars;
      this.length = chars.length();
      this.words = (length + 63) >>> 6;
      this.any = new long[words];
      for (int j = 0; j < length; j++) {
        if (chars.charAt(j) == '?') {
          any[j >>> 6] |= 1L << (j & 63);
        }
      }
      for (int j = 0; j < length; j++) {
        char c = chars.charAt(j);
        if (c == '?') {
          continue;
        }
        long[] mask;
        if (c < 128) {
          if (ascii[c] == null) {
            ascii[c] = any.clone();
          }
          mask = ascii[c];
        } else {
          mask = other.computeIfAbsent(c, k -> any.clone());
        }
        mask[j >>> 6] |= 1L << (j & 63);
      }
      this.lastBit = new long[words];
      lastBit[(length - 1) >>> 6] = 1L << ((length - 1) & 63);
    }

    private long[] mask(char c) {
      long[] m = c < 128 ? ascii[c] : other.get(c);
      return m != null ? m : any;
    }

    boolean matchesAt(String text, int at) {
      for (int j = 0; j < length; j++) {
        char p = chars.charAt(j);
        if (p != '?' && p != text.charAt(at + j)) {
          return false;
        }
      }
      return true;
    }

    /**
     * Leftmost occurrence within {@code text[from, to)}; returns the index just past it, or -1.
     * State bit j means "the last j+1 characters read match the first j+1 positions".
     */
    int findEnd(String text, int from, int to) {
      if (to - from < length) {
        return -1;
      }
      if (words == 1) {
        long state = 0;
        long hit = lastBit[0];
        for (int i = from; i < to; i++) {
          state = ((state << 1) | 1L) & mask(text.charAt(i))[0];
          if ((state & hit) != 0) {
            return i + 1;
          }
        }
        return -1;
      }
      long[] state = new long[words];
      for (int i = from; i < to; i++) {
        long[] m = mask(text.charAt(i));
        long carry = 1L;
        for (int w = 0; w < words; w++) {
          long s = state[w];
          state[w] = ((s << 1) | carry) & m[w];
          carry = s >>> 63;
        }
        if ((state[words - 1] & lastBit[words - 1]) != 0) {
          return i + 1;
        }
      }
      return -1;
    }

    @Override
    public String toString() {
      return chars + Arrays.toString(any);
    }
  }
}
