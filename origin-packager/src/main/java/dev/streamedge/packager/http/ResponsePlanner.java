package dev.streamedge.packager.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a representation and a GET/HEAD request into a response, following RFC 9110:
 *
 * <ol>
 *   <li>Preconditions in the order of section 13.2.2: If-Match, If-Unmodified-Since (412), If-None-Match,
 *       If-Modified-Since (304).
 *   <li>Range (section 14.2, GET only), honoured only when If-Range (section 13.1.5) still matches: a
 *       strong ETag compared strongly, or a date equal to Last-Modified.
 *   <li>One range: 206 with Content-Range; several: 206 multipart/byteranges (section 14.6); none that
 *       overlaps: 416 with {@code Content-Range: bytes *}{@code /length}.
 * </ol>
 *
 * The multipart boundary is derived from the ETag, so two packagers serving the same representation
 * produce the same bytes for the same request.
 */
public final class ResponsePlanner {
  private final int maxRanges;

  public ResponsePlanner(int maxRanges) {
    this.maxRanges = maxRanges;
  }

  /** Plans the answer to {@code request} for a lookup outcome. */
  public Response plan(Request request, Lookup lookup) {
    if (lookup instanceof Lookup.Found f) {
      return plan(request, f.representation());
    }
    if (lookup instanceof Lookup.Failed f) {
      return Response.text(f.status(), f.reason(), f.cacheControl(), request.isHead());
    }
    return ((Lookup.Answer) lookup).response();
  }

  public Response plan(Request request, Representation rep) {
    Optional<Response> precondition = preconditions(request, rep);
    if (precondition.isPresent()) {
      return precondition.get();
    }
    List<Response.Header> h = validators(rep);
    h.add(new Response.Header("Accept-Ranges", "bytes"));
    RangeRequest range =
        request.isGet() && ifRangeHolds(request.header("If-Range"), rep)
            ? RangeParser.parse(request.header("Range"), rep.length(), maxRanges)
            : new RangeRequest.Whole();
    if (range instanceof RangeRequest.Unsatisfiable) {
      Response r = Response.text(416, "Range Not Satisfiable", "no-store", request.isHead());
      return r.with("Content-Range", "bytes */" + rep.length()).with("ETag", rep.etag());
    }
    if (range instanceof RangeRequest.Ranges rs) {
      if (rs.ranges().size() > 1) {
        return multipart(h, rep, rs.ranges());
      }
      ByteRange br = rs.ranges().get(0);
      h.add(new Response.Header("Content-Type", rep.contentType()));
      h.add(new Response.Header("Content-Range", br.contentRange(rep.length())));
      h.add(new Response.Header("Content-Length", Long.toString(br.length())));
      return new Response(206, h, new Body.Slice(rep.content(), br.first(), br.length()));
    }
    h.add(new Response.Header("Content-Type", rep.contentType()));
    h.add(new Response.Header("Content-Length", Long.toString(rep.length())));
    return new Response(
        200, h, request.isHead() ? new Body.Empty() : new Body.Slice(rep.content(), 0, rep.length()));
  }

  private static Response multipart(List<Response.Header> h, Representation rep, List<ByteRange> ranges) {
    String boundary = "streamedge-" + rep.etag().replace("\"", "").replace("W/", "");
    if (boundary.length() > 60) {
      boundary = boundary.substring(0, 60);
    }
    List<Body.Part> parts = new ArrayList<>(ranges.size());
    for (int i = 0; i < ranges.size(); i++) {
      ByteRange br = ranges.get(i);
      String head =
          (i == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: " + rep.contentType()
              + "\r\nContent-Range: " + br.contentRange(rep.length()) + "\r\n\r\n";
      parts.add(new Body.Part(head.getBytes(StandardCharsets.US_ASCII), new Body.Slice(rep.content(), br.first(), br.length())));
    }
    byte[] closing = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    Body.Multipart body = new Body.Multipart(parts, closing);
    h.add(new Response.Header("Content-Type", "multipart/byteranges; boundary=" + boundary));
    h.add(new Response.Header("Content-Length", Long.toString(body.length())));
    return new Response(206, h, body);
  }

  private static List<Response.Header> validators(Representation rep) {
    List<Response.Header> h = new ArrayList<>();
    h.add(new Response.Header("ETag", rep.etag()));
    h.add(new Response.Header("Last-Modified", HttpDates.format(rep.lastModified())));
    h.add(new Response.Header("Cache-Control", rep.cacheControl()));
    return h;
  }

  private static Optional<Response> preconditions(Request request, Representation rep) {
    Instant modified = HttpDates.truncate(rep.lastModified());
    String ifMatch = request.header("If-Match");
    if (ifMatch != null) {
      boolean any = false;
      for (String tag : EntityTags.parseList(ifMatch)) {
        any |= tag.equals("*") || EntityTags.strongMatch(tag, rep.etag());
      }
      if (!any) {
        return Optional.of(failedPrecondition(request));
      }
    } else {
      Optional<Instant> since = HttpDates.parse(request.header("If-Unmodified-Since"));
      if (since.isPresent() && modified.isAfter(since.get())) {
        return Optional.of(failedPrecondition(request));
      }
    }
    String ifNoneMatch = request.header("If-None-Match");
    if (ifNoneMatch != null) {
      for (String tag : EntityTags.parseList(ifNoneMatch)) {
        if (tag.equals("*") || EntityTags.weakMatch(tag, rep.etag())) {
          return Optional.of(notModified(rep));
        }
      }
      return Optional.empty();
    }
    Optional<Instant> since = HttpDates.parse(request.header("If-Modified-Since"));
    if (since.isPresent() && !modified.isAfter(since.get())) {
      return Optional.of(notModified(rep));
    }
    return Optional.empty();
  }

  private static boolean ifRangeHolds(String ifRange, Representation rep) {
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.trim();
    if (v.startsWith("\"") || v.startsWith("W/")) {
      return EntityTags.strongMatch(v, rep.etag());
    }
    return HttpDates.parse(v).map(d -> d.equals(HttpDates.truncate(rep.lastModified()))).orElse(false);
  }

  private static Response notModified(Representation rep) {
    List<Response.Header> h = validators(rep);
    return new Response(304, h, new Body.Empty());
  }

  private static Response failedPrecondition(Request request) {
    return Response.text(412, "Precondition Failed", "no-store", request.isHead());
  }
}
