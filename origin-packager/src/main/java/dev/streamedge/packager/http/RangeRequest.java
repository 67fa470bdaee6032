package dev.streamedge.packager.http;

import java.util.List;

/**
 * What a {@code Range} header asks for, after checking it against the representation's length (as
 * Pingora's range handling: none / single / multi / unsatisfiable).
 */
public sealed interface RangeRequest {
  /** No usable Range header: answer the whole representation. Invalid syntax also lands here. */
  record Whole() implements RangeRequest {}

  /** One or more satisfiable ranges, in the order asked. */
  record Ranges(List<ByteRange> ranges) implements RangeRequest {
    public Ranges {
      ranges = List.copyOf(ranges);
      if (ranges.isEmpty()) {
        throw new IllegalArgumentException("no ranges");
      }
    }
  }

  /** Syntactically valid but no range overlaps the representation: 416. */
  record Unsatisfiable() implements RangeRequest {}
}
