package dev.streamedge.edge.lifecycle;

import dev.streamedge.edge.cache.Preconditions;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.range.ByteRange;
import dev.streamedge.edge.range.IfRange;
import dev.streamedge.edge.range.MultipartByteranges;
import dev.streamedge.edge.range.RangeParser;
import dev.streamedge.edge.range.RangeRequest;
import java.util.function.Supplier;

/**
 * How the edge answers a request from a stored representation: the conditional request rules
 * (RFC 9110 §13.2.2) first, then Range (§14.2) with If-Range (§13.1.5). Ranges apply only to a 200
 * whose length is known; a stored error or a fill of unknown length is sent whole.
 */
public sealed interface ServePlan {
  /** 304 with the fields a 304 carries. */
  record NotModified(HttpFields headers) implements ServePlan {}

  /** 412. */
  record PreconditionFailed() implements ServePlan {}

  /** The whole representation; {@code length} is -1 when not known yet (sent chunked). */
  record Whole(long length) implements ServePlan {}

  /** 206 with one range. */
  record Partial(ByteRange range, long completeLength) implements ServePlan {}

  /** 206 multipart/byteranges. */
  record Multipart(MultipartByteranges.Plan plan) implements ServePlan {}

  /** 416 with {@code Content-Range: bytes *}{@code /length}. */
  record Unsatisfiable(long completeLength) implements ServePlan {}

  static ServePlan decide(String method, HttpFields request, int status, HttpFields representation, long length,
      RangeParser ranges, Supplier<String> boundary) {
    Preconditions.Result pre = Preconditions.evaluate(method, request, status, representation);
    if (pre == Preconditions.Result.NOT_MODIFIED) {
      return new NotModified(Preconditions.notModifiedHeaders(representation));
    }
    if (pre == Preconditions.Result.PRECONDITION_FAILED) {
      return new PreconditionFailed();
    }
    String range = request.get("Range");
    if (range == null || status != 200 || length < 0) {
      return new Whole(length);
    }
    if (!IfRange.rangeApplies(request.get("If-Range"), representation)) {
      return new Whole(length);
    }
    RangeRequest r = ranges.parse(range, length);
    if (r instanceof RangeRequest.Single s) {
      return new Partial(s.range(), length);
    }
    if (r instanceof RangeRequest.Multi m) {
      return new Multipart(MultipartByteranges.plan(m.ranges(), length, representation.get("Content-Type"),
          boundary.get()));
    }
    if (r instanceof RangeRequest.Unsatisfiable u) {
      return new Unsatisfiable(u.completeLength());
    }
    return new Whole(length);
  }
}
