package dev.streamedge.edge.range;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses a {@code Range} request header (RFC 9110 §14.2) and resolves it against the
 * representation's length.
 *
 * <p>Grammar, read leniently where that is harmless: the unit is case-insensitive and may have
 * whitespace around {@code =}; the list may have whitespace and empty elements (RFC 9110 §5.6.1);
 * numbers are decimal digits only, and one that overflows a {@code long} makes the header invalid.
 * An unknown unit is ignored (200). Then, as CloudFront documents, a header is honored only if
 * every spec is valid and the satisfiable ranges are in ascending order without overlaps;
 * otherwise the whole object is sent (200) — this also defeats the overlapping/descending range
 * abuse RFC 9110 §14.2 warns about. Ranges that touch ({@code 0-99,100-199}) are coalesced. More
 * than {@code maxRanges} specs: 200. Unsatisfiable specs are dropped; if none is left: 416.
 * {@code bytes=0-} is an ordinary single range.
 */
public final class RangeParser {
  public static final int DEFAULT_MAX_RANGES = 50;

  private final int maxRanges;

  public RangeParser(int maxRanges) {
    if (maxRanges < 1) {
      throw new IllegalArgumentException("maxRanges must be at least 1, got " + maxRanges);
    }
    this.maxRanges = maxRanges;
  }

  public static RangeParser withDefaults() {
    return new RangeParser(DEFAULT_MAX_RANGES);
  }

  /** The syntactic reading of a Range header, before the length is known. */
  public sealed interface Parsed {
    /** No header, or a unit other than bytes. */
    record Absent() implements Parsed {}

    /** Not a valid byte-ranges header (or too many ranges). */
    record Malformed(String reason) implements Parsed {
      public Malformed {
        Objects.requireNonNull(reason, "reason");
      }
    }

    /** The specs in request order. */
    record Specs(List<RangeSpec> specs) implements Parsed {
      public Specs {
        specs = List.copyOf(specs);
      }
    }
  }

  /** Parses and resolves against a representation of {@code length} bytes ({@code length >= 0}). */
  public RangeRequest parse(String header, long length) {
    return resolve(parse(header), length);
  }

  /** Syntax only: for callers that do not know the length yet. */
  public Parsed parse(String header) {
    if (header == null) {
      return new Parsed.Absent();
    }
    int eq = header.indexOf('=');
    if (eq < 0) {
      return new Parsed.Malformed("no '=' after the range unit");
    }
    String unit = header.substring(0, eq).strip();
    if (!unit.equalsIgnoreCase("bytes")) {
      return unit.isEmpty() ? new Parsed.Malformed("no range unit") : new Parsed.Absent();
    }
    List<RangeSpec> specs = new ArrayList<>();
    int start = eq + 1;
    int n = header.length();
    while (start <= n) {
      int comma = header.indexOf(',', start);
      int end = comma < 0 ? n : comma;
      String element = header.substring(start, end).strip();
      start = end + 1;
      if (element.isEmpty()) {
        continue;
      }
      if (specs.size() == maxRanges) {
        return new Parsed.Malformed("more than " + maxRanges + " ranges");
      }
      RangeSpec spec = spec(element);
      if (spec == null) {
        return new Parsed.Malformed("invalid range '" + element + "'");
      }
      specs.add(spec);
    }
    if (specs.isEmpty()) {
      return new Parsed.Malformed("no ranges");
    }
    return new Parsed.Specs(specs);
  }

  /** Resolves a parsed header against the representation length. */
  public RangeRequest resolve(Parsed parsed, long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be known (>= 0), got " + length);
    }
    if (parsed instanceof Parsed.Absent) {
      return new RangeRequest.None();
    }
    if (parsed instanceof Parsed.Malformed m) {
      return new RangeRequest.Invalid(m.reason());
    }
    List<RangeSpec> specs = ((Parsed.Specs) parsed).specs();
    if (length == 0) {
      // Only a suffix range can be satisfiable for an empty representation, and it selects
      // nothing: answer the (empty) whole.
      for (RangeSpec s : specs) {
        if (s.isSuffix() && s.suffixLength() > 0) {
          return new RangeRequest.None();
        }
      }
      return new RangeRequest.Unsatisfiable(0);
    }
    List<ByteRange> ranges = new ArrayList<>(specs.size());
    for (RangeSpec s : specs) {
      ByteRange r = s.resolve(length);
      if (r != null) {
        ranges.add(r);
      }
    }
    if (ranges.isEmpty()) {
      return new RangeRequest.Unsatisfiable(length);
    }
    List<ByteRange> merged = new ArrayList<>(ranges.size());
    ByteRange current = ranges.get(0);
    for (int i = 1; i < ranges.size(); i++) {
      ByteRange next = ranges.get(i);
      if (next.first() < ranges.get(i - 1).first()) {
        return new RangeRequest.Invalid("ranges are not in ascending order");
      }
      if (next.first() <= ranges.get(i - 1).last()) {
        return new RangeRequest.Invalid("ranges overlap");
      }
      if (next.first() == current.last() + 1) {
        current = new ByteRange(current.first(), next.last());
      } else {
        merged.add(current);
        current = next;
      }
    }
    merged.add(current);
    return merged.size() == 1 ? new RangeRequest.Single(merged.get(0)) : new RangeRequest.Multi(merged);
  }

  /** One element: {@code a-b}, {@code a-}, {@code -n}; null when invalid. */
  private static RangeSpec spec(String element) {
    int dash = element.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String left = element.substring(0, dash).strip();
    String right = element.substring(dash + 1).strip();
    if (left.isEmpty()) {
      long n = number(right);
      return n < 0 ? null : RangeSpec.suffix(n);
    }
    long first = number(left);
    if (first < 0) {
      return null;
    }
    if (right.isEmpty()) {
      return RangeSpec.from(first);
    }
    long last = number(right);
    if (last < 0 || last < first) {
      return null;
    }
    return RangeSpec.closed(first, last);
  }

  /** Decimal digits only, no sign; -1 when empty, not digits, or beyond Long.MAX_VALUE. */
  private static long number(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      int d = c - '0';
      if (v > (Long.MAX_VALUE - d) / 10) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }
}
