package dev.streamedge.edge.range;

import java.util.List;
import java.util.Objects;

/**
 * What a Range header asks of a representation of known length (Pingora's None / Single / Multi /
 * Invalid, plus RFC 9110's unsatisfiable case).
 */
public sealed interface RangeRequest {
  /** No Range header, an unknown range unit, or a range of an empty body: answer 200 in full. */
  record None() implements RangeRequest {}

  /** One range: answer 206 with Content-Range. */
  record Single(ByteRange range) implements RangeRequest {
    public Single {
      Objects.requireNonNull(range, "range");
    }
  }

  /** Several ranges, ascending and coalesced: answer 206 multipart/byteranges. */
  record Multi(List<ByteRange> ranges) implements RangeRequest {
    public Multi {
      ranges = List.copyOf(ranges);
      if (ranges.size() < 2) {
        throw new IllegalArgumentException("a multi-range request has at least two ranges");
      }
    }
  }

  /**
   * A Range header this edge ignores (bad syntax, too many ranges, descending or overlapping
   * ranges): answer 200 in full, as CloudFront does. {@code reason} is for the log.
   */
  record Invalid(String reason) implements RangeRequest {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** No range is satisfiable: answer 416 with {@code Content-Range: bytes *}/{@code completeLength}. */
  record Unsatisfiable(long completeLength) implements RangeRequest {}
}
